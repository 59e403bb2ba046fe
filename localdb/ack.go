package localdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Acknowledge records that the server acknowledged (accepted or already
// had) the responses with these ids at at, with MarkUploaded's rules:
// marking one twice keeps the first time, and an unknown id fails the whole
// call and marks nothing. It is the uploader's bulk path: one statement
// over the id list, where MarkUploaded runs one per id (several times
// faster for a batch of 500, and acknowledging is most of what the kiosk's
// store does while a backlog drains).
func (db *DB) Acknowledge(ctx context.Context, ids []string, at time.Time) error {
	distinct := make([]string, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			distinct = append(distinct, id)
		}
	}
	if len(distinct) == 0 {
		return nil
	}
	list, err := json.Marshal(distinct)
	if err != nil {
		return fmt.Errorf("acknowledge: %w", err)
	}
	stamp := at.UTC().Format(utcLayout)
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		// Every row the WHERE matches counts as changed, so n is the number
		// of known ids, whether or not they were acknowledged before.
		res, err := tx.ExecContext(ctx, `UPDATE responses SET uploaded_at = coalesce(uploaded_at, ?)
			WHERE id IN (SELECT value FROM json_each(?))`, stamp, string(list))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if int(n) == len(distinct) {
			return nil
		}
		var missing string
		if err := tx.QueryRowContext(ctx, `SELECT value FROM json_each(?)
			WHERE value NOT IN (SELECT id FROM responses) LIMIT 1`, string(list)).Scan(&missing); err != nil {
			return fmt.Errorf("%d of %d ids unknown: %w", len(distinct)-int(n), len(distinct), ErrNotFound)
		}
		return fmt.Errorf("response %s: %w", missing, ErrNotFound) // the rollback unmarks the others
	})
	if err != nil {
		return fmt.Errorf("acknowledge: %w", err)
	}
	return nil
}
