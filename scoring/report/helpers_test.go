package report

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"hailong/kiosk/score"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

var vn = time.FixedZone("ICT", 7*3600)

// fixture is a store with two centres and responses over three local
// days of centre qn, some filtered, one across midnight, one with a
// ticket and a dossier code that would be formulas, and its plain counts.
type fixture struct {
	st   *sqlitestore.Store
	all  []survey.Response // every response of qn
	from scoring.Date
	to   scoring.Date
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	for _, c := range [][2]string{{"qn", "=Trung tâm Quảng Ninh"}, {"hn", "Bộ phận Một cửa Hồng Gai"}} {
		centre, err := scoring.NewCentre(c[0], c[1], "legal3", "909090", "", now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.SaveCentre(ctx, centre); err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range [][3]string{{"qn", "o1", "Nguyễn Thị Hoa"}, {"qn", "o2", "@Trần Văn Bình"}} {
		off, err := scoring.NewOfficer(o[0], o[1], o[2], "", "4826", nil, "", now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.SaveOfficer(ctx, off); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range [][3]string{{"qn", "1", "qn-k1"}, {"qn", "2", "qn-k2"}, {"hn", "1", "hn-k1"}} {
		code, err := scoring.IssueEnrolCode(ctx, st, k[0], k[1], now.Add(-72*time.Hour), time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: scoring.HashSecret(scoring.NormaliseEnrolCode(code)),
			KioskID: k[2], TokenHash: scoring.HashSecret(k[2] + "-token"), At: now.Add(-72 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{st: st, from: scoring.Date{Year: 2026, Month: 12, Day: 1}, to: scoring.Date{Year: 2026, Month: 12, Day: 3}}
	levels := []survey.Level{survey.VerySatisfied, survey.Satisfied, survey.Dissatisfied, survey.VerySatisfied, survey.Satisfied, survey.VerySatisfied, survey.Dissatisfied}
	ingest := func(k scoringtest.Kiosk, at []time.Time, filtered func(int) bool, edit func(int, *survey.Response)) []survey.Response {
		rs := scoringtest.Chain(k, 1, survey.GenesisHash, len(at))
		prev := survey.GenesisHash
		for i := range rs {
			r := &rs[i]
			r.PrevHash = prev
			r.CreatedAt = at[i].In(vn).Format(survey.TimeLayout)
			r.Level, r.Reasons = levels[i%len(levels)], []string{}
			r.RawValue = map[survey.Level]int{survey.VerySatisfied: 3, survey.Satisfied: 2, survey.Dissatisfied: 1}[r.Level]
			if r.Level == survey.Dissatisfied {
				r.Reasons = []string{"wait", "rude"}
			}
			if filtered(i) {
				r.FilterReason = survey.FilterRepeat
			}
			if edit != nil {
				edit(i, r)
			}
			*r = scoringtest.Rehash(*r)
			prev = r.Hash
		}
		res, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: k.ID, Responses: rs, ReceivedAt: now})
		if err != nil {
			t.Fatal(err)
		}
		for i, it := range res.Items {
			if it != scoring.ItemAccepted {
				t.Fatalf("response %d: %s", i, it)
			}
		}
		return rs
	}
	every := func(start time.Time, n int, d time.Duration) []time.Time {
		out := make([]time.Time, n)
		for i := range out {
			out[i] = start.Add(time.Duration(i) * d)
		}
		return out
	}
	// Counter 1, officer o1: 1 to 3 Dec from 07:30 local, every 4 hours
	// (some land at night, one just after midnight of the 4th: not in).
	k1 := ingest(scoringtest.Kiosk{ID: "qn-k1", CentreID: "qn", CounterID: "1", OfficerID: "o1"},
		every(time.Date(2026, 12, 1, 7, 30, 0, 0, vn), 18, 4*time.Hour+10*time.Minute),
		func(i int) bool { return i%6 == 5 },
		func(i int, r *survey.Response) {
			if i == 2 {
				r.Ticket, r.DossierCode = `=HYPERLINK("http://x","y")`, "+000.12.34.H56-261203-0001"
			}
		})
	// Counter 2, officer o2 then o3 (not on the roster), 2 Dec.
	k2 := ingest(scoringtest.Kiosk{ID: "qn-k2", CentreID: "qn", CounterID: "2", OfficerID: "o2"},
		every(time.Date(2026, 12, 2, 8, 0, 0, 0, vn), 9, 17*time.Minute), func(i int) bool { return i == 3 },
		func(i int, r *survey.Response) {
			if i >= 6 {
				r.OfficerID = "o3"
			}
		})
	// Another centre: never in qn's report.
	ingest(scoringtest.Kiosk{ID: "hn-k1", CentreID: "hn", CounterID: "1", OfficerID: "o1"},
		every(time.Date(2026, 12, 2, 9, 0, 0, 0, vn), 5, time.Minute), func(int) bool { return false }, nil)
	f.all = append(k1, k2...)
	return f
}

// inRange lists f's qn responses created on its days (local).
func (f *fixture) inRange(t *testing.T) []survey.Response {
	var out []survey.Response
	for _, r := range f.all {
		at, err := r.Time()
		if err != nil {
			t.Fatal(err)
		}
		d := scoring.DateOf(at, vn)
		if !d.Before(f.from) && !f.to.Before(d) {
			out = append(out, r)
		}
	}
	return out
}

// plain counts responses per summary row key ("centre:qn", "counter:1",
// "officer:o1") the plain way.
func plain(rs []survey.Response) map[string]score.Counts {
	out := map[string]score.Counts{}
	for _, r := range rs {
		for _, k := range []string{"centre:" + r.CentreID, "counter:" + r.CounterID, "officer:" + r.OfficerID} {
			c := out[k]
			c.Add(r)
			out[k] = c
		}
	}
	return out
}

func (f *fixture) period() Period { return Period{CentreID: "qn", From: f.from, To: f.to} }
