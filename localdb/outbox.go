package localdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"hailong/kiosk/survey"
)

// QuarantinedResponse is a response the server rejected, kept with the
// reason for the technician; it is never uploaded again as it is.
type QuarantinedResponse struct {
	survey.Response
	Reason string
}

// PendingAfter is Pending from the first seq after after: the uploader
// reads the next batch while the server is still answering for the one
// before it, which is not yet acknowledged.
func (db *DB) PendingAfter(ctx context.Context, after int64, limit int) ([]survey.Response, error) {
	if limit < 1 {
		return nil, fmt.Errorf("pending after %d: limit %d is not positive", after, limit)
	}
	rs, err := db.queryResponses(ctx, "SELECT "+responseCols+
		" FROM responses WHERE uploaded_at IS NULL AND quarantine_reason IS NULL AND seq > ? ORDER BY seq LIMIT ?",
		after, limit)
	if err != nil {
		return nil, fmt.Errorf("pending after %d: %w", after, err)
	}
	return rs, nil
}

// OldestPending returns the creation time of the response that has waited
// longest in the outbox (the lowest pending seq; seq is save order, so a
// clock set back cannot hide an old response), in the kiosk's offset as
// recorded. ok is false when nothing is pending.
func (db *DB) OldestPending(ctx context.Context) (at time.Time, ok bool, err error) {
	var created string
	err = db.withReadTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT created_at FROM responses
			WHERE uploaded_at IS NULL AND quarantine_reason IS NULL ORDER BY seq LIMIT 1`).Scan(&created)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("oldest pending: %w", err)
	}
	at, err = time.Parse(survey.TimeLayout, created)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("oldest pending: created_at: %w", err)
	}
	return at, true, nil
}

// Quarantined returns up to limit quarantined responses with their reasons,
// in seq order.
func (db *DB) Quarantined(ctx context.Context, limit int) ([]QuarantinedResponse, error) {
	if limit < 1 {
		return nil, fmt.Errorf("quarantined: limit %d is not positive", limit)
	}
	var out []QuarantinedResponse
	err := db.withReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+responseCols+", quarantine_reason"+
			" FROM responses WHERE quarantine_reason IS NOT NULL ORDER BY seq LIMIT ?", limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var reason string
			st, err := scanResponse(reasonScanner{rows, &reason})
			if err != nil {
				return err
			}
			out = append(out, QuarantinedResponse{Response: st.Response, Reason: reason})
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("quarantined: %w", err)
	}
	return out, nil
}

// reasonScanner reads one extra trailing column, the quarantine reason,
// after the ones scanResponse asks for.
type reasonScanner struct {
	s      scanner
	reason *string
}

func (r reasonScanner) Scan(dest ...any) error { return r.s.Scan(append(dest, r.reason)...) }

// QuarantinedCount returns how many responses are quarantined.
func (db *DB) QuarantinedCount(ctx context.Context) (int, error) {
	var n int
	err := db.withReadTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx,
			"SELECT count(*) FROM responses WHERE quarantine_reason IS NOT NULL").Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("quarantined count: %w", err)
	}
	return n, nil
}
