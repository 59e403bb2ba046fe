package main

import (
	"context"
	"fmt"
	"io"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/sqlitestore"
)

// runPrune deletes, per kiosk, the responses created before a day (never
// past the kiosk's first missing seq), the only deletion the append-only
// triggers allow, and prints what it pruned.
func runPrune(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("prune", getenv, stderr)
	before := fs.String("before", "", "prune responses created before this day, YYYY-MM-DD")
	tz := fs.String("tz", scoring.DefaultZone, "time zone of the day")
	kiosk := fs.String("kiosk", "", "only this kiosk")
	dry := fs.Bool("dry-run", false, "print what would be pruned, delete nothing")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := required("prune", map[string]string{"before": *before}); err != nil {
		return err
	}
	loc, err := scoring.Zone(*tz)
	if err != nil {
		return usageError{err.Error()}
	}
	start, _, err := scoring.DayRange(*before, *before, loc)
	if err != nil {
		return usageError{"--before: " + err.Error()}
	}
	return withStore(ctx, *db, func(st *sqlitestore.Store) error {
		res, err := st.Prune(ctx, scoring.PruneOptions{Before: start, KioskID: *kiosk, DryRun: *dry})
		if err != nil {
			return err
		}
		writeTSV(stdout, "kiosk", "from_seq", "to_seq", "to_hash", "rows", "skipped")
		var rows int64
		for _, r := range res {
			rows += r.Rows
			writeTSV(stdout, r.KioskID, seqOrDash(r.FromSeq), seqOrDash(r.ToSeq), dash(r.ToHash), fmt.Sprint(r.Rows), dash(r.Skipped))
		}
		verb := "Đã xoá / Pruned"
		if *dry {
			verb = "Sẽ xoá (chạy thử) / Would prune (dry run)"
		}
		fmt.Fprintf(stderr, "%s: %d\n", verb, rows)
		return nil
	})
}
