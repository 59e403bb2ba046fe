package scoring

import (
	"context"
	"fmt"
	"io"
	"time"

	"hailong/kiosk/survey"
)

// DefaultZone is the zone of a centre's calendar day (SPEC §7).
const DefaultZone = "Asia/Ho_Chi_Minh"

// Zone loads a time zone by name. Viet Nam has kept UTC+7 without daylight
// saving since 1975, so when the system has no zone database the default
// zone falls back to a fixed offset rather than failing.
func Zone(name string) (*time.Location, error) {
	loc, err := time.LoadLocation(name)
	if err != nil && name == DefaultZone {
		return time.FixedZone("ICT", 7*3600), nil
	}
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", name, err)
	}
	return loc, nil
}

// DayRange turns two calendar days (YYYY-MM-DD, both included) into the
// instants [start of from, start of the day after to) in loc.
func DayRange(from, to string, loc *time.Location) (time.Time, time.Time, error) {
	f, err := time.ParseInLocation(time.DateOnly, from, loc)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("from %q: want YYYY-MM-DD", from)
	}
	t, err := time.ParseInLocation(time.DateOnly, to, loc)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("to %q: want YYYY-MM-DD", to)
	}
	if t.Before(f) {
		return time.Time{}, time.Time{}, fmt.Errorf("to %s is before from %s", to, from)
	}
	return f, t.AddDate(0, 0, 1), nil
}

// utf8BOM makes Excel read the file as UTF-8, so Vietnamese shows right.
const utf8BOM = "\ufeff"

// exportHeader is the export's columns: every field of SPEC §5 in the JSON
// order of survey.Response, then received_at.
func exportHeader() []string { return append(survey.CSVHeader(), "received_at") }

// WriteCSV writes the responses that f selects to w as UTF-8 CSV with a
// byte-order mark and CRLF record ends (what Excel expects): a header of
// field names, then one row per response, every hashed field lossless and
// no cell a formula (survey.CSVRecord, docs/EXPORT.md). It returns the
// number of responses written.
func WriteCSV(ctx context.Context, w io.Writer, st IngestStore, f ExportFilter) (int, error) {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return 0, fmt.Errorf("export csv: %w", err)
	}
	cw := survey.NewCSVWriter(w)
	if err := cw.Write(exportHeader()); err != nil {
		return 0, fmt.Errorf("export csv: %w", err)
	}
	n := 0
	err := st.ExportResponses(ctx, f, func(s StoredResponse) error {
		n++
		return cw.Write(append(s.CSVRecord(), survey.CSVText(s.ReceivedAt.UTC().Format(survey.TimeLayout))))
	})
	if err == nil {
		err = cw.Flush()
	}
	if err != nil {
		return n, fmt.Errorf("export csv: %w", err)
	}
	return n, nil
}
