package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/report"
	"hailong/kiosk/scoring/sqlitestore"
)

// runReport writes a centre's satisfaction report over a range of its
// local days (scoring/report): XLSX with both tables, or CSV with one
// (--kind). The file is written to FILE.part and renamed, so a failed
// report never leaves a file that looks complete; the export is audited
// (scoring.ActExport) with the command line's user as actor.
func runReport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("report", getenv, stderr)
	centre := fs.String("centre", "", "centre id")
	from := fs.String("from", "", "first day, YYYY-MM-DD (the centre's local day)")
	to := fs.String("to", "", "last day, YYYY-MM-DD (included)")
	format := fs.String("format", "xlsx", "xlsx (both tables) or csv (one table, see --kind)")
	kind := fs.String("kind", "", "for csv: summary (default) or responses")
	by := fs.String("by", "", "name under Người lập báo cáo (default: your user name)")
	out := fs.String("out", "", "file to write")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := required("report", map[string]string{"centre": *centre, "from": *from, "to": *to, "out": *out}); err != nil {
		return err
	}
	p := report.Period{CentreID: *centre}
	var err error
	if p.From, err = scoring.ParseDate(*from); err != nil {
		return usageError{fmt.Sprintf("--from: ngày không hợp lệ, hãy ghi YYYY-MM-DD / %v", err)}
	}
	if p.To, err = scoring.ParseDate(*to); err != nil {
		return usageError{fmt.Sprintf("--to: ngày không hợp lệ, hãy ghi YYYY-MM-DD / %v", err)}
	}
	if p.To.Before(p.From) {
		return usageError{fmt.Sprintf("--to %s đứng trước --from %s: hãy đổi chỗ hai ngày / --to %s is before --from %s: swap them", p.To, p.From, p.To, p.From)}
	}
	switch {
	case *format == "xlsx" && *kind != "":
		return usageError{"--kind chỉ dùng với --format csv: tệp XLSX có cả hai bảng / --kind is for --format csv: an XLSX has both tables"}
	case *format == "csv" && *kind == "":
		*kind = report.KindSummary
	case *format == "csv" && *kind != report.KindSummary && *kind != report.KindResponses:
		return usageError{fmt.Sprintf("--kind %q: chọn summary hoặc responses / choose summary or responses", *kind)}
	case *format != "xlsx" && *format != "csv":
		return usageError{fmt.Sprintf("--format %q: chọn xlsx hoặc csv / choose xlsx or csv", *format)}
	}
	name := *by
	if name == "" {
		name = strings.TrimPrefix(cliActor(getenv), "cli:")
	}
	return withStore(ctx, *db, func(st *sqlitestore.Store) error {
		s, err := report.BuildSummary(ctx, st, p)
		if errors.Is(err, scoring.ErrNotFound) {
			return fmt.Errorf("không có trung tâm %q: hãy kiểm tra --centre / no centre %q: check --centre", *centre, *centre)
		}
		if err != nil {
			return err
		}
		_, demo, err := st.Demo(ctx)
		if err != nil {
			return err
		}
		rows, err := writeAtomically(*out, func(w io.Writer) (int, error) {
			switch {
			case *format == "xlsx":
				return report.WriteXLSX(ctx, w, st, s, report.XLSXOptions{PreparedBy: name, PreparedAt: time.Now(), Demo: demo})
			case *kind == report.KindResponses:
				return report.WriteResponsesCSV(ctx, w, st, s)
			}
			return len(s.Rows), report.WriteSummaryCSV(w, s)
		})
		if errors.Is(err, report.ErrTooManyRows) {
			return fmt.Errorf("quá nhiều đánh giá cho một trang tính XLSX: hãy dùng --format csv --kind responses hoặc một khoảng ngắn hơn / %w", err)
		}
		if err != nil {
			return err
		}
		detail := scoring.AuditDetail(map[string]any{"from": p.From.String(), "to": p.To.String(), "format": *format,
			"kind": *kind, "rows": rows, "file": *out})
		if err := st.RecordAudit(ctx, scoring.AuditEntry{At: time.Now(), Action: scoring.ActExport,
			Subject: scoring.SubjectCentre(p.CentreID), Detail: detail}); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "Đã ghi báo cáo %s (%d dòng) vào %s / report written to %s\n", *format, rows, *out, *out)
		return nil
	})
}

// writeAtomically writes a file through write into PATH.part, synced,
// then renames it to path; on an error nothing is left.
func writeAtomically(path string, write func(io.Writer) (int, error)) (int, error) {
	tmp := path + ".part"
	f, err := os.Create(tmp)
	if err != nil {
		return 0, fmt.Errorf("report: %w", err)
	}
	n, err := write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return n, fmt.Errorf("report: %w", err)
	}
	return n, nil
}
