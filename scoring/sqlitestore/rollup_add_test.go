package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// BenchmarkRollupAdd measures counting a batch of 500 varied responses in
// memory (the per-response part of the rollups' cost on ingest).
func BenchmarkRollupAdd(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	rs := make([]survey.Response, 500)
	at := time.Date(2026, 1, 5, 7, 30, 0, 0, time.UTC)
	p := &prepared{rows: make([]row, len(rs))}
	inserted := make([]bool, len(rs))
	for i := range rs {
		at = at.Add(time.Duration(20+rng.IntN(80)) * time.Second)
		rs[i] = survey.Response{CentreID: "c1", CounterID: "3", OfficerID: fmt.Sprintf("o%d", rng.IntN(2)),
			Level: survey.Levels[min(rng.IntN(5), 2)], Outcome: survey.OutcomeSubmitted}
		if rs[i].Level == survey.Dissatisfied {
			rs[i].Reasons = []string{"wait"}
		}
		p.rows[i] = row{r: &rs[i], createdMS: at.UnixMilli()}
		inserted[i] = true
	}
	loc, err := scoring.LoadZone("")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		a := newRollupAcc()
		a.zones["c1"] = loc
		if err := a.addInserted(context.Background(), nil, p, inserted); err != nil {
			b.Fatal(err)
		}
		a.derived()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(rs)), "ns/response")
}

// localHour's cached hour gives what the zone gives, across daylight
// saving changes of an hour and of half an hour and in zones off the hour,
// walking forward and back.
func TestLocalHourAcrossZoneChanges(t *testing.T) {
	for _, tc := range []struct {
		zone string
		at   time.Time // UTC, near a change
	}{
		{"Europe/Berlin", time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC)},
		{"Europe/Berlin", time.Date(2026, 10, 25, 0, 0, 0, 0, time.UTC)},
		{"Australia/Lord_Howe", time.Date(2026, 4, 4, 14, 0, 0, 0, time.UTC)},
		{"Australia/Lord_Howe", time.Date(2026, 10, 3, 15, 0, 0, 0, time.UTC)},
		{"America/St_Johns", time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC)},
		{"Asia/Kolkata", time.Date(2026, 12, 31, 18, 0, 0, 0, time.UTC)},
		{"Asia/Ho_Chi_Minh", time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC)},
	} {
		loc, err := scoring.LoadZone(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		a := newRollupAcc()
		start := tc.at.Add(-6 * time.Hour).UnixMilli()
		for _, step := range []int64{7 * 60 * 1000, -13 * 60 * 1000, 59 * 60 * 1000} {
			ms := start
			if step < 0 {
				ms = start + 12*time.Hour.Milliseconds()
			}
			for range 12 * 60 * 60 * 1000 / max(step, -step) {
				day, hour := a.localHour(ms, loc)
				lt := time.UnixMilli(ms).In(loc)
				if day != scoring.DateOf(lt, loc) || hour != lt.Hour() {
					t.Fatalf("%s at %s: %s %02d, want %s", tc.zone, lt, day, hour, lt.Format("2006-01-02 15"))
				}
				ms += step
			}
		}
	}
}

// BenchmarkRollupFlush measures adding a varied batch's rollups to the
// tables (the per-key part of the rollups' cost on ingest), in one
// transaction: after the first, every upsert updates.
func BenchmarkRollupFlush(b *testing.B) {
	ctx := context.Background()
	st, err := Open(ctx, b.TempDir()+"/s.db")
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	rng := rand.New(rand.NewPCG(1, 1))
	rs := make([]survey.Response, 500)
	at := time.Date(2026, 1, 5, 7, 30, 0, 0, time.UTC)
	p := &prepared{rows: make([]row, len(rs))}
	inserted := make([]bool, len(rs))
	for i := range rs {
		at = at.Add(time.Duration(20+rng.IntN(80)) * time.Second)
		rs[i] = survey.Response{CentreID: "c1", CounterID: "3", OfficerID: fmt.Sprintf("o%d", rng.IntN(2)),
			Level: survey.Levels[min(rng.IntN(5), 2)], Outcome: []survey.Outcome{survey.OutcomeSubmitted, survey.OutcomeSkippedReasons, survey.OutcomeTimeout}[min(rng.IntN(8), 2)]}
		if rs[i].Level == survey.Dissatisfied {
			rs[i].Reasons = []string{worldReason(rng)}
		}
		p.rows[i] = row{r: &rs[i], createdMS: at.UnixMilli()}
		inserted[i] = true
	}
	conn, err := st.w.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	keys := 0
	b.ResetTimer()
	err = inWriteTx(ctx, conn, func(conn *sql.Conn) error {
		for range b.N {
			a := newRollupAcc()
			if err := a.addInserted(ctx, conn, p, inserted); err != nil {
				return err
			}
			d, h := a.derived()
			keys += len(d) + len(h) + len(a.reasons)
			if err := a.flush(ctx, conn); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(keys), "ns/key")
	b.ReportMetric(float64(keys)/float64(b.N), "keys/batch")
}

func worldReason(rng *rand.Rand) string {
	return []string{"wait", "rude", "unclear", "fee"}[rng.IntN(4)]
}
