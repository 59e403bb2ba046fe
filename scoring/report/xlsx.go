package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"hailong/kiosk/score"
	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// The sheets of the XLSX report.
const (
	SheetSummary   = "Tổng hợp"
	SheetResponses = "Chi tiết"
)

// HeaderRow is the row of the column headings on both sheets (1-based):
// the title and the subtitle above it, the data below, everything above
// the data frozen.
const HeaderRow = 3

// ErrTooManyRows: the responses do not fit in one XLSX sheet; a CSV (or
// a shorter range) does.
var ErrTooManyRows = errors.New("report: too many responses for one XLSX sheet")

// XLSXOptions are the particulars of a report that its data do not give.
type XLSXOptions struct {
	// PreparedBy is the name under "Người lập báo cáo": the signed-in
	// user, or the command line's user.
	PreparedBy string
	// PreparedAt is when the report was made (its date is shown in the
	// centre's zone).
	PreparedAt time.Time
	// Demo marks every sheet as made-up demo data (scoring-server
	// demo-data), so that a file that leaves the screen says so too.
	Demo bool
	// MaxRows bounds the responses sheet's data rows; 0 is what a sheet
	// holds. Tests set it low.
	MaxRows int
}

// styles are the cell styles of the report.
type styles struct {
	title, subtitle, header, text, int, pct, time, note, sign, signBold int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	pct, when := "0.0%", "dd/mm/yyyy hh:mm:ss"
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	for _, x := range []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, NumFmt: 49}},
		{&s.subtitle, excelize.Style{Font: &excelize.Font{Italic: true, Color: "555555", Size: 9}, NumFmt: 49,
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF4"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}}},
		{&s.text, excelize.Style{NumFmt: 49, Border: border}},
		{&s.int, excelize.Style{NumFmt: 3, Border: border}},
		{&s.pct, excelize.Style{CustomNumFmt: &pct, Border: border}},
		{&s.time, excelize.Style{CustomNumFmt: &when, Border: border}},
		{&s.note, excelize.Style{Font: &excelize.Font{Italic: true, Size: 9}, NumFmt: 49}},
		{&s.sign, excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&s.signBold, excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49, Alignment: &excelize.Alignment{Horizontal: "center"}}},
	} {
		if *x.dst, err = f.NewStyle(&x.st); err != nil {
			return s, fmt.Errorf("xlsx style: %w", err)
		}
	}
	return s, nil
}

// cell types one value of a column for a sheet: text neutralised (the
// same rule as the CSV) in a string cell, counts as integers, percentages
// as the fraction they show (93.3 % is 0.933) with one decimal, times as
// the local wall clock. A percentage without a figure is an empty cell.
func (st styles) cell(k Kind, v any) any {
	switch x := v.(type) {
	case string:
		return excelize.Cell{StyleID: st.text, Value: survey.CSVText(x)}
	case int:
		return excelize.Cell{StyleID: st.int, Value: x}
	case score.Percent:
		if !x.OK() {
			return excelize.Cell{StyleID: st.pct}
		}
		return excelize.Cell{StyleID: st.pct, Value: float64(x.Tenths()) / 1000}
	case time.Time:
		// excelize writes an instant's UTC clock: give it the local wall
		// clock as if it were UTC.
		wall := time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), 0, time.UTC)
		return excelize.Cell{StyleID: st.time, Value: wall}
	}
	return nil
}

func (st styles) row(cols []Column, vals []any) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = st.cell(cols[i].Kind, v)
	}
	return out
}

// Title is the report's title: "Báo cáo mức độ hài lòng — <centre> — từ
// 01/11/2026 đến 30/11/2026".
func Title(s Summary) string {
	return fmt.Sprintf("Báo cáo mức độ hài lòng — %s — từ %s đến %s", s.Centre.Name, viDate(s.From), viDate(s.To))
}

// DemoMark opens the subtitle of a report over demo data.
const DemoMark = "DỮ LIỆU MINH HOẠ, không phải số liệu thật / DEMO DATA, not real figures. "

// subtitle is the title in English, and what the figures are.
func subtitle(s Summary, demo bool) string {
	mark := ""
	if demo {
		mark = DemoMark
	}
	return mark + fmt.Sprintf("Satisfaction report — %s — %s to %s. Tỷ lệ hài lòng = (Rất hài lòng + Hài lòng) ÷ n; "+
		"bấm lặp không tính / satisfaction rate = (very satisfied + satisfied) ÷ n, repeat presses not counted. "+
		"Không phải chỉ số SIPAS / not the SIPAS index.", s.Centre.Name, enDate(s.From), enDate(s.To))
}

func viDate(d scoring.Date) string { return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year) }

func enDate(d scoring.Date) string {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Format("2 Jan 2006")
}

// BuildXLSX makes the report workbook: sheet SheetSummary (the summary and
// the signature block) and sheet SheetResponses (one row per response). It
// returns the workbook, for the caller to write and close, and the number
// of responses. ErrTooManyRows when the responses do not fit.
func BuildXLSX(ctx context.Context, st Store, s Summary, o XLSXOptions) (*excelize.File, int, error) {
	f := excelize.NewFile()
	n, err := buildXLSX(ctx, f, st, s, o)
	if err != nil {
		f.Close()
		return nil, n, err
	}
	return f, n, nil
}

