package kioskapi_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// forge returns r changed by f, rehashed so that only the change is wrong.
func forge(r survey.Response, f func(*survey.Response)) survey.Response {
	f(&r)
	return scoringtest.Rehash(r)
}

// TestIngestRejectsWhatTheKioskWasNotSent: a kiosk with a valid token
// cannot rate another centre or counter, an officer it was not sent, a
// level its scale does not give for the raw value, a reason it does not
// offer, or under a configuration it was never sent; each such item is
// rejected with its reason and the rest of the batch is stored.
func TestIngestRejectsWhatTheKioskWasNotSent(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	ctx := context.Background()
	_, off := pinHashes(t)
	if _, err := f.st.SaveOfficer(ctx, scoring.Officer{CentreID: "c2", ID: "o2", Name: "Trần Văn Bình", PINHash: off}); err != nil {
		t.Fatal(err)
	}
	token, er := f.enrol("k1", "c1", "1")
	_, er2 := f.enrol("k2", "c1", "2") // another kiosk's configuration
	if er.Config.Version == er2.Config.Version {
		t.Fatal("two counters were sent the same version")
	}
	cases := []struct {
		name   string
		forge  func(*survey.Response)
		reason string // "" when accepted
	}{
		{"as sent", func(*survey.Response) {}, ""},
		{"other centre", func(r *survey.Response) { r.CentreID = "c2" }, protocol.ReasonWrongPlace},
		{"unknown centre", func(r *survey.Response) { r.CentreID = "c9" }, protocol.ReasonWrongPlace},
		{"other counter", func(r *survey.Response) { r.CounterID = "2" }, protocol.ReasonWrongPlace},
		{"other counter with its version", func(r *survey.Response) {
			r.CounterID, r.ConfigVersion = "2", er2.Config.Version
		}, protocol.ReasonUnknownConfig},
		{"other centre's officer", func(r *survey.Response) { r.OfficerID = "o2" }, protocol.ReasonUnknownOfficer},
		{"no officer", func(r *survey.Response) { r.OfficerID = "" }, protocol.ReasonInvalid},
		{"level above raw value", func(r *survey.Response) {
			r.RawValue, r.Level, r.Reasons = 1, survey.VerySatisfied, []string{}
		}, protocol.ReasonLevelMismatch},
		{"level below raw value", func(r *survey.Response) { r.RawValue, r.Level = 3, survey.Dissatisfied }, protocol.ReasonLevelMismatch},
		{"other scale", func(r *survey.Response) { r.Scale, r.RawValue, r.Level = survey.ScaleFace4, 4, survey.VerySatisfied },
			protocol.ReasonScaleMismatch},
		{"unconfigured reason", func(r *survey.Response) {
			r.RawValue, r.Level, r.Reasons = 1, survey.Dissatisfied, []string{"wait", "bribe"}
		}, protocol.ReasonUnknownReason},
		// Reasons only where the kiosk asks for them: after a level of
		// reasons_for, and never with the reasons skipped.
		{"reasons on a satisfied rating", func(r *survey.Response) {
			r.RawValue, r.Level, r.Outcome, r.Reasons = 3, survey.VerySatisfied, survey.OutcomeSubmitted, []string{"wait"}
		}, protocol.ReasonUnexpectedReasons},
		{"reasons skipped yet given", func(r *survey.Response) {
			r.RawValue, r.Level, r.Outcome, r.Reasons = 1, survey.Dissatisfied, survey.OutcomeSkippedReasons, []string{"wait"}
		}, protocol.ReasonUnexpectedReasons},
		{"reasons, then the dossier screen timed out", func(r *survey.Response) {
			r.RawValue, r.Level, r.Outcome, r.Reasons = 1, survey.Dissatisfied, survey.OutcomeTimeout, []string{"wait", "rude"}
		}, ""},
		{"made-up config_version", func(r *survey.Response) { r.ConfigVersion = "0123456789abcdef" }, protocol.ReasonUnknownConfig},
		{"empty config_version", func(r *survey.Response) { r.ConfigVersion = "" }, protocol.ReasonUnknownConfig},
		{"as sent, again", func(*survey.Response) {}, ""},
	}
	base := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, len(cases))
	rs := make([]survey.Response, len(cases))
	for i, c := range cases {
		rs[i] = forge(base[i], c.forge)
	}
	code, res, w := f.send(token, rs)
	if code != http.StatusOK {
		t.Fatalf("batch: %d %s", code, w.Body)
	}
	for i, c := range cases {
		got := res.Results[i]
		switch {
		case c.reason == "" && got.Status != protocol.StatusAccepted:
			t.Errorf("%s: %s %s (%s), want accepted", c.name, got.Status, got.Reason, got.Detail)
		case c.reason != "" && (got.Status != protocol.StatusRejected || got.Reason != c.reason):
			t.Errorf("%s: %s %s (%s), want rejected %s", c.name, got.Status, got.Reason, got.Detail, c.reason)
		}
	}
	if n := f.count(); n != 3 {
		t.Fatalf("%d stored, want the 3 a kiosk could make", n)
	}
	// The other centre's export does not list k1's forged rating.
	var other []string
	err := f.st.ExportResponses(ctx, scoring.ExportFilter{From: scoringtest.Base.Add(-time.Hour), To: scoringtest.Base.Add(time.Hour), CentreID: "c2"},
		func(r scoring.StoredResponse) error { other = append(other, r.ID); return nil })
	if err != nil || len(other) != 0 {
		t.Fatalf("export of c2: %v %v", other, err)
	}
}

