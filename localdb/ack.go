package localdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Acknowledge records that the server acknowledged (accepted or already
// had) the responses with these ids at at, with MarkUploaded's rules:
// marking one twice keeps the first time, and an unknown id fails the whole
// call and marks nothing. It is the uploader's bulk path: a few statements
// over the whole list, where MarkUploaded runs three per id (several times
// faster for a batch of 500, and acknowledging is most of what the kiosk's
// store does while a backlog drains).
//
// The response rows are not touched: the batch's seqs leave the outbox and
// enter uploads, both narrow tables (migration 0002), so a batch of 500
// writes a few pages to the WAL rather than the 400 KB of rewriting every
// row.
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
		seqs, err := seqsOfIDs(ctx, tx, string(list))
		if err != nil {
			return err
		}
		if len(seqs) != len(distinct) {
			var missing string
			if err := tx.QueryRowContext(ctx, `SELECT value FROM json_each(?)
				WHERE value NOT IN (SELECT id FROM responses) LIMIT 1`, string(list)).Scan(&missing); err != nil {
				return fmt.Errorf("%d of %d ids unknown: %w", len(distinct)-len(seqs), len(distinct), ErrNotFound)
			}
			return fmt.Errorf("response %s: %w", missing, ErrNotFound) // nothing was marked
		}
		slices.Sort(seqs) // appends to both b-trees in order
		set := seqList(seqs)
		// WHERE true: without it SQLite would read ON CONFLICT as a join.
		if _, err := tx.ExecContext(ctx, `INSERT INTO uploads (seq, uploaded_at)
			SELECT value, ? FROM json_each(?) WHERE true ON CONFLICT (seq) DO NOTHING`, stamp, set); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM outbox WHERE seq IN (SELECT value FROM json_each(?))", set)
		return err
	})
	if err != nil {
		return fmt.Errorf("acknowledge: %w", err)
	}
	return nil
}

// seqsOfIDs returns the seqs of the stored responses whose ids are in
// list, a JSON array of distinct ids.
func seqsOfIDs(ctx context.Context, tx *sql.Tx, list string) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, "SELECT r.seq FROM json_each(?) j JOIN responses r ON r.id = j.value", list)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var seqs []int64
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			return nil, err
		}
		seqs = append(seqs, seq)
	}
	return seqs, rows.Err()
}

// seqList is seqs as a JSON array, for json_each.
func seqList(seqs []int64) string {
	b := make([]byte, 0, len(seqs)*8+2)
	b = append(b, '[')
	for i, s := range seqs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, s, 10)
	}
	return string(append(b, ']'))
}
