package report

import (
	"context"
	"fmt"
	"io"

	"hailong/kiosk/survey"
)

// CSV kinds: a CSV file holds one table.
const (
	KindSummary   = "summary"
	KindResponses = "responses"
)

// utf8BOM makes Excel read the file as UTF-8, so Vietnamese shows right.
const utf8BOM = "\ufeff"

func headings(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Heading()
	}
	return out
}

func csvRecord(cols []Column, vals []any) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = csvCell(cols[i].Kind, v)
	}
	return out
}

// WriteSummaryCSV writes the summary as CSV: UTF-8 with a byte-order
// mark, CR LF, one header row, one row per group, text neutralised
// (survey.CSVWriter, survey.CSVText).
func WriteSummaryCSV(w io.Writer, s Summary) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return fmt.Errorf("summary csv: %w", err)
	}
	cw := survey.NewCSVWriter(w)
	if err := cw.Write(headings(SummaryColumns)); err != nil {
		return fmt.Errorf("summary csv: %w", err)
	}
	for _, g := range s.Rows {
		if err := cw.Write(csvRecord(SummaryColumns, g.Values())); err != nil {
			return fmt.Errorf("summary csv: %w", err)
		}
	}
	if err := cw.Flush(); err != nil {
		return fmt.Errorf("summary csv: %w", err)
	}
	return nil
}

// WriteResponsesCSV writes the responses of the summary's centre and
// period as CSV, like WriteSummaryCSV, and returns how many.
func WriteResponsesCSV(ctx context.Context, w io.Writer, st Store, s Summary) (int, error) {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return 0, fmt.Errorf("responses csv: %w", err)
	}
	cw := survey.NewCSVWriter(w)
	if err := cw.Write(headings(ResponseColumns)); err != nil {
		return 0, fmt.Errorf("responses csv: %w", err)
	}
	n := 0
	err := EachResponse(ctx, st, s, func(row []any) error {
		n++
		return cw.Write(csvRecord(ResponseColumns, row))
	})
	if err == nil {
		err = cw.Flush()
	}
	if err != nil {
		return n, fmt.Errorf("responses csv: %w", err)
	}
	return n, nil
}