// TestIngestChecksLevelsUnderEachScaleAndMapping: the level must be what
// raw_value maps to under the configuration's scale and the centre's
// mapping, and only that.
func TestIngestChecksLevelsUnderEachScaleAndMapping(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	ctx := context.Background()
	tech, off := pinHashes(t)
	type centre struct {
		id, scale string
		mapping   map[string]string
		want      map[int]survey.Level
	}
	centres := []centre{
		{"legal", survey.ScaleLegal3, nil, map[int]survey.Level{3: survey.VerySatisfied, 2: survey.Satisfied, 1: survey.Dissatisfied}},
		{"face", survey.ScaleFace4, nil, map[int]survey.Level{4: survey.VerySatisfied, 3: survey.Satisfied, 2: survey.Satisfied, 1: survey.Dissatisfied}},
		{"star", survey.ScaleStar5, nil, map[int]survey.Level{5: survey.VerySatisfied, 4: survey.Satisfied, 3: survey.Dissatisfied, 2: survey.Dissatisfied, 1: survey.Dissatisfied}},
		{"face-strict", survey.ScaleFace4, map[string]string{"2": "dissatisfied", "3": "very_satisfied"},
			map[int]survey.Level{4: survey.VerySatisfied, 3: survey.VerySatisfied, 2: survey.Dissatisfied, 1: survey.Dissatisfied}},
		{"star-lenient", survey.ScaleStar5, map[string]string{"3": "satisfied"},
			map[int]survey.Level{5: survey.VerySatisfied, 4: survey.Satisfied, 3: survey.Satisfied, 2: survey.Dissatisfied, 1: survey.Dissatisfied}},
	}
	levels := []survey.Level{survey.VerySatisfied, survey.Satisfied, survey.Dissatisfied}
	for _, c := range centres {
		t.Run(c.id, func(t *testing.T) {
			if _, err := f.st.SaveCentre(ctx, scoring.Centre{ID: c.id, Name: c.id, Scale: c.scale, Mapping: c.mapping, TechnicianPINHash: tech}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.st.SaveOfficer(ctx, scoring.Officer{CentreID: c.id, ID: "o1", Name: "Nguyễn Thị Lan", PINHash: off}); err != nil {
				t.Fatal(err)
			}
			token, er := f.enrol("k-"+c.id, c.id, "1")
			if len(c.mapping) > 0 && len(er.Config.Mapping) != len(c.mapping) {
				t.Fatalf("the configuration carries mapping %v, want %v", er.Config.Mapping, c.mapping)
			}
			// Every raw value with every level: only the mapped one passes.
			var rs []survey.Response
			var want []bool
			prev, seq := survey.GenesisHash, int64(1)
			for raw := 1; raw <= len(c.want); raw++ {
				for _, l := range levels {
					r := scoringtest.Chain(f.kioskOf("k-"+c.id), seq, prev, 1)[0]
					r = forge(r, func(r *survey.Response) { r.Scale, r.RawValue, r.Level, r.Reasons = c.scale, raw, l, []string{} })
					rs, want = append(rs, r), append(want, c.want[raw] == l)
					prev, seq = r.Hash, seq+1
				}
			}
			_, res, w := f.send(token, rs)
			if len(res.Results) != len(rs) {
				t.Fatalf("batch: %s", w.Body)
			}
			for i, r := range res.Results {
				ok := r.Status == protocol.StatusAccepted
				if ok != want[i] || (!ok && r.Reason != protocol.ReasonLevelMismatch) {
					t.Errorf("raw %d level %s: %s %s, want accepted=%v", rs[i].RawValue, rs[i].Level, r.Status, r.Reason, want[i])
				}
			}
		})
	}
}

// TestIngestTakesTheCentresOwnReasons: reasons configured for a centre,
// with ';' and ',' in their codes, are sent to its kiosks and accepted
// from them; a default reason the centre does not offer is not.
func TestIngestTakesTheCentresOwnReasons(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	ctx := context.Background()
	c, _, err := f.st.Roster(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	c.Reasons = []protocol.Reason{{Code: "giay;to", VI: "Giấy tờ", EN: "Papers"}, {Code: "a,b", VI: "A hoặc B", EN: "A or B"},
		{Code: "chờ lâu", VI: "Chờ lâu", EN: "Long wait"}}
	if _, err := f.st.SaveCentre(ctx, c); err != nil {
		t.Fatal(err)
	}
	token, er := f.enrol("k1", "c1", "1")
	if len(er.Config.Reasons) != 3 || er.Config.Reasons[0].Code != "giay;to" {
		t.Fatalf("reasons sent: %+v", er.Config.Reasons)
	}
	if _, err := er.Config.ToSurvey(); err != nil {
		t.Fatalf("a kiosk would refuse the configuration: %v", err)
	}
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 3)
	setReasons := func(codes ...string) func(*survey.Response) {
		return func(r *survey.Response) { r.RawValue, r.Level, r.Reasons = 1, survey.Dissatisfied, codes }
	}
	rs[0] = forge(rs[0], setReasons("giay;to", "a,b", "chờ lâu"))
	rs[1] = forge(rs[1], setReasons("giay;to", "wait"))
	rs[2] = forge(rs[2], setReasons("giay"))
	_, res, _ := f.send(token, rs)
	if got := statuses(res); got["accepted"] != 1 || got["rejected:"+protocol.ReasonUnknownReason] != 2 {
		t.Fatalf("results %v: %+v", got, res.Results)
	}
}

// TestIngestJudgesARatingByTheVersionItWasMadeUnder: an officer removed
// and a reason renamed after the kiosk was sent version A leave A's
// ratings acceptable, also from a restarted server, while a rating that
// claims the new version B with them is rejected.
func TestIngestJudgesARatingByTheVersionItWasMadeUnder(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	ctx := context.Background()
	_, off := pinHashes(t)
	if _, err := f.st.SaveOfficer(ctx, scoring.Officer{CentreID: "c1", ID: "o9", Name: "Lê Văn Cường", PINHash: off}); err != nil {
		t.Fatal(err)
	}
	token, er := f.enrol("k1", "c1", "1")
	versionA := er.Config.Version

	// The officer leaves and a reason is renamed: the kiosk is sent B.
	if err := f.st.RemoveOfficer(ctx, "c1", "o9"); err != nil {
		t.Fatal(err)
	}
	c, _, err := f.st.Roster(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range survey.DefaultReasons() {
		if r.Code == "wait" {
			r.Code = "waiting"
		}
		c.Reasons = append(c.Reasons, protocol.Reason{Code: r.Code, VI: r.VI, EN: r.EN})
	}
	if _, err := f.st.SaveCentre(ctx, c); err != nil {
		t.Fatal(err)
	}
	w := f.do("GET", protocol.PathConfig, token, nil, nil)
	var b protocol.KioskConfig
	decodeInto(t, w.Body.Bytes(), &b)
	if w.Code != http.StatusOK || b.Version == versionA {
		t.Fatalf("config: %d, version %s (A was %s)", w.Code, b.Version, versionA)
	}

	k := f.kioskOf("k1")
	rs := scoringtest.Chain(k, 1, survey.GenesisHash, 6)
	under := func(version, officer string, reasons ...string) func(*survey.Response) {
		return func(r *survey.Response) {
			r.ConfigVersion, r.OfficerID = version, officer
			if reasons != nil {
				r.RawValue, r.Level, r.Reasons = 1, survey.Dissatisfied, reasons
			}
		}
	}
	rs[0] = forge(rs[0], under(versionA, "o9"))
	rs[1] = forge(rs[1], under(versionA, "o1", "wait"))
	rs[2] = forge(rs[2], under(b.Version, "o9"))
	rs[3] = forge(rs[3], under(b.Version, "o1", "wait"))
	rs[4] = forge(rs[4], under(b.Version, "o1", "waiting"))
	rs[5] = forge(rs[5], under(versionA, "o1", "waiting"))
	want := []string{"accepted", "accepted", "rejected:" + protocol.ReasonUnknownOfficer,
		"rejected:" + protocol.ReasonUnknownReason, "accepted", "rejected:" + protocol.ReasonUnknownReason}

	check := func(f *fixture, token string, from, to int) {
		t.Helper()
		_, res, w := f.send(token, rs[from:to])
		if len(res.Results) == 0 {
			t.Fatalf("batch: %s", w.Body)
		}
		for i, r := range res.Results {
			got := r.Status
			if r.Reason != "" {
				got += ":" + r.Reason
			}
			if got != want[from+i] {
				t.Errorf("response %d: %s (%s), want %s", from+i, got, r.Detail, want[from+i])
			}
		}
	}
	check(f, token, 3, 6)
	// A server started afresh on the same database knows A from the store.
	again := kioskapi.NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), f.st, prometheus.NewRegistry(),
		kioskapi.Config{Now: f.clock.Now, RatePerSecond: 1e6, RateBurst: 1e6, BatchRatePerSecond: 1e6, BatchBurst: 1e6})
	f.h = again
	check(f, token, 0, 3)
}

