package scoring_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

// vn is the centres' zone in these tests (Asia/Ho_Chi_Minh has no DST).
var vn = time.FixedZone("ICT", 7*3600)

// alertRig is a real SQLite store with centre c1 and kiosk k1 at its
// counter 1, enrolled on Monday 30 Nov 2026 at 08:00 local.
type alertRig struct {
	st   *sqlitestore.Store
	k    scoringtest.Kiosk
	seq  int64
	prev string
}

var enrolledAt = time.Date(2026, 11, 30, 8, 0, 0, 0, vn)

func newAlertRig(t *testing.T) *alertRig {
	t.Helper()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c, err := scoring.NewCentre("c1", "Trung tâm 1", "legal3", "909090", "", enrolledAt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveCentre(ctx, c); err != nil {
		t.Fatal(err)
	}
	code, err := scoring.IssueEnrolCode(ctx, st, "c1", "1", enrolledAt, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: scoring.HashSecret(scoring.NormaliseEnrolCode(code)),
		KioskID: "k1", TokenHash: scoring.HashSecret("k1-token"), At: enrolledAt}); err != nil {
		t.Fatal(err)
	}
	return &alertRig{st: st, k: scoringtest.Kiosk{ID: "k1", CentreID: "c1", CounterID: "1", OfficerID: "o1"},
		seq: 1, prev: survey.GenesisHash}
}

// press stores ratings of k1, chained on from the last; a heartbeat at the
// last one's instant keeps the kiosk from being silent.
func (rg *alertRig) press(t *testing.T, ps ...scoringtest.Press) {
	t.Helper()
	rs := scoringtest.Presses(rg.k, rg.seq, rg.prev, ps)
	rg.ingest(t, rs)
	rg.seq += int64(len(rs))
	rg.prev = rs[len(rs)-1].Hash
}

func (rg *alertRig) ingest(t *testing.T, rs []survey.Response) {
	t.Helper()
	last, _ := time.Parse(survey.TimeLayout, rs[len(rs)-1].CreatedAt)
	res, err := rg.st.Ingest(context.Background(), scoring.IngestBatch{KioskID: "k1", Responses: rs, ReceivedAt: last})
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range res.Items {
		if it != scoring.ItemAccepted {
			t.Fatalf("item %d: %s", i, it)
		}
	}
	rg.beat(t, last)
}

func (rg *alertRig) beat(t *testing.T, at time.Time) {
	t.Helper()
	if err := rg.st.RecordHeartbeat(context.Background(), scoring.HeartbeatRecord{KioskID: "k1", KioskClock: at, ReceivedAt: at}); err != nil {
		t.Fatal(err)
	}
}

