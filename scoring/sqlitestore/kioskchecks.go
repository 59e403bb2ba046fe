package sqlitestore

import (
	"context"
	"database/sql"
	"time"

	"hailong/kiosk/scoring"
)

// replaceChecks makes cs the kiosk's stored checks (migration 0011).
func replaceChecks(ctx context.Context, tx *sql.Tx, kioskID string, cs []scoring.KioskCheck, at time.Time) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM kiosk_checks WHERE kiosk_id = ?", kioskID); err != nil {
		return err
	}
	for _, c := range cs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO kiosk_checks (kiosk_id, name, result, received_ms) VALUES (?, ?, ?, ?)",
			kioskID, c.Name, c.Result, ms(at)); err != nil {
			return err
		}
	}
	return nil
}

// readChecks fills the checks of the listed kiosks, index giving each
// kiosk's place in out.
func readChecks(ctx context.Context, tx *sql.Tx, out []scoring.KioskStatus, index map[string]int) error {
	rows, err := tx.QueryContext(ctx, "SELECT kiosk_id, name, result, received_ms FROM kiosk_checks ORDER BY kiosk_id, name")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var c scoring.KioskCheck
		var at int64
		if err := rows.Scan(&id, &c.Name, &c.Result, &at); err != nil {
			return err
		}
		if i, ok := index[id]; ok {
			out[i].Checks = append(out[i].Checks, c)
			out[i].ChecksAt = time.UnixMilli(at).UTC()
		}
	}
	return rows.Err()
}