// TestIngestTakesTheCurrentVersionNotYetRecorded: a kiosk sent its
// configuration before the server recorded versions (an upgraded server)
// still has its ratings under the current version accepted, and the
// version is recorded then.
func TestIngestTakesTheCurrentVersionNotYetRecorded(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, er := f.enrol("k1", "c1", "1")
	db, err := sql.Open("sqlite3", f.st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("DELETE FROM config_versions"); err != nil {
		t.Fatal(err)
	}
	f.h = kioskapi.NewServer(nil, f.st, prometheus.NewRegistry(),
		kioskapi.Config{Now: f.clock.Now, RatePerSecond: 1e6, RateBurst: 1e6, BatchRatePerSecond: 1e6, BatchBurst: 1e6})
	f.mustAccept(token, scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 5))
	if got, err := f.st.Issued(context.Background(), "k1"); err != nil || len(got) != 1 || got[0].Version != er.Config.Version {
		t.Fatalf("the current version was not recorded: %+v %v", got, err)
	}
}

// TestIngestFindsEveryVersionSentAmongMadeUpOnes: a batch reaching a
// freshly started server names many versions the kiosk was sent and many
// it was not: the made-up ones cannot crowd out the real ones.
func TestIngestFindsEveryVersionSentAmongMadeUpOnes(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	ctx := context.Background()
	_, off := pinHashes(t)
	token, er := f.enrol("k1", "c1", "1")
	versions := []string{er.Config.Version}
	for i := range 11 { // each rename is a new configuration, fetched
		if _, err := f.st.SaveOfficer(ctx, scoring.Officer{CentreID: "c1", ID: "o1", Name: "Nguyễn Thị Lan " + string(rune('A'+i)), PINHash: off}); err != nil {
			t.Fatal(err)
		}
		var cfg protocol.KioskConfig
		decodeInto(t, f.do("GET", protocol.PathConfig, token, nil, nil).Body.Bytes(), &cfg)
		versions = append(versions, cfg.Version)
	}
	f.h = kioskapi.NewServer(nil, f.st, prometheus.NewRegistry(),
		kioskapi.Config{Now: f.clock.Now, RatePerSecond: 1e6, RateBurst: 1e6, BatchRatePerSecond: 1e6, BatchBurst: 1e6})
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 20+len(versions))
	for i := range rs {
		v := "made-up-" + string(rune('a'+i))
		if i >= 20 {
			v = versions[i-20]
		}
		rs[i] = forge(rs[i], func(r *survey.Response) { r.ConfigVersion = v })
	}
	_, res, w := f.send(token, rs)
	if got := statuses(res); got["accepted"] != len(versions) || got["rejected:"+protocol.ReasonUnknownConfig] != 20 {
		t.Fatalf("results %v\n%s", got, w.Body)
	}
}