func buildXLSX(ctx context.Context, f *excelize.File, st Store, s Summary, o XLSXOptions) (int, error) {
	if err := f.SetSheetName(f.GetSheetName(0), SheetSummary); err != nil {
		return 0, fmt.Errorf("xlsx: %w", err)
	}
	if _, err := f.NewSheet(SheetResponses); err != nil {
		return 0, fmt.Errorf("xlsx: %w", err)
	}
	_ = f.SetDocProps(&excelize.DocProperties{Title: Title(s), Creator: o.PreparedBy, Language: "vi-VN"})
	sty, err := newStyles(f)
	if err != nil {
		return 0, err
	}
	if err := writeSummarySheet(f, sty, s, o); err != nil {
		return 0, fmt.Errorf("xlsx %s: %w", SheetSummary, err)
	}
	n, err := writeResponseSheet(ctx, f, sty, st, s, o)
	if err != nil {
		return n, fmt.Errorf("xlsx %s: %w", SheetResponses, err)
	}
	return n, nil
}

// startSheet opens a stream on a sheet with its column widths, the title
// rows, the frozen header row.
func startSheet(f *excelize.File, sty styles, sheet string, cols []Column, s Summary, demo bool) (*excelize.StreamWriter, error) {
	if err := printSetup(f, sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: HeaderRow,
		TopLeftCell: fmt.Sprintf("A%d", HeaderRow+1), ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: sty.title, Value: survey.CSVText(Title(s))}},
		excelize.RowOpts{Height: 22}); err != nil {
		return nil, err
	}
	if err := sw.SetRow("A2", []any{excelize.Cell{StyleID: sty.subtitle, Value: survey.CSVText(subtitle(s, demo))}},
		excelize.RowOpts{Height: 26}); err != nil {
		return nil, err
	}
	// The title rows span the table's columns, so that their text neither
	// runs past the table nor widens the printed page.
	last, _ := excelize.ColumnNumberToName(len(cols))
	for _, r := range []string{"1", "2"} {
		if err := sw.MergeCell("A"+r, last+r); err != nil {
			return nil, err
		}
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: sty.header, Value: c.Heading()}
	}
	return sw, sw.SetRow(fmt.Sprintf("A%d", HeaderRow), head, excelize.RowOpts{Height: 60})
}

// printSetup prints a sheet as a report is filed: A4 landscape, every
// column on the page's width, the title and header rows on every page.
func printSetup(f *excelize.File, sheet string) error {
	a4, landscape, one, any := 9, "landscape", 1, 0
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape,
		FitToWidth: &one, FitToHeight: &any}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$1:$%d", sheet, HeaderRow), Scope: sheet})
}

func writeSummarySheet(f *excelize.File, sty styles, s Summary, o XLSXOptions) error {
	sw, err := startSheet(f, sty, SheetSummary, SummaryColumns, s, o.Demo)
	if err != nil {
		return err
	}
	row := HeaderRow + 1
	for _, g := range s.Rows {
		if err := sw.SetRow(fmt.Sprintf("A%d", row), sty.row(SummaryColumns, g.Values())); err != nil {
			return err
		}
		row++
	}
	// The signature block, on the right as an official report has it.
	loc, err := scoring.LoadZone(s.Centre.TimeZone)
	if err != nil {
		return err
	}
	at := o.PreparedAt
	if at.IsZero() {
		at = time.Now()
	}
	day := scoring.DateOf(at, loc)
	first, last := len(SummaryColumns)-4, len(SummaryColumns)
	lines := []struct {
		style int
		text  string
	}{
		{sty.sign, fmt.Sprintf("Ngày %02d tháng %02d năm %04d / Date: %s", day.Day, int(day.Month), day.Year, enDate(day))},
		{sty.signBold, "NGƯỜI LẬP BÁO CÁO / PREPARED BY"},
		{sty.sign, "(Ký, ghi rõ họ tên / signature and full name)"},
		{sty.sign, ""},
		{sty.sign, ""},
		{sty.sign, "………………………………………"},
		{sty.signBold, o.PreparedBy},
	}
	row++
	for _, l := range lines {
		from, _ := excelize.CoordinatesToCellName(first, row)
		to, _ := excelize.CoordinatesToCellName(last, row)
		if err := sw.SetRow(from, []any{excelize.Cell{StyleID: l.style, Value: survey.CSVText(l.text)}}); err != nil {
			return err
		}
		if err := sw.MergeCell(from, to); err != nil {
			return err
		}
		row++
	}
	return sw.Flush()
}

func writeResponseSheet(ctx context.Context, f *excelize.File, sty styles, st Store, s Summary, o XLSXOptions) (int, error) {
	sw, err := startSheet(f, sty, SheetResponses, ResponseColumns, s, o.Demo)
	if err != nil {
		return 0, err
	}
	limit := o.MaxRows
	if limit <= 0 || limit > excelize.TotalRows-HeaderRow {
		limit = excelize.TotalRows - HeaderRow
	}
	n := 0
	err = EachResponse(ctx, st, s, func(vals []any) error {
		if n == limit {
			return fmt.Errorf("%w: more than %d", ErrTooManyRows, limit)
		}
		n++
		return sw.SetRow(fmt.Sprintf("A%d", HeaderRow+n), sty.row(ResponseColumns, vals))
	})
	if err != nil {
		return n, err
	}
	return n, sw.Flush()
}

// WriteXLSX builds the workbook (BuildXLSX) and writes it to w.
func WriteXLSX(ctx context.Context, w io.Writer, st Store, s Summary, o XLSXOptions) (int, error) {
	f, n, err := BuildXLSX(ctx, st, s, o)
	if err != nil {
		return n, err
	}
	defer f.Close()
	if _, err := f.WriteTo(w); err != nil {
		return n, fmt.Errorf("xlsx: %w", err)
	}
	return n, nil
}
