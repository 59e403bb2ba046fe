package sqlitestore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"runtime"
	"sync"

	"github.com/mattn/go-sqlite3"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
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

// Ingest stores a batch in one transaction on the writer connection: every
// response is offered to INSERT … ON CONFLICT (id) DO NOTHING; only those
// not inserted are looked up, to tell a duplicate (same hash) from a
// conflict. The kiosk's chain state is then advanced once for the batch
// (chain.go), and the batch logged. Nothing is visible to readers before
// the commit, and the commit is durable (synchronous=FULL) before Ingest
// returns.
//
// The rows go through the driver's prepared statement directly: with 24
// columns a row, database/sql's per-call argument conversion cost as much
// as SQLite's own work.
func (s *Store) Ingest(ctx context.Context, b scoring.IngestBatch) (scoring.IngestResult, error) {
	rows, err := packRows(b)
	if err != nil {
		return scoring.IngestResult{}, fmt.Errorf("ingest: %w", err)
	}
	var res scoring.IngestResult
	err = s.writeConn(ctx, func(conn *sql.Conn) error {
		// Statements ignore cancellation: go-sqlite3 would start a watcher
		// goroutine for each. The transaction still rolls back if ctx ends
		// before the commit.
		qctx := context.WithoutCancel(ctx)
		c, err := loadChain(qctx, conn, b.KioskID)
		if err != nil {
			return err
		}
		inserted, err := insertRows(qctx, conn, c.kioskNo, ms(b.ReceivedAt), rows)
		if err != nil {
			return err
		}
		res = scoring.IngestResult{Items: make([]string, len(b.Responses))}
		for i, r := range b.Responses {
			if inserted[i] {
				res.Items[i] = scoring.ItemAccepted
				continue
			}
			var stored []byte
			if err := conn.QueryRowContext(qctx, "SELECT hash FROM responses WHERE id = ?", rows[i].id).Scan(&stored); err != nil {
				return fmt.Errorf("look up response %s: %w", r.ID, err)
			}
			res.Items[i] = scoring.ItemConflict
			if hashString(stored) == r.Hash {
				res.Items[i] = scoring.ItemDuplicate
			}
		}
		if res.Events, err = c.apply(qctx, conn, b.Responses, res.Items, ms(b.ReceivedAt)); err != nil {
			return err
		}
		if err := c.save(qctx, conn, res.Events, ms(b.ReceivedAt)); err != nil {
			return err
		}
		return logBatch(qctx, conn, b, res.Items)
	})
	if err != nil {
		return scoring.IngestResult{}, fmt.Errorf("ingest: %w", err)
	}
	return res, nil
}

// row is a response with the packed forms of its columns.
type row struct {
	r              *survey.Response
	id, prev, hash []byte
	reasons        string
	createdMS      int64
}

// packRows converts a batch before the transaction starts, so that the
// writer holds the lock for the inserts only. A large batch is packed in
// parallel halves: this work is on each request's path before the writer.
func packRows(b scoring.IngestBatch) ([]row, error) {
	rows := make([]row, len(b.Responses))
	if n := len(rows); n >= 2*minPackChunk && runtime.GOMAXPROCS(0) > 1 {
		var err2 error
		var wg sync.WaitGroup
		wg.Go(func() { err2 = packInto(b, rows, n/2, n) })
		err := packInto(b, rows, 0, n/2)
		wg.Wait()
		if err == nil {
			err = err2
		}
		return rows, err
	}
	return rows, packInto(b, rows, 0, len(rows))
}

// minPackChunk is the smallest half worth a goroutine.
const minPackChunk = 64

// packInto packs b.Responses[from:to] into rows[from:to].
func packInto(b scoring.IngestBatch, rows []row, from, to int) error {
	for i := from; i < to; i++ {
		r := &b.Responses[i]
		if r.KioskID != b.KioskID {
			return fmt.Errorf("response %s is of kiosk %q, not %q", r.ID, r.KioskID, b.KioskID)
		}
		created, err := r.Time()
		if err != nil {
			return fmt.Errorf("response %s: %w", r.ID, err)
		}
		// One allocation for the id and both hashes.
		buf := make([]byte, 16+32+32)
		w := row{r: r, createdMS: created.UnixMilli(), reasons: reasonsJSON(*r),
			id: buf[:16:16], prev: buf[16:48:48], hash: buf[48:]}
		if err := idInto(w.id, r.ID); err != nil {
			return err
		}
		if err := hashInto(w.prev, r.PrevHash); err != nil {
			return err
		}
		if err := hashInto(w.hash, r.Hash); err != nil {
			return err
		}
		rows[i] = w
	}
	return nil
}

// insertRows offers each row to the INSERT and reports which were new.
func insertRows(ctx context.Context, conn *sql.Conn, kioskNo, receivedMS int64, rows []row) ([]bool, error) {
	inserted := make([]bool, len(rows))
	if len(rows) == 0 {
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
		for i, w := range rows {
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
		n[scoring.ItemConflict]+b.Rejected); err != nil {
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

// writeConn runs f in one write transaction (BEGIN IMMEDIATE … COMMIT) on
// the writer connection itself, so that f can use the driver directly. If
// f or the commit fails the transaction is rolled back; a connection left
// inside a transaction is discarded rather than returned to the pool.
func (s *Store) writeConn(ctx context.Context, f func(*sql.Conn) error) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return mapErr(err)
	}
	defer conn.Close()
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