func (rg *alertRig) eval(t *testing.T, now time.Time) scoring.AlertPass {
	t.Helper()
	p, err := scoring.EvaluateAlerts(context.Background(), rg.st, now)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// alerts lists the alerts of a kind, newest first.
func (rg *alertRig) alerts(t *testing.T, kind string) []scoring.Alert {
	t.Helper()
	all, err := rg.st.Alerts(context.Background(), scoring.AlertFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []scoring.Alert
	for _, a := range all {
		if a.Kind == kind {
			out = append(out, a)
		}
	}
	return out
}

func presses(at time.Time, step time.Duration, levels ...survey.Level) []scoringtest.Press {
	var ps []scoringtest.Press
	for i, l := range levels {
		ps = append(ps, scoringtest.Press{At: at.Add(time.Duration(i) * step), Level: l})
	}
	return ps
}

const (
	khl = survey.Dissatisfied
	hl  = survey.Satisfied
	rhl = survey.VerySatisfied
)

// TestUnhappyCounterRule: ≥ 50% Không hài lòng over the last 15 minutes
// at n ≥ 4, repeat presses never counted, the window's ends to the
// millisecond.
func TestUnhappyCounterRule(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, vn) // a Tuesday morning
	cases := []struct {
		name  string
		ps    []scoringtest.Press
		now   time.Time
		fires bool
		n     int
	}{
		{"n = 4 at exactly 50%", presses(t0, time.Minute, khl, hl, khl, rhl), t0.Add(5 * time.Minute), true, 4},
		{"n = 3, all unhappy", presses(t0, time.Minute, khl, khl, khl), t0.Add(5 * time.Minute), false, 0},
		{"n = 4 at 25%", presses(t0, time.Minute, khl, hl, hl, rhl), t0.Add(5 * time.Minute), false, 0},
		{"n = 5 at 40%", presses(t0, time.Minute, khl, hl, khl, rhl, hl), t0.Add(5 * time.Minute), false, 0},
		{"repeat presses do not make n", append(presses(t0, time.Minute, khl, khl, khl),
			scoringtest.Press{At: t0.Add(4 * time.Minute), Level: khl, Repeat: true},
			scoringtest.Press{At: t0.Add(5 * time.Minute), Level: khl, Repeat: true}), t0.Add(6 * time.Minute), false, 0},
		{"repeat presses do not dilute", append(presses(t0, time.Minute, khl, khl, hl, rhl),
			scoringtest.Press{At: t0.Add(4 * time.Minute), Level: rhl, Repeat: true},
			scoringtest.Press{At: t0.Add(5 * time.Minute), Level: rhl, Repeat: true}), t0.Add(6 * time.Minute), true, 4},
		// The first rating is 15 minutes old to the millisecond: out.
		{"the window's old end is open", presses(t0, time.Minute, khl, khl, hl, rhl), t0.Add(15 * time.Minute), false, 0},
		{"a millisecond inside the window", presses(t0, time.Minute, khl, khl, hl, rhl), t0.Add(15*time.Minute - time.Millisecond), true, 4},
		// A rating made at now counts; one after now (a kiosk clock ahead) not yet.
		{"the window's new end is closed", presses(t0, time.Minute, khl, khl, hl, khl), t0.Add(3 * time.Minute), true, 4},
		{"a rating after now does not count yet", presses(t0, time.Minute, khl, khl, hl, khl), t0.Add(3*time.Minute - time.Millisecond), false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rg := newAlertRig(t)
			rg.press(t, c.ps...)
			p := rg.eval(t, c.now)
			got := rg.alerts(t, scoring.AlertUnhappyCounter)
			if !c.fires {
				if len(got) != 0 || len(p.Opened) != 0 {
					t.Fatalf("alerts %+v, want none", got)
				}
				return
			}
			if len(got) != 1 || len(p.Opened) != 1 {
				t.Fatalf("alerts %+v, want one", got)
			}
			a := got[0]
			if a.CentreID != "c1" || a.Subject != "1" || a.State != scoring.AlertOpen || a.Detail.N != c.n ||
				!a.OpenedAt.Equal(c.now) || a.Detail.Percent < 50 {
				t.Errorf("alert %+v", a)
			}
		})
	}
}