// countingStore counts the look-ups the trust check makes.
type countingStore struct {
	scoring.Store
	issued, roster atomic.Int64
}

func (c *countingStore) Issued(ctx context.Context, kioskID string) ([]scoring.IssuedConfig, error) {
	c.issued.Add(1)
	return c.Store.Issued(ctx, kioskID)
}

func (c *countingStore) Roster(ctx context.Context, centreID string) (scoring.Centre, []scoring.Officer, error) {
	c.roster.Add(1)
	return c.Store.Roster(ctx, centreID)
}

// TestTrustCheckCostsNoQueryPerResponse: once a version is known, batches
// under it cost no look-up at all; a batch of 500 made-up versions costs
// one look-up of the kiosk's versions and one of its current roster.
func TestTrustCheckCostsNoQueryPerResponse(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	cs := &countingStore{Store: f.st}
	f.h = kioskapi.NewServer(nil, cs, prometheus.NewRegistry(),
		kioskapi.Config{Now: f.clock.Now, RatePerSecond: 1e6, RateBurst: 1e6, BatchRatePerSecond: 1e6, BatchBurst: 1e6})
	token, _ := f.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 3*protocol.MaxBatchResponses)
	before := cs.roster.Load()
	for i := 0; i < 2*protocol.MaxBatchResponses; i += protocol.MaxBatchResponses {
		f.mustAccept(token, rs[i:i+protocol.MaxBatchResponses])
	}
	if n, m := cs.issued.Load(), cs.roster.Load()-before; n != 0 || m != 0 {
		t.Fatalf("%d look-ups of versions and %d of the roster for 1,000 responses under a known version", n, m)
	}
	forged := rs[2*protocol.MaxBatchResponses:]
	for i := range forged {
		forged[i] = forge(forged[i], func(r *survey.Response) { r.ConfigVersion = fmt.Sprintf("made-up-%d", i) })
	}
	_, res, _ := f.send(token, forged)
	if got := statuses(res); got["rejected:"+protocol.ReasonUnknownConfig] != len(forged) {
		t.Fatalf("results %v", got)
	}
	if n, m := cs.issued.Load(), cs.roster.Load()-before; n != 1 || m != 1 {
		t.Fatalf("%d look-ups of versions and %d of the roster for %d made-up versions, want 1 and 1", n, m, len(forged))
	}
}
