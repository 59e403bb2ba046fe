package localdb

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"time"

	"hailong/kiosk/survey"
)

// utf8BOM makes Excel read the file as UTF-8, so Vietnamese shows correctly.
const utf8BOM = "\ufeff"

// exportHeader is the export's columns: every Response field under its JSON
// name, in order, then uploaded_at and quarantine_reason.
func exportHeader() []string { return append(survey.CSVHeader(), "uploaded_at", "quarantine_reason") }

// ExportCSV writes the responses created in [from, to), in seq order, to w
// as UTF-8 CSV with a byte-order mark: a header row of field names, then one
// row per response, uploaded_at empty while pending, and quarantine_reason
// saying why the server rejected a response (empty for the others). Cells
// are written as the server's export writes them (survey.CSVRecord,
// docs/EXPORT.md): every hashed field lossless, no cell a formula. It
// returns the number of responses written.
func (db *DB) ExportCSV(ctx context.Context, w io.Writer, from, to time.Time) (int, error) {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return 0, fmt.Errorf("export csv: %w", err)
	}
	cw := survey.NewCSVWriter(w)
	if err := cw.Write(exportHeader()); err != nil {
		return 0, fmt.Errorf("export csv: %w", err)
	}
	n := 0
	err := db.withReadTx(ctx, func(tx *sql.Tx) error {
		return eachResponse(ctx, tx, func(st stored) error {
			n++
			return cw.Write(append(st.CSVRecord(), survey.CSVText(st.UploadedAt), survey.CSVText(st.QuarantineReason)))
		}, "SELECT "+responseCols+responsesFrom+" WHERE r.created_ms >= ? AND r.created_ms < ? ORDER BY r.seq",
			from.UnixMilli(), to.UnixMilli())
	})
	if err == nil {
		err = cw.Flush()
	}
	if err != nil {
		return n, fmt.Errorf("export csv: %w", err)
	}
	return n, nil
}