// TestAlertLifecycle: no duplicates while a condition holds; the end of
// the condition marks the alert cleared but leaves it open for a person;
// once acknowledged the evaluator closes it as "system"; the condition
// starting again opens a new alert.
func TestAlertLifecycle(t *testing.T) {
	rg := newAlertRig(t)
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, vn)
	rg.press(t, presses(t0, time.Minute, khl, khl, hl, khl)...)
	for m := 3; m <= 14; m++ { // holds from 09:03 to 09:14
		rg.eval(t, t0.Add(time.Duration(m)*time.Minute))
	}
	got := rg.alerts(t, scoring.AlertUnhappyCounter)
	if len(got) != 1 || !got[0].OpenedAt.Equal(t0.Add(3*time.Minute)) || got[0].Detail.Dissatisfied != 3 || got[0].Detail.Percent != 75 {
		t.Fatalf("while the condition held: %+v, want one alert from 09:03", got)
	}
	id := got[0].ID
	// 09:15: the first rating leaves the window; n = 3, the condition ends.
	if p := rg.eval(t, t0.Add(15*time.Minute)); p.Cleared != 1 {
		t.Fatalf("pass %+v, want one cleared", p)
	}
	a, err := rg.st.AlertByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if a.State != scoring.AlertOpen || !a.ClearedAt.Equal(t0.Add(15*time.Minute)) {
		t.Fatalf("after the condition ended: %+v; want still open, cleared at 09:15", a)
	}
	rg.eval(t, t0.Add(16*time.Minute))
	if a, _ = rg.st.AlertByID(ctx, id); a.State != scoring.AlertOpen || !a.ClearedAt.Equal(t0.Add(15*time.Minute)) {
		t.Fatalf("a later pass changed the cleared alert: %+v", a)
	}
	if _, err := rg.st.AckAlert(ctx, id, "web:lan@x", "Đã nhắc quầy", t0.Add(20*time.Minute)); err != nil {
		t.Fatal(err)
	}
	rg.eval(t, t0.Add(44*time.Minute))
	if a, _ = rg.st.AlertByID(ctx, id); a.State != scoring.AlertAcknowledged {
		t.Fatalf("an acknowledged alert cleared for less than %s: %+v; want still acknowledged", scoring.AlertQuiet, a)
	}
	rg.eval(t, t0.Add(45*time.Minute))
	if a, _ = rg.st.AlertByID(ctx, id); a.State != scoring.AlertClosed || a.ClosedBy != scoring.SystemActor ||
		!a.ClosedAt.Equal(t0.Add(45*time.Minute)) {
		t.Fatalf("an acknowledged alert cleared for %s: %+v; want closed by system at 09:45", scoring.AlertQuiet, a)
	}
	// It starts again at 10:00: a new alert.
	rg.press(t, presses(t0.Add(time.Hour), time.Minute, khl, khl, khl, khl)...)
	rg.eval(t, t0.Add(64*time.Minute))
	rg.eval(t, t0.Add(65*time.Minute))
	got = rg.alerts(t, scoring.AlertUnhappyCounter)
	if len(got) != 2 || got[0].ID == id || got[0].State != scoring.AlertOpen {
		t.Fatalf("the condition again: %+v; want a second alert", got)
	}
	// Acknowledged while it holds: it stays acknowledged, no duplicate;
	// closed by a person while it still holds: no new alert until it ends.
	second := got[0].ID
	if _, err := rg.st.AckAlert(ctx, second, "web:lan@x", "đang xử lý", t0.Add(66*time.Minute)); err != nil {
		t.Fatal(err)
	}
	rg.eval(t, t0.Add(67*time.Minute))
	if _, err := rg.st.CloseAlert(ctx, second, "web:lan@x", t0.Add(68*time.Minute)); err != nil {
		t.Fatal(err)
	}
	rg.eval(t, t0.Add(69*time.Minute))
	if got = rg.alerts(t, scoring.AlertUnhappyCounter); len(got) != 2 {
		t.Fatalf("after a person closed it while it held: %d alerts, want 2", len(got))
	}
	trail, err := rg.st.AuditTrail(ctx, scoring.AuditFilter{Subject: scoring.SubjectAlert(id)})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range trail {
		actions = append(actions, e.Actor+" "+e.Action)
	}
	want := []string{"system alert.open", "web:lan@x alert.ack", "system alert.close"}
	if len(actions) != len(want) || actions[0] != want[0] || actions[1] != want[1] || actions[2] != want[2] {
		t.Errorf("audit of the first alert: %q, want %q", actions, want)
	}
}

