package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"hailong/kiosk/scoring"
)

// runExport writes the responses of a range of days as CSV, to stdout or
// to --out (written to FILE.part and renamed, so a failed export never
// leaves a file that looks complete).
func runExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("export", getenv, stderr)
	from := fs.String("from", "", "first day, YYYY-MM-DD")
	to := fs.String("to", "", "last day, YYYY-MM-DD (included)")
	centre := fs.String("centre", "", "only this centre")
	format := fs.String("format", "csv", "output format: csv")
	tz := fs.String("tz", scoring.DefaultZone, "time zone of the days")
	out := fs.String("out", "", "file to write (default stdout)")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := required("export", map[string]string{"from": *from, "to": *to}); err != nil {
		return err
	}
	if *format != "csv" {
		return usageError{fmt.Sprintf("--format %q: only csv", *format)}
	}
	loc, err := scoring.Zone(*tz)
	if err != nil {
		return usageError{err.Error()}
	}
	start, end, err := scoring.DayRange(*from, *to, loc)
	if err != nil {
		return usageError{err.Error()}
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	filter := scoring.ExportFilter{From: start, To: end, CentreID: *centre}
	if *out == "" {
		n, err := scoring.WriteCSV(ctx, stdout, st, filter)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "%d responses\n", n)
		return nil
	}
	tmp := *out + ".part"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	n, err := scoring.WriteCSV(ctx, f, st, filter)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, *out)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(stderr, "%d responses written to %s\n", n, *out)
	return nil
}
