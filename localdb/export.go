package localdb

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// utf8BOM makes Excel read the file as UTF-8, so Vietnamese shows correctly.
const utf8BOM = "\ufeff"

// csvColumn is one column of the export: a Response JSON field name, or
// uploaded_at, and how to write it.
type csvColumn struct {
	name  string
	value func(stored) string
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// csvColumns are the export's columns: every field of survey.Response, in
// its JSON order and under its JSON name, then uploaded_at. A test checks
// this list against the struct.
var csvColumns = []csvColumn{
	{"id", func(s stored) string { return s.ID }},
	{"kiosk_id", func(s stored) string { return s.KioskID }},
	{"seq", func(s stored) string { return itoa(s.Seq) }},
	{"prev_hash", func(s stored) string { return s.PrevHash }},
	{"hash", func(s stored) string { return s.Hash }},
	{"centre_id", func(s stored) string { return s.CentreID }},
	{"counter_id", func(s stored) string { return s.CounterID }},
	{"officer_id", func(s stored) string { return s.OfficerID }},
	{"scale", func(s stored) string { return s.Scale }},
	{"raw_value", func(s stored) string { return itoa(int64(s.RawValue)) }},
	{"level", func(s stored) string { return string(s.Level) }},
	{"reasons", func(s stored) string { return strings.Join(s.Reasons, ";") }},
	{"outcome", func(s stored) string { return string(s.Outcome) }},
	{"filter_reason", func(s stored) string { return s.FilterReason }},
	{"invitation_id", func(s stored) string { return s.InvitationID }},
	{"ticket", func(s stored) string { return s.Ticket }},
	{"dossier_code", func(s stored) string { return s.DossierCode }},
	{"lang", func(s stored) string { return s.Lang }},
	{"created_at", func(s stored) string { return s.CreatedAt }},
	{"duration_ms", func(s stored) string { return itoa(s.DurationMS) }},
	{"app_version", func(s stored) string { return s.AppVersion }},
	{"config_version", func(s stored) string { return s.ConfigVersion }},
	{"uploaded_at", func(s stored) string { return s.UploadedAt }},
}

// ExportCSV writes the responses created in [from, to), in seq order, to w
// as UTF-8 CSV with a byte-order mark: a header row of field names, then one
// row per response, reasons joined by ";" and uploaded_at empty while
// pending. It returns the number of responses written.
func (db *DB) ExportCSV(ctx context.Context, w io.Writer, from, to time.Time) (int, error) {
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
	err := db.withReadTx(ctx, func(tx *sql.Tx) error {
		return eachResponse(ctx, tx, func(st stored) error {
			for i, c := range csvColumns {
				record[i] = c.value(st)
			}
			n++
			return cw.Write(record)
		}, "SELECT "+responseCols+" FROM responses WHERE created_ms >= ? AND created_ms < ? ORDER BY seq",
			from.UnixMilli(), to.UnixMilli())
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