// TestSilentKioskAlert: silence counts only opening hours (Mon–Fri
// 07:30–17:30, Saturday 07:30–11:30): a kiosk last heard of at Friday's
// closing is silent from Saturday 09:30; one last heard of at Saturday's
// closing from Monday 09:30, not over the weekend.
func TestSilentKioskAlert(t *testing.T) {
	cases := []struct {
		name     string
		last     time.Time
		quiet    []time.Time
		silentAt time.Time
	}{
		{"last heard on Friday at closing", time.Date(2026, 12, 4, 17, 30, 0, 0, vn),
			[]time.Time{time.Date(2026, 12, 4, 22, 0, 0, 0, vn), time.Date(2026, 12, 5, 9, 30, 0, 0, vn)},
			time.Date(2026, 12, 5, 9, 31, 0, 0, vn)},
		{"last heard on Saturday at closing", time.Date(2026, 12, 5, 11, 30, 0, 0, vn),
			[]time.Time{time.Date(2026, 12, 5, 20, 0, 0, 0, vn), time.Date(2026, 12, 6, 12, 0, 0, 0, vn),
				time.Date(2026, 12, 7, 9, 30, 0, 0, vn)},
			time.Date(2026, 12, 7, 9, 31, 0, 0, vn)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rg := newAlertRig(t)
			rg.beat(t, c.last)
			for _, now := range c.quiet {
				rg.eval(t, now)
				if got := rg.alerts(t, scoring.AlertSilentKiosk); len(got) != 0 {
					t.Fatalf("at %s: %+v, want no alert yet", now, got)
				}
			}
			rg.eval(t, c.silentAt)
			rg.eval(t, c.silentAt.Add(time.Hour))
			got := rg.alerts(t, scoring.AlertSilentKiosk)
			if len(got) != 1 || got[0].Subject != "k1" || !got[0].Detail.LastSeen.Equal(c.last) || got[0].Detail.Counter != "1" ||
				!got[0].OpenedAt.Equal(c.silentAt) {
				t.Fatalf("at %s: %+v, want one alert for k1", c.silentAt, got)
			}
			// It speaks again: cleared.
			rg.beat(t, c.silentAt.Add(2*time.Hour))
			rg.eval(t, c.silentAt.Add(2*time.Hour))
			if a, _ := rg.st.AlertByID(context.Background(), got[0].ID); a.ClearedAt.IsZero() {
				t.Errorf("the kiosk spoke again but its alert is not cleared: %+v", a)
			}
		})
	}
	t.Run("a revoked kiosk is not silent", func(t *testing.T) {
		rg := newAlertRig(t)
		rg.beat(t, enrolledAt)
		if err := rg.st.RevokeKiosk(context.Background(), "k1", enrolledAt.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		rg.eval(t, enrolledAt.Add(48*time.Hour))
		if got := rg.alerts(t, scoring.AlertSilentKiosk); len(got) != 0 {
			t.Fatalf("%+v", got)
		}
	})
}

// TestSilentKioskUsesCentreHours: silence counts in the kiosk's own
// centre's opening hours. A centre open only in the mornings: a kiosk last
// heard of at 11:00 on Friday is not silent at 15:00 (half an hour of
// opening time has passed), but it is under the default hours (four
// hours); it is on Monday from 09:00 on.
func TestSilentKioskUsesCentreHours(t *testing.T) {
	last := time.Date(2026, 12, 4, 11, 0, 0, 0, vn) // Friday
	for _, c := range []struct {
		hours  string // "" keeps the default
		now    time.Time
		silent bool
	}{
		{"mon-fri 07:30-11:30", time.Date(2026, 12, 4, 15, 0, 0, 0, vn), false},
		{"", time.Date(2026, 12, 4, 15, 0, 0, 0, vn), true},
		{"mon-fri 07:30-11:30", time.Date(2026, 12, 7, 9, 1, 0, 0, vn), true},   // 30 min on Friday, 91 on Monday
		{"mon-fri 07:30-11:30", time.Date(2026, 12, 7, 8, 59, 0, 0, vn), false}, // 30 + 89
		{"mon-sun 00:00-24:00", time.Date(2026, 12, 4, 13, 1, 0, 0, vn), true},
		{"sat 08:00-12:00", time.Date(2026, 12, 4, 23, 0, 0, 0, vn), false},
	} {
		rg := newAlertRig(t)
		if c.hours != "" {
			ctr, _, err := rg.st.Roster(context.Background(), "c1")
			if err != nil {
				t.Fatal(err)
			}
			if ctr.Hours, err = scoring.ParseOpeningHours(c.hours); err != nil {
				t.Fatal(err)
			}
			if _, err := rg.st.SaveCentre(context.Background(), ctr); err != nil {
				t.Fatal(err)
			}
		}
		rg.beat(t, last)
		rg.eval(t, c.now)
		if got := len(rg.alerts(t, scoring.AlertSilentKiosk)) == 1; got != c.silent {
			t.Errorf("hours %q, last heard %s, at %s: silent %v, want %v", c.hours, last.Format("Mon 15:04"), c.now.Format("Mon 15:04"), got, c.silent)
		}
	}
}

