package sqlitestore_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"hailong/kiosk/scoring"
)

// BenchmarkRollupQueries times the report queries of issue 10's pages over
// the rollups of one year of 50 kiosks at 3 centres, about 274 responses
// a kiosk a day (5M responses): the rollup rows are made directly, as
// ingest would count them, since ingesting 5M responses would take the
// benchmark's whole budget.
func BenchmarkRollupQueries(b *testing.B) {
	ctx := context.Background()
	st := open(b, filepath.Join(b.TempDir(), "s.db"))
	first := scoring.Date{Year: 2026, Month: 1, Day: 1}
	responses, rows := fillYear(b, st.Path(), first)
	b.Logf("%d responses in %d rollup rows", responses, rows)
	last := first.AddDays(364)
	centres := []string{"c0", "c1", "c2"}
	for _, q := range []struct {
		name string
		q    scoring.RollupQuery
	}{
		{"overview-today", scoring.RollupQuery{CentreIDs: centres, From: last, To: last, By: scoring.DimCentre | scoring.DimLevel | scoring.DimFilter}},
		{"overview-4-weeks", scoring.RollupQuery{CentreIDs: centres, From: last.AddDays(-28), To: last, By: scoring.DimCentre | scoring.DimDay | scoring.DimLevel | scoring.DimFilter}},
		{"centre-day", scoring.RollupQuery{CentreIDs: centres[:1], From: last, To: last, By: scoring.DimDaily, Reasons: true}},
		{"centre-day-hours", scoring.RollupQuery{CentreIDs: centres[:1], From: last, To: last, By: scoring.DimHourly}},
		{"trend-90-daily", scoring.RollupQuery{CentreIDs: centres[:1], From: last.AddDays(-89), To: last, By: scoring.DimDay | scoring.DimLevel | scoring.DimFilter}},
		{"trend-90-heatmap", scoring.RollupQuery{CentreIDs: centres[:1], From: last.AddDays(-89), To: last, By: scoring.DimDay | scoring.DimHour | scoring.DimLevel | scoring.DimFilter}},
		{"trend-90-officers", scoring.RollupQuery{CentreIDs: centres[:1], From: last.AddDays(-89), To: last, By: scoring.DimOfficer | scoring.DimDay | scoring.DimLevel | scoring.DimFilter}},
		{"province-90-daily", scoring.RollupQuery{CentreIDs: centres, From: last.AddDays(-89), To: last, By: scoring.DimCentre | scoring.DimDay | scoring.DimLevel | scoring.DimFilter}},
		{"officer-year", scoring.RollupQuery{CentreIDs: centres[:1], OfficerID: "o1", From: first, To: last, By: scoring.DimDay | scoring.DimLevel | scoring.DimFilter, Reasons: true}},
		{"trend-90-reasons", scoring.RollupQuery{CentreIDs: centres[:1], From: last.AddDays(-89), To: last, By: scoring.DimLevel | scoring.DimFilter, Reasons: true}},
	} {
		b.Run(q.name, func(b *testing.B) {
			var n int
			for range b.N {
				r, err := st.RangeRollup(ctx, q.q)
				if err != nil {
					b.Fatal(err)
				}
				n = len(r.Counts) + len(r.Reasons)
			}
			b.ReportMetric(float64(n), "rows")
		})
	}
}

// fillYear writes the rollups of a year from first: 50 kiosks (counters)
// at 3 centres, 2 officers a counter, opening hours 7 to 17, some repeat
// presses, one counter in three in invite mode.
func fillYear(b *testing.B, path string, first scoring.Date) (responses, rows int64) {
	db := rawDB(b, path)
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	prep := func(q string) *sql.Stmt {
		st, err := tx.Prepare(q)
		if err != nil {
			b.Fatal(err)
		}
		return st
	}
	insD := prep(`INSERT INTO rollup_daily VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	insH := prep(`INSERT INTO rollup_hourly VALUES (?, ?, ?, ?, ?, ?, ?)`)
	insR := prep(`INSERT INTO rollup_reasons VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	rng := rand.New(rand.NewPCG(1, 2))
	levels := []string{"very_satisfied", "satisfied", "dissatisfied"}
	outcomes := []string{"submitted", "skipped_reasons", "timeout"}
	reasons := []string{"wait", "rude", "unclear", "fee", "process", "other"}
	type dkey struct {
		officer, level, outcome, filter string
		invited                         bool
	}
	type hkey struct {
		hour          int
		level, filter string
	}
	type rkey struct{ officer, level, filter, reason string }
	exec := func(st *sql.Stmt, args ...any) {
		if _, err := st.Exec(args...); err != nil {
			b.Fatal(err)
		}
		rows++
	}
	for d := range 365 {
		day := first.AddDays(d).String()
		for k := range 50 {
			centre, counter := fmt.Sprintf("c%d", k%3), fmt.Sprint(k)
			daily, hourly, rcounts := map[dkey]int64{}, map[hkey]int64{}, map[rkey]int64{}
			for range 200 + rng.IntN(150) {
				r := dkey{officer: fmt.Sprintf("o%d", 2*k+rng.IntN(2)), level: levels[min(rng.IntN(5), 2)],
					outcome: outcomes[min(rng.IntN(8), 2)], invited: k%3 == 0}
				if rng.IntN(30) == 0 {
					r.filter = "repeat"
				}
				daily[r]++
				hourly[hkey{7 + rng.IntN(11), r.level, r.filter}]++
				if r.level == "dissatisfied" && r.outcome != "skipped_reasons" {
					rcounts[rkey{r.officer, r.level, r.filter, reasons[rng.IntN(len(reasons))]}]++
				}
				responses++
			}
			for r, n := range daily {
				exec(insD, centre, day, counter, r.officer, r.level, r.outcome, r.filter, r.invited, n)
			}
			for r, n := range hourly {
				exec(insH, centre, day, counter, r.hour, r.level, r.filter, n)
			}
			for r, n := range rcounts {
				exec(insR, centre, day, counter, r.officer, r.level, r.filter, r.reason, n)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec("ANALYZE"); err != nil {
		b.Fatal(err)
	}
	return responses, rows
}
