package main

import (
	"bytes"
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hailong/kiosk/score"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/demodata"
	"hailong/kiosk/scoring/report"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

// TestReportCommand: report over demo data writes an XLSX whose summary
// is a plain count of the raw responses of the centre's local days, and
// one row per response; CSV of either kind reads back with survey's
// strict reader; each export is in the audit trail; a bad command line
// exits 2 with a message in both languages, and leaves no file.
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	mustCLI(t, db, "demo-data", "--days", "5", "--seed", "3", "--now", demoNow)
	centre := demodata.ProvincialCentre
	xlsx := filepath.Join(dir, "r.xlsx")
	_, errOut, err := cli(t, db, "report", "--centre", centre, "--from", "2026-11-24", "--to", "2026-11-26",
		"--format", "xlsx", "--by", "Lê Văn Tâm", "--out", xlsx)
	if err != nil {
		t.Fatalf("report: %v\n%s", err, errOut)
	}

	// The plain count over the raw rows, by local day.
	st, err := sqlitestore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	c, _, err := st.Roster(context.Background(), centre)
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := scoring.LoadZone(c.TimeZone)
	from := time.Date(2026, 11, 24, 0, 0, 0, 0, loc)
	plain := map[string]score.Counts{}
	n := 0
	err = st.ExportResponses(context.Background(), scoring.ExportFilter{From: from.AddDate(0, 0, -3), To: from.AddDate(0, 0, 6)},
		func(r scoring.StoredResponse) error {
			at, err := r.Time()
			if err != nil {
				return err
			}
			if d := at.In(loc); r.CentreID != centre || d.Before(from) || !d.Before(from.AddDate(0, 0, 3)) {
				return nil
			}
			n++
			for _, k := range []string{"Trung tâm/" + r.CentreID, "Quầy/" + r.CounterID, "Cán bộ/" + r.OfficerID} {
				x := plain[k]
				x.Add(r.Response)
				plain[k] = x
			}
			return nil
		})
	st.Close()
	if err != nil || n < 50 {
		t.Fatalf("raw rows: %d, %v", n, err)
	}

	x, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows(report.SheetSummary, excelize.Options{RawCellValue: true})
	seen := 0
	for _, row := range rows[report.HeaderRow:] {
		if len(row) < 14 {
			continue
		}
		want, ok := plain[row[0]+"/"+row[1]]
		if !ok {
			t.Errorf("row %q has no raw response", row[:3])
			continue
		}
		seen++
		got := []string{row[3], row[4], row[6], row[8], row[13]}
		exp := []int{want.N(), want.VerySatisfied, want.Satisfied, want.Dissatisfied, want.Filtered}
		for i := range got {
			if got[i] != strconv.Itoa(exp[i]) {
				t.Errorf("%s/%s: counts %q, want %v", row[0], row[1], got, exp)
				break
			}
		}
		if v, _ := strconv.ParseFloat(row[10], 64); int64(math.Round(v*1000)) != want.Rate().Value.Tenths() {
			t.Errorf("%s/%s: rate %s, want %s", row[0], row[1], row[10], want.Rate().Value.EN())
		}
	}
	if seen != len(plain) {
		t.Errorf("%d summary rows, want %d", seen, len(plain))
	}
	if resp, _ := x.GetRows(report.SheetResponses); len(resp)-report.HeaderRow != n {
		t.Errorf("%d response rows, want %d", len(resp)-report.HeaderRow, n)
	}
	for _, sh := range []string{report.SheetSummary, report.SheetResponses} {
		if sub, _ := x.GetCellValue(sh, "A2"); !strings.HasPrefix(sub, report.DemoMark) {
			t.Errorf("%s of demo data does not say so: %q", sh, sub)
		}
	}
	if all, _ := x.GetRows(report.SheetSummary); !strings.Contains(strings.Join(all[len(all)-1], ""), "Lê Văn Tâm") {
		t.Errorf("the signature block does not end with the name: %q", all[len(all)-1])
	}

	for kind, want := range map[string]int{"summary": len(plain), "responses": n} {
		out := filepath.Join(dir, kind+".csv")
		mustCLI(t, db, "report", "--centre", centre, "--from", "2026-11-24", "--to", "2026-11-26", "--format", "csv", "--kind", kind, "--out", out)
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		r := survey.NewCSVReader(bytes.NewReader(b))
		recs := 0
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			recs++
		}
		if recs != want+1 {
			t.Errorf("%s csv: %d records, want %d and a header", kind, recs, want)
		}
	}
	if trail := mustCLI(t, db, "audit"); strings.Count(trail, "\texport\tcentre:"+centre) != 3 {
		t.Errorf("the audit trail lacks the three exports:\n%s", trail)
	}

	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"--from", "2026-11-24", "--to", "2026-11-26", "--out", "x.xlsx"}, "--centre"},
		{[]string{"--centre", centre, "--from", "24/11/2026", "--to", "2026-11-26", "--out", "x.xlsx"}, "ngày không hợp lệ"},
		{[]string{"--centre", centre, "--from", "2026-11-26", "--to", "2026-11-24", "--out", "x.xlsx"}, "swap"},
		{[]string{"--centre", centre, "--from", "2026-11-24", "--to", "2026-11-26", "--format", "pdf", "--out", "x.pdf"}, "chọn xlsx hoặc csv"},
		{[]string{"--centre", centre, "--from", "2026-11-24", "--to", "2026-11-26", "--format", "csv", "--kind", "all", "--out", "x.csv"}, "summary or responses"},
		{[]string{"--centre", centre, "--from", "2026-11-24", "--to", "2026-11-26", "--kind", "summary", "--out", "x.xlsx"}, "both tables"},
	} {
		out := filepath.Join(dir, "bad")
		args := append([]string{"report"}, c.args...)
		for i, a := range args {
			if strings.HasPrefix(a, "x.") {
				args[i] = out
			}
		}
		_, _, err := cli(t, db, args...)
		if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%q: %v (exit %d), want exit 2 saying %q", c.args, err, exitCode(err), c.says)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%q left a file", c.args)
		}
	}
	if _, _, err := cli(t, db, "report", "--centre", "zz", "--from", "2026-11-24", "--to", "2026-11-26", "--out", filepath.Join(dir, "zz.xlsx")); err == nil || !strings.Contains(err.Error(), "không có trung tâm") {
		t.Errorf("unknown centre: %v", err)
	}
}