// TestChainAlert: a sequence gap opens a chain alert; filling it clears
// it; a broken chain (which stays on record) opens one, and a second break
// after that alert was closed opens another.
func TestChainAlert(t *testing.T) {
	rg := newAlertRig(t)
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, vn)
	all := scoringtest.Presses(rg.k, 1, survey.GenesisHash, presses(t0, time.Minute, hl, hl, hl, hl, hl, hl, hl))
	rg.ingest(t, all[:3])
	rg.ingest(t, all[5:])
	rg.eval(t, t0.Add(10*time.Minute))
	got := rg.alerts(t, scoring.AlertChain)
	if len(got) != 1 || got[0].Subject != "k1" || got[0].Detail.Missing != 2 {
		t.Fatalf("after a gap of 2: %+v", got)
	}
	rg.eval(t, t0.Add(11*time.Minute))
	if got = rg.alerts(t, scoring.AlertChain); len(got) != 1 {
		t.Fatalf("a duplicate: %+v", got)
	}
	rg.ingest(t, all[3:5])
	rg.eval(t, t0.Add(12*time.Minute))
	if a, _ := rg.st.AlertByID(ctx, got[0].ID); a.ClearedAt.IsZero() || a.State != scoring.AlertOpen {
		t.Fatalf("the gap was filled: %+v; want cleared and still open", a)
	}
	if _, err := rg.st.AckAlert(ctx, got[0].ID, "web:lan@x", "đã bổ sung", t0.Add(13*time.Minute)); err != nil {
		t.Fatal(err)
	}
	rg.eval(t, t0.Add(50*time.Minute))
	if a, _ := rg.st.AlertByID(ctx, got[0].ID); a.State != scoring.AlertClosed {
		t.Fatalf("the filled gap's alert: %+v; want closed", a)
	}

	// A broken chain: a response whose prev_hash is not its predecessor's.
	broken := scoringtest.Presses(rg.k, 8, "ff"+survey.GenesisHash[2:], presses(t0.Add(60*time.Minute), time.Minute, hl))
	rg.ingest(t, broken)
	rg.eval(t, t0.Add(65*time.Minute))
	got = rg.alerts(t, scoring.AlertChain)
	if len(got) != 2 || got[0].Detail.Breaks != 1 || got[0].State != scoring.AlertOpen {
		t.Fatalf("after a break: %+v", got)
	}
	// A person acknowledges and closes it; the break stays on record but
	// is not news, so no new alert; a second break is.
	if _, err := rg.st.AckAlert(ctx, got[0].ID, "web:lan@x", "kỹ thuật viên kiểm tra", t0.Add(66*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := rg.st.CloseAlert(ctx, got[0].ID, "web:lan@x", t0.Add(67*time.Minute)); err != nil {
		t.Fatal(err)
	}
	rg.eval(t, t0.Add(68*time.Minute))
	if got = rg.alerts(t, scoring.AlertChain); len(got) != 2 {
		t.Fatalf("a closed break came back: %+v", got)
	}
	rg.ingest(t, scoringtest.Presses(rg.k, 9, "ee"+survey.GenesisHash[2:], presses(t0.Add(70*time.Minute), time.Minute, hl)))
	rg.eval(t, t0.Add(71*time.Minute))
	if got = rg.alerts(t, scoring.AlertChain); len(got) != 3 || got[0].Detail.Breaks != 2 {
		t.Fatalf("a second break: %+v", got)
	}
}

// TestNewEpisodeBesideUnacknowledged: a condition that ended and starts
// again opens a new alert even while the first still waits for
// acknowledgement (each episode is news: the demo's bad afternoon must
// not hide behind a bad morning three days before); acknowledging the
// old one later lets the evaluator close it.
func TestNewEpisodeBesideUnacknowledged(t *testing.T) {
	rg := newAlertRig(t)
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, vn)
	rg.press(t, presses(t0, time.Minute, khl, khl, khl, khl)...)
	rg.eval(t, t0.Add(4*time.Minute))
	rg.eval(t, t0.Add(20*time.Minute)) // ended
	rg.press(t, presses(t0.Add(3*time.Hour), time.Minute, khl, khl, khl, khl)...)
	rg.eval(t, t0.Add(3*time.Hour+4*time.Minute))
	rg.eval(t, t0.Add(3*time.Hour+5*time.Minute))
	got := rg.alerts(t, scoring.AlertUnhappyCounter)
	if len(got) != 2 || got[0].State != scoring.AlertOpen || got[1].State != scoring.AlertOpen || got[1].ClearedAt.IsZero() ||
		!got[0].ClearedAt.IsZero() {
		t.Fatalf("the second episode: %+v; want a new open alert beside the cleared, unacknowledged first", got)
	}
	if _, err := rg.st.AckAlert(ctx, got[1].ID, "web:lan@x", "đã xem", t0.Add(3*time.Hour+6*time.Minute)); err != nil {
		t.Fatal(err)
	}
	rg.eval(t, t0.Add(3*time.Hour+7*time.Minute))
	if a, _ := rg.st.AlertByID(ctx, got[1].ID); a.State != scoring.AlertClosed || a.ClosedBy != scoring.SystemActor {
		t.Fatalf("the old alert, acknowledged after it ended: %+v; want closed by system", a)
	}
	if a, _ := rg.st.AlertByID(ctx, got[0].ID); a.State != scoring.AlertOpen {
		t.Fatalf("the current alert: %+v; want open", a)
	}
}

