package report

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hailong/kiosk/score"
	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// summaryKey is a summary row's key, as plain() makes them.
var summaryKey = map[string]string{"Trung tâm": "centre:", "Quầy": "counter:", "Cán bộ": "officer:"}

// checkSummaryRow compares one summary row (its cells as text: counts as
// integers, percentages as the fraction the cell holds when raw, else as
// the CSV writes them) with plain counts.
func checkSummaryRow(t *testing.T, where string, row []string, c score.Counts, raw bool) {
	t.Helper()
	if len(row) < len(SummaryColumns) {
		row = append(row, make([]string, len(SummaryColumns)-len(row))...)
	}
	num := func(i int) int {
		n, err := strconv.Atoi(row[i])
		if err != nil {
			t.Errorf("%s column %d: %q is not an integer", where, i, row[i])
		}
		return n
	}
	pct := func(i int, want score.Percent) {
		if !want.OK() {
			if row[i] != "" {
				t.Errorf("%s column %d: %q, want empty (no figure)", where, i, row[i])
			}
			return
		}
		v, err := strconv.ParseFloat(row[i], 64)
		if err != nil {
			t.Errorf("%s column %d: %q is not a number", where, i, row[i])
			return
		}
		scale := 10.0
		if raw {
			scale = 1000 // 93.3 % is held as 0.933
		}
		if got := int64(math.Round(v * scale)); got != want.Tenths() {
			t.Errorf("%s column %s: %q, want %s", where, SummaryColumns[i].EN, row[i], want.EN())
		}
	}
	r := c.Rate()
	for i, want := range map[int]int{3: c.N(), 4: c.VerySatisfied, 6: c.Satisfied, 8: c.Dissatisfied, 13: c.Filtered} {
		if got := num(i); got != want {
			t.Errorf("%s column %s: %d, want %d", where, SummaryColumns[i].EN, got, want)
		}
	}
	pct(5, c.Percent(survey.VerySatisfied))
	pct(7, c.Percent(survey.Satisfied))
	pct(9, c.Percent(survey.Dissatisfied))
	pct(10, r.Value)
	pct(11, r.LowerPercent())
	pct(12, r.UpperPercent())
}

// checkSummaryRows finds every summary row in rows (after the header)
// and checks it against the plain counts; every plain group must be there
// once.
func checkSummaryRows(t *testing.T, rows [][]string, want map[string]score.Counts, raw bool) {
	t.Helper()
	seen := map[string]bool{}
	for i, row := range rows {
		if len(row) < 2 {
			continue
		}
		prefix, ok := summaryKey[row[0]]
		if !ok {
			continue
		}
		key := prefix + row[1]
		if seen[key] {
			t.Errorf("row %d: %s twice", i+1, key)
		}
		seen[key] = true
		c, ok := want[key]
		if !ok {
			t.Errorf("row %d: %s has no response", i+1, key)
			continue
		}
		checkSummaryRow(t, key, row, c, raw)
	}
	for k := range want {
		if !seen[k] {
			t.Errorf("no row for %s", k)
		}
	}
}

