package scoring

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
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

// csvColumn is one column of the export: a field of survey.Response under
// its JSON name, or received_at.
type csvColumn struct {
	name  string
	value func(StoredResponse) string
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// csvColumns are the export's columns: every field of SPEC §5 in the JSON
// order of survey.Response, then received_at. A test checks the list
// against the struct.
var csvColumns = []csvColumn{
	{"id", func(s StoredResponse) string { return s.ID }},
	{"kiosk_id", func(s StoredResponse) string { return s.KioskID }},
	{"seq", func(s StoredResponse) string { return itoa(s.Seq) }},
	{"prev_hash", func(s StoredResponse) string { return s.PrevHash }},
	{"hash", func(s StoredResponse) string { return s.Hash }},
	{"centre_id", func(s StoredResponse) string { return s.CentreID }},
	{"counter_id", func(s StoredResponse) string { return s.CounterID }},
	{"officer_id", func(s StoredResponse) string { return s.OfficerID }},
	{"scale", func(s StoredResponse) string { return s.Scale }},
	{"raw_value", func(s StoredResponse) string { return itoa(int64(s.RawValue)) }},
	{"level", func(s StoredResponse) string { return string(s.Level) }},
	{"reasons", func(s StoredResponse) string { return strings.Join(s.Reasons, ";") }},
	{"outcome", func(s StoredResponse) string { return string(s.Outcome) }},
	{"filter_reason", func(s StoredResponse) string { return s.FilterReason }},
	{"invitation_id", func(s StoredResponse) string { return s.InvitationID }},
	{"ticket", func(s StoredResponse) string { return s.Ticket }},
	{"dossier_code", func(s StoredResponse) string { return s.DossierCode }},
	{"lang", func(s StoredResponse) string { return s.Lang }},
	{"created_at", func(s StoredResponse) string { return s.CreatedAt }},
	{"duration_ms", func(s StoredResponse) string { return itoa(s.DurationMS) }},
	{"app_version", func(s StoredResponse) string { return s.AppVersion }},
	{"config_version", func(s StoredResponse) string { return s.ConfigVersion }},
	{"received_at", func(s StoredResponse) string { return s.ReceivedAt.UTC().Format(survey.TimeLayout) }},
}

// WriteCSV writes the responses that f selects to w as UTF-8 CSV with a
// byte-order mark and CRLF line ends (what Excel expects): a header of
// field names, then one row per response, reasons joined by ";". It
// returns the number of responses written.
func WriteCSV(ctx context.Context, w io.Writer, st Store, f ExportFilter) (int, error) {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return 0, fmt.Errorf("export csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	record := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		record[i] = c.name
	}
	if err := cw.Write(record); err != nil {
		return 0, fmt.Errorf("export csv: %w", err)
	}
	n := 0
	err := st.ExportResponses(ctx, f, func(s StoredResponse) error {
		for i, c := range csvColumns {
			record[i] = c.value(s)
		}
		n++
		return cw.Write(record)
	})
	if err == nil {
		cw.Flush()
		err = cw.Error()
	}
	if err != nil {
		return n, fmt.Errorf("export csv: %w", err)
	}
	return n, nil
}
