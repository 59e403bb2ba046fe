package sqlitestore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/scoring/scoringtest/rolluptest"
	"hailong/kiosk/survey"
)

// A rollup changed, deleted or invented by hand is found and put right by
// a rebuild, which says what differed; a rebuild of one centre touches
// only it.
func TestRebuildFindsAndFixesCorruptRollups(t *testing.T) {
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "s.db"))
	w := rolluptest.NewWorld(t, st)
	w.Fill(t, 7, 60)
	db := rawDB(t, st.Path())
	defer db.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	var day string
	var hour int
	if err := db.QueryRow(`SELECT day, hour FROM rollup_hourly WHERE centre_id = 'c-in' ORDER BY day, hour LIMIT 1`).Scan(&day, &hour); err != nil {
		t.Fatal(err)
	}
	exec(`UPDATE rollup_hourly SET n = n + 5 WHERE centre_id = 'c-in' AND day = ? AND hour = ?`, day, hour)
	exec(`DELETE FROM rollup_reasons WHERE centre_id = 'c-in' AND reason = 'rude' AND day = (SELECT min(day) FROM rollup_reasons WHERE centre_id = 'c-in' AND reason = 'rude')`)
	exec(`INSERT INTO rollup_daily VALUES ('c-co', '2030-01-01', '1', 'o1', 'satisfied', 'submitted', '', 0, 3)`)
	exec(`DELETE FROM rollup_hourly WHERE centre_id = 'c-co' AND day = (SELECT max(day) FROM rollup_hourly WHERE centre_id = 'c-co')`)

	res, err := st.RebuildRollups(ctx, []string{"c-in"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diffs) < 2 || res.Responses == 0 {
		t.Fatalf("rebuild of c-in: %+v", res)
	}
	for _, d := range res.Diffs {
		if !strings.Contains(d.Key, "centre_id=c-in ") {
			t.Errorf("rebuild of c-in reports %+v", d)
		}
		switch d.Table {
		case "rollup_hourly":
			if d.Stored != d.Rebuilt+5 || !strings.Contains(d.Key, "day="+day) || !strings.Contains(d.Key, fmt.Sprintf("hour=%d ", hour)) {
				t.Errorf("changed count: %+v", d)
			}
		case "rollup_reasons":
			if d.Stored != 0 || d.Rebuilt == 0 || !strings.Contains(d.Key, "reason=rude") {
				t.Errorf("deleted reason: %+v", d)
			}
		default:
			t.Errorf("%+v", d)
		}
	}
	res, err = st.RebuildRollups(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diffs) < 2 || res.Diffs[0].Table != "rollup_daily" || res.Diffs[0].Stored != 3 || res.Diffs[0].Rebuilt != 0 ||
		!strings.Contains(res.Diffs[0].Key, "day=2030-01-01") {
		t.Fatalf("rebuild of all: %+v", res.Diffs)
	}
	for _, d := range res.Diffs[1:] {
		if d.Table != "rollup_hourly" || d.Stored != 0 || d.Rebuilt == 0 || !strings.Contains(d.Key, "centre_id=c-co ") {
			t.Errorf("deleted hourly row: %+v", d)
		}
	}
	if res, err := st.RebuildRollups(ctx, nil); err != nil || len(res.Diffs) != 0 {
		t.Fatalf("a second rebuild: %+v %v", res.Diffs, err)
	}
	w.CheckRollups(t)
}

// A rating uploaded 7 days late counts in its own day: the centre's local
// day of created_at, whatever offset the kiosk wrote.
func TestLateUploadCountsInItsOwnDay(t *testing.T) {
	ctx := context.Background()
	st := enrolled(t) // centre c1, default zone
	rs := scoringtest.Chain(k1, 1, survey.GenesisHash, 3)
	created := []string{
		"2026-11-27T23:30:00.000+07:00", // the 27th in Hà Nội
		"2026-11-27T17:30:00.000Z",      // 00:30 on the 28th in Hà Nội, the 27th in UTC
		"2026-12-04T08:00:00.000+07:00", // today
	}
	prev := survey.GenesisHash
	for i := range rs {
		rs[i].CreatedAt, rs[i].PrevHash = created[i], prev
		rs[i] = scoringtest.Rehash(rs[i])
		prev = rs[i].Hash
	}
	received := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC) // a week later
	if _, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: "k1", BatchID: "late", Responses: rs, ReceivedAt: received}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		day  string
		hour int
		n    int64
	}{{"2026-11-27", 23, 1}, {"2026-11-28", 0, 1}, {"2026-12-04", 8, 1}, {"2026-12-03", 0, 0}} {
		day, _ := scoring.ParseDate(tc.day)
		got, err := scoring.DayRollup(ctx, st, "c1", day)
		if err != nil {
			t.Fatal(err)
		}
		var n, nh int64
		for _, r := range got.Counts {
			if r.Day != day || r.Hour != 0 {
				t.Errorf("%s: row %+v", tc.day, r)
			}
			n += r.N
		}
		for _, r := range got.Hours {
			if r.Day != day || r.Hour != tc.hour || r.OfficerID != "" {
				t.Errorf("%s: hour row %+v", tc.day, r)
			}
			nh += r.N
		}
		if nh != n {
			t.Errorf("%s: %d by hour, %d by officer", tc.day, nh, n)
		}
		if n != tc.n {
			t.Errorf("%s: %d responses, want %d", tc.day, n, tc.n)
		}
	}
}

// The migration's SQL fills the rollups of responses stored before it as
// ingest counts them (every centre then has the default zone).
func TestMigrationBackfillMatchesIngest(t *testing.T) {
	ctx := context.Background()
	st := enrolled(t)
	rs := scoringtest.Chain(k1, 1, survey.GenesisHash, 300)
	for i := range rs { // spread over days and hours, some rated as repeats
		at := scoringtest.Base.Add(time.Duration(i) * 37 * time.Minute)
		rs[i].CreatedAt = at.UTC().Format(survey.TimeLayout)
		if i%11 == 0 {
			rs[i].FilterReason = survey.FilterRepeat
		}
		if i > 0 {
			rs[i].PrevHash = rs[i-1].Hash
		}
		rs[i] = scoringtest.Rehash(rs[i])
	}
	ingest(t, st, "b1", rs)
	files, err := filepath.Glob(filepath.Join("migrations", "*_rollups.sql"))
	if err != nil || len(files) != 1 {
		t.Fatalf("rollups migration: %v %v", files, err)
	}
	src, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	_, backfill, ok := strings.Cut(string(src), "-- Responses stored before this migration")
	if !ok {
		t.Fatal("the migration's backfill is not marked")
	}
	_, backfill, _ = strings.Cut(backfill, "\n") // the rest of the comment line
	db := rawDB(t, st.Path())
	defer db.Close()
	if _, err := db.Exec("DELETE FROM rollup_daily; DELETE FROM rollup_hourly; DELETE FROM rollup_reasons;" + backfill); err != nil {
		t.Fatal(err)
	}
	res, err := st.RebuildRollups(ctx, nil)
	if err != nil || len(res.Diffs) != 0 || res.Keys < 50 {
		t.Fatalf("after the migration's backfill, a rebuild found %+v (%v)", res, err)
	}
}