// The XLSX is read back: its summary's numbers are a plain count over the
// raw responses (filtered ones beside), percentages are numbers with one
// decimal, the responses sheet has one row per response in local time,
// text cells are strings and never formulas, the header is frozen and
// the signature block names who made it.
func TestXLSXReadBackEqualsPlainCount(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s, err := BuildSummary(ctx, f.st, f.period())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	n, err := WriteXLSX(ctx, &buf, f.st, s, XLSXOptions{PreparedBy: "Lê Văn Tâm", PreparedAt: time.Date(2026, 12, 4, 1, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	rs := f.inRange(t)
	if n != len(rs) || n == len(f.all) {
		t.Fatalf("%d responses written, want %d (of %d in the fixture)", n, len(rs), len(f.all))
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.GetSheetList(); len(got) != 2 || got[0] != SheetSummary || got[1] != SheetResponses {
		t.Fatalf("sheets %q", got)
	}
	for _, sh := range []string{SheetSummary, SheetResponses} {
		p, err := x.GetPanes(sh)
		if err != nil || !p.Freeze || p.YSplit != HeaderRow {
			t.Errorf("%s: panes %+v, %v: want the rows to %d frozen", sh, p, err, HeaderRow)
		}
		if title, _ := x.GetCellValue(sh, "A1"); title != "Báo cáo mức độ hài lòng — =Trung tâm Quảng Ninh — từ 01/12/2026 đến 03/12/2026" {
			t.Errorf("%s title %q", sh, title)
		}
		if sub, _ := x.GetCellValue(sh, "A2"); strings.Contains(sub, "MINH HOẠ") || !strings.HasPrefix(sub, "Satisfaction report") {
			t.Errorf("%s subtitle %q", sh, sub)
		}
		if pl, err := x.GetPageLayout(sh); err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" ||
			pl.FitToWidth == nil || *pl.FitToWidth != 1 {
			t.Errorf("%s: page layout %+v, %v: want landscape, one page wide", sh, pl, err)
		}
		if m, _ := x.GetMergeCells(sh); len(m) < 2 || m[0].GetStartAxis() != "A1" || m[1].GetStartAxis() != "A2" {
			t.Errorf("%s: the title rows are not merged across the table: %v", sh, m)
		}
		if w, _ := x.GetColWidth(sh, "C"); w < 8 {
			t.Errorf("%s column C width %v", sh, w)
		}
	}
	rows, err := x.GetRows(SheetSummary, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if h := rows[HeaderRow-1]; len(h) != len(SummaryColumns) || h[0] != "Nhóm / Group" {
		t.Errorf("summary header %q", h)
	}
	want := plain(rs)
	if c := want["centre:qn"]; c.Filtered == 0 || c.N() < 20 {
		t.Fatalf("the fixture: %+v", c)
	}
	checkSummaryRows(t, rows[HeaderRow:], want, true)

	// Percent cells are numbers shown with one decimal, counts integers.
	for cell, fmtWant := range map[string]string{"F4": "0.0%", "K4": "0.0%"} {
		id, _ := x.GetCellStyle(SheetSummary, cell)
		st, _ := x.GetStyle(id)
		if st == nil || st.CustomNumFmt == nil || *st.CustomNumFmt != fmtWant {
			t.Errorf("%s: style %+v, want the number format %s", cell, st, fmtWant)
		}
		if typ, _ := x.GetCellType(SheetSummary, cell); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
			t.Errorf("%s is text", cell)
		}
	}
	if v, _ := x.GetCellValue(SheetSummary, "D4"); v != strconv.Itoa(want["centre:qn"].N()) {
		t.Errorf("D4 shows %q, want %d", v, want["centre:qn"].N())
	}
	var all strings.Builder
	for _, r := range rows {
		all.WriteString(strings.Join(r, "|") + "\n")
	}
	for _, s := range []string{"NGƯỜI LẬP BÁO CÁO", "Lê Văn Tâm", "Ngày 04 tháng 12 năm 2026", "'@Trần Văn Bình", "|o3|o3|"} {
		if !strings.Contains(all.String(), s) {
			t.Errorf("the summary sheet lacks %q:\n%s", s, all.String())
		}
	}

	// The responses: one row each, in order, local time, neutralised.
	resp, err := x.GetRows(SheetResponses)
	if err != nil {
		t.Fatal(err)
	}
	data := resp[HeaderRow:]
	if len(data) != len(rs) {
		t.Fatalf("%d response rows, want %d", len(data), len(rs))
	}
	byID := map[string]survey.Response{}
	for _, r := range rs {
		byID[r.ID] = r
	}
	found := false
	for i, row := range data {
		r, ok := byID[row[11]]
		if !ok {
			t.Fatalf("row %d: response %q is not in range", i, row[11])
		}
		at, _ := r.Time()
		if want := at.In(vn).Format("02/01/2006 15:04:05"); row[0] != want {
			t.Errorf("row %d: time %q, want %q", i, row[0], want)
		}
		if r.Ticket != "" {
			found = true
			cell := "I" + strconv.Itoa(HeaderRow+1+i)
			if row[8] != "'"+r.Ticket || row[9] != "'"+r.DossierCode {
				t.Errorf("ticket %q, dossier %q: not neutralised", row[8], row[9])
			}
			if fx, _ := x.GetCellFormula(SheetResponses, cell); fx != "" {
				t.Errorf("%s is a formula: %q", cell, fx)
			}
			if typ, _ := x.GetCellType(SheetResponses, cell); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
				t.Errorf("%s has type %v, want a string", cell, typ)
			}
		}
		if r.Level == survey.Dissatisfied && (row[4] != "Không hài lòng" || row[5] != "Thời gian chờ lâu; Thái độ chưa lịch sự") {
			t.Errorf("row %d: level %q reasons %q", i, row[4], row[5])
		}
		if r.FilterReason != "" && row[7] != "Bấm lặp (không tính)" {
			t.Errorf("row %d: filter %q", i, row[7])
		}
	}
	if !found {
		t.Error("the fixture's formula ticket is not in the range")
	}
}

// The CSVs read back with survey's strict reader: a BOM, CR LF, one
// header of both languages, the summary's numbers a plain count, the
// responses one row each, text neutralised.
func TestCSVReadBackEqualsPlainCount(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s, err := BuildSummary(ctx, f.st, f.period())
	if err != nil {
		t.Fatal(err)
	}
	read := func(b []byte) [][]string {
		t.Helper()
		if !bytes.HasPrefix(b, []byte("\ufeff")) || bytes.Count(b, []byte("\r\n")) != bytes.Count(b, []byte("\n")) {
			t.Fatalf("not UTF-8 with a BOM and CR LF:\n%q", b[:min(len(b), 200)])
		}
		r := survey.NewCSVReader(bytes.NewReader(b))
		var out [][]string
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return out
			}
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, rec)
		}
	}
	var sum bytes.Buffer
	if err := WriteSummaryCSV(&sum, s); err != nil {
		t.Fatal(err)
	}
	recs := read(sum.Bytes())
	if recs[0][3] != "Số đánh giá (n) / Ratings (n)" {
		t.Errorf("summary header %q", recs[0])
	}
	rs := f.inRange(t)
	checkSummaryRows(t, recs[1:], plain(rs), false)
	if !strings.Contains(sum.String(), ",'=Trung tâm Quảng Ninh,") || !strings.Contains(sum.String(), ",'@Trần Văn Bình,") {
		t.Errorf("names not neutralised:\n%s", sum.String())
	}

	var resp bytes.Buffer
	n, err := WriteResponsesCSV(ctx, &resp, f.st, s)
	if err != nil {
		t.Fatal(err)
	}
	recs = read(resp.Bytes())
	if n != len(rs) || len(recs) != len(rs)+1 {
		t.Fatalf("%d responses, %d records, want %d", n, len(recs), len(rs))
	}
	for _, rec := range recs[1:] {
		if len(rec) != len(ResponseColumns) {
			t.Fatalf("record %q", rec)
		}
		if strings.HasPrefix(rec[8], "=") || strings.HasPrefix(rec[9], "+") {
			t.Errorf("a formula cell: %q", rec)
		}
		if _, err := time.Parse(TimeLayout, rec[0]); err != nil {
			t.Errorf("time %q: %v", rec[0], err)
		}
	}
	if !strings.Contains(resp.String(), `"'=HYPERLINK(""http://x"",""y"")"`) {
		t.Errorf("the ticket is not neutralised and quoted:\n%s", resp.String())
	}
}

// A range of responses larger than a sheet holds is refused, not cut.
func TestXLSXRefusesTooManyRows(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s, err := BuildSummary(ctx, f.st, f.period())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WriteXLSX(ctx, io.Discard, f.st, s, XLSXOptions{MaxRows: 3}); !errors.Is(err, ErrTooManyRows) {
		t.Fatalf("err %v, want ErrTooManyRows", err)
	}
}

func TestSummaryRefusesBadPeriods(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := BuildSummary(ctx, f.st, Period{CentreID: "zz", From: f.from, To: f.to}); !errors.Is(err, scoring.ErrNotFound) {
		t.Errorf("unknown centre: %v", err)
	}
	for _, p := range []Period{{CentreID: "qn", From: f.to, To: f.from}, {From: f.from, To: f.to}, {CentreID: "qn"}} {
		if _, err := BuildSummary(ctx, f.st, p); !errors.Is(err, ErrBadPeriod) {
			t.Errorf("%+v: %v, want ErrBadPeriod", p, err)
		}
	}
}