// TestFlickeringConditionIsOneAlert: a counter that goes in and out of the
// rule within AlertQuiet makes one alert, whose ClearedAt is reset each
// time the condition comes back.
func TestFlickeringConditionIsOneAlert(t *testing.T) {
	rg := newAlertRig(t)
	t0 := time.Date(2026, 12, 1, 14, 0, 0, 0, vn)
	// 14:00–14:03 four unhappy; then 14:20–14:23 four unhappy again.
	rg.press(t, presses(t0, time.Minute, khl, khl, khl, khl)...)
	rg.press(t, presses(t0.Add(20*time.Minute), time.Minute, khl, khl, khl, khl)...)
	for m := 0; m <= 60; m++ {
		rg.eval(t, t0.Add(time.Duration(m)*time.Minute))
	}
	got := rg.alerts(t, scoring.AlertUnhappyCounter)
	if len(got) != 1 {
		t.Fatalf("%d alerts for one flickering afternoon, want 1: %+v", len(got), got)
	}
	// Held 14:03–14:14 and 14:23–14:34: cleared at 14:35 for good.
	if !got[0].OpenedAt.Equal(t0.Add(3*time.Minute)) || !got[0].ClearedAt.Equal(t0.Add(35*time.Minute)) {
		t.Errorf("alert %+v; want opened at 14:03, cleared at 14:35", got[0])
	}
}
