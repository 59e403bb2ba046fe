package localdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/mattn/go-sqlite3"

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
	rs, err := db.pending(ctx, after, limit)
	if err != nil {
		return nil, fmt.Errorf("pending after %d: %w", after, err)
	}
	return rs, nil
}

// pendingQuery reads the outbox after a seq, in seq order; the columns
// are responseFields.
const pendingQuery = "SELECT " + responseFields +
	" FROM outbox o JOIN responses r ON r.seq = o.seq WHERE o.seq > ? ORDER BY o.seq LIMIT ?"

// pending reads up to limit responses of the outbox after seq after, in
// seq order. It is the uploader's read, once a batch while a backlog
// drains, so it talks to the driver itself: database/sql's per-row locking
// and per-column conversions were a quarter of its cost. A single SELECT
// reads one snapshot, so it needs no explicit transaction.
func (db *DB) pending(ctx context.Context, after int64, limit int) ([]survey.Response, error) {
	conn, err := db.rd.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	out := make([]survey.Response, 0, min(limit, 1000))
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("reader connection is a %T", dc)
		}
		rows, err := c.QueryContext(ctx, pendingQuery,
			[]driver.NamedValue{{Ordinal: 1, Value: after}, {Ordinal: 2, Value: int64(limit)}})
		if err != nil {
			return err
		}
		defer rows.Close()
		dest := make([]driver.Value, len(rows.Columns()))
		for {
			err := rows.Next(dest)
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			r, err := responseOf(dest)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// responseOf makes a response of the values of responseFields as the
// driver hands them over: int64 for INTEGER columns and string for TEXT
// ones, the only types the STRICT table holds there.
func responseOf(v []driver.Value) (survey.Response, error) {
	c := columns{v: v, bad: -1}
	r := survey.Response{
		Seq: c.int(0), ID: c.str(1), KioskID: c.str(2), PrevHash: c.str(3), Hash: c.str(4),
		CentreID: c.str(5), CounterID: c.str(6), OfficerID: c.str(7), Scale: c.str(8),
		RawValue: int(c.int(9)), Level: survey.Level(c.str(10)), Outcome: survey.Outcome(c.str(12)),
		FilterReason: c.str(13), InvitationID: c.str(14), Ticket: c.str(15), DossierCode: c.str(16),
		Lang: c.str(17), CreatedAt: c.str(18), DurationMS: c.int(19), AppVersion: c.str(20), ConfigVersion: c.str(21),
	}
	reasons := c.str(11)
	if c.bad >= 0 {
		return survey.Response{}, fmt.Errorf("response seq %v: column %d is a %T", v[0], c.bad, v[c.bad])
	}
	var err error
	if r.Reasons, err = decodeReasons(reasons); err != nil {
		return survey.Response{}, fmt.Errorf("response seq %d: decode reasons: %w", r.Seq, err)
	}
	return r, nil
}

// columns reads driver values by index, remembering the first of an
// unexpected type.
type columns struct {
	v   []driver.Value
	bad int
}

func (c *columns) str(i int) string {
	s, ok := c.v[i].(string)
	if !ok && c.bad < 0 {
		c.bad = i
	}
	return s
}

func (c *columns) int(i int) int64 {
	n, ok := c.v[i].(int64)
	if !ok && c.bad < 0 {
		c.bad = i
	}
	return n
}

// OldestPending returns the creation time of the response that has waited
// longest in the outbox (the lowest pending seq; seq is save order, so a
// clock set back cannot hide an old response), in the kiosk's offset as
// recorded. ok is false when nothing is pending.
func (db *DB) OldestPending(ctx context.Context) (at time.Time, ok bool, err error) {
	var created string
	err = db.withReadTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT r.created_at FROM outbox o JOIN responses r ON r.seq = o.seq
			ORDER BY o.seq LIMIT 1`).Scan(&created)
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
		return eachResponse(ctx, tx, func(st stored) error {
			out = append(out, QuarantinedResponse{Response: st.Response, Reason: st.QuarantineReason})
			return nil
		}, "SELECT "+responseCols+responsesFrom+" WHERE r.quarantine_reason IS NOT NULL ORDER BY r.seq LIMIT ?", limit)
	})
	if err != nil {
		return nil, fmt.Errorf("quarantined: %w", err)
	}
	return out, nil
}

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
