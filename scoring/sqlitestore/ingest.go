package sqlitestore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/mattn/go-sqlite3"

	"hailong/kiosk/scoring"
)

// insertResponse stores one response unless its id is stored already; the
// affected-row count tells which.
const insertResponse = `INSERT INTO responses (id, kiosk_no, seq, prev_hash, hash, centre_id, counter_id,
	officer_id, scale, raw_value, level, reasons, outcome, filter_reason, invitation_id, ticket, dossier_code,
	lang, created_at, created_ms, duration_ms, app_version, config_version, received_ms)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (id) DO NOTHING`

// querier is what *sql.Conn and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// insertRows offers each row that passed its check to the INSERT, chunk by
// chunk as p has them ready, and reports which were new. The rows go
// through the driver's prepared statement directly: with 24 columns a row,
// database/sql's per-call argument conversion cost as much as SQLite's
// own work.
func insertRows(ctx context.Context, conn *sql.Conn, kioskNo, receivedMS int64, p *prepared) ([]bool, error) {
	inserted := make([]bool, len(p.rows))
	if len(p.rows) == 0 {
		return inserted, nil
	}
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("writer connection is a %T", dc)
		}
		st, err := c.PrepareContext(ctx, insertResponse)
		if err != nil {
			return fmt.Errorf("prepare insert: %w", err)
		}
		defer st.Close()
		exec, ok := st.(driver.StmtExecContext)
		if !ok {
			return fmt.Errorf("statement is a %T", st)
		}
		args := make([]driver.NamedValue, 24)
		for i := range args {
			args[i].Ordinal = i + 1
		}
		var last [24]string // each text column's last value, boxed in args
		text := func(j int, v string) {
			// Most text columns repeat from row to row (kiosk, centre,
			// scale, versions): keep the value boxed for the last row
			// rather than allocate a new interface for each.
			if args[j].Value == nil || v != last[j] {
				last[j], args[j].Value = v, v
			}
		}
		for ch := range p.done {
			if err := p.wait(ch); err != nil {
				return err
			}
			for i := ch * prepChunk; i < min(len(p.rows), (ch+1)*prepChunk); i++ {
				if !p.ok[i] {
					continue
				}
				w := &p.rows[i]
				r := w.r
				args[0].Value, args[1].Value, args[2].Value, args[3].Value, args[4].Value = w.id, kioskNo, r.Seq, w.prev, w.hash
				text(5, r.CentreID)
				text(6, r.CounterID)
				text(7, r.OfficerID)
				text(8, r.Scale)
				args[9].Value = int64(r.RawValue)
				text(10, string(r.Level))
				text(11, w.reasons)
				text(12, string(r.Outcome))
				text(13, r.FilterReason)
				text(14, r.InvitationID)
				text(15, r.Ticket)
				text(16, r.DossierCode)
				text(17, r.Lang)
				args[18].Value, args[19].Value, args[20].Value = r.CreatedAt, w.createdMS, r.DurationMS
				text(21, r.AppVersion)
				text(22, r.ConfigVersion)
				args[23].Value = receivedMS
				res, err := exec.ExecContext(ctx, args)
				if err != nil {
					return fmt.Errorf("insert response %s: %w", r.ID, err)
				}
				n, err := res.RowsAffected()
				if err != nil {
					return fmt.Errorf("insert response %s: %w", r.ID, err)
				}
				inserted[i] = n == 1
			}
		}
		return nil
	})
	return inserted, err
}

// logBatch records the batch and marks the kiosk seen.
func logBatch(ctx context.Context, q querier, b scoring.IngestBatch, items []string) error {
	n := map[string]int{}
	for _, it := range items {
		n[it]++
	}
	recv := ms(b.ReceivedAt)
	if _, err := q.ExecContext(ctx, `INSERT INTO batches (kiosk_id, batch_id, received_ms, accepted, duplicate, rejected)
		VALUES (?, ?, ?, ?, ?, ?)`, b.KioskID, b.BatchID, recv, n[scoring.ItemAccepted], n[scoring.ItemDuplicate],
		n[scoring.ItemConflict]+n[scoring.ItemRejected]); err != nil {
		return fmt.Errorf("log batch: %w", err)
	}
	if _, err := q.ExecContext(ctx, "UPDATE kiosks SET last_seen_ms = ? WHERE id = ?", recv, b.KioskID); err != nil {
		return fmt.Errorf("mark kiosk seen: %w", err)
	}
	return nil
}

// storedAs reports whether an item's content is what the store holds for
// its id (accepted now, or a duplicate of what was stored before).
func storedAs(item string) bool { return item == scoring.ItemAccepted || item == scoring.ItemDuplicate }

// inWriteTx runs f in one write transaction (BEGIN IMMEDIATE … COMMIT)
// on the writer connection itself, so that f can use the driver directly.
// If f or the commit fails the transaction is rolled back; a connection
// left inside a transaction is discarded rather than returned to the pool.
func inWriteTx(ctx context.Context, conn *sql.Conn, f func(*sql.Conn) error) error {
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return mapErr(err)
	}
	committed := false
	defer func() {
		if committed {
			return
		}
		_, rerr := conn.ExecContext(context.Background(), "ROLLBACK")
		if rerr == nil {
			return
		}
		_ = conn.Raw(func(dc any) error {
			if c, ok := dc.(*sqlite3.SQLiteConn); ok && c.AutoCommit() {
				return nil // SQLite had rolled back already
			}
			return driver.ErrBadConn // close it: never reuse a connection inside a transaction
		})
	}()
	if err := f(conn); err != nil {
		return mapErr(err)
	}
	if _, err := conn.ExecContext(context.WithoutCancel(ctx), "COMMIT"); err != nil {
		return mapErr(fmt.Errorf("commit: %w", err))
	}
	committed = true
	return nil
}
