package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"hailong/kiosk/scoring"
)

// Group commit. Ingest hands its batch to the store's ingest goroutine,
// which writes every batch queued at that moment in one transaction and
// commits once: with several kiosks sending, one commit (its WAL writes,
// its sync) serves them all. No batch is answered before the commit that
// holds it is durable. Each batch still stands alone: if anything in a
// group fails, the group is rolled back and each of its batches written
// again in a transaction of its own, so one bad batch costs the others a
// retry, never their data. (A savepoint per batch would avoid the retry,
// but measured, it cost as much SQLite work as the shared commit saved.)

// Bounds of a group: enough to absorb every kiosk queued behind a commit,
// few enough that the first batch of a group is not kept long.
const (
	maxGroupBatches   = 8
	maxGroupResponses = 4000
)

// ingestQueue is how many batches may wait for the ingest goroutine
// before Ingest blocks.
const ingestQueue = 64

// errClosed answers batches handed in as the store closes.
var errClosed = errors.New("store closed")

// testHookGroup, when set by a test, is called with the size of each
// group before it is written.
var testHookGroup func(size int)

// ingestReq is one batch waiting for the ingest goroutine.
type ingestReq struct {
	ctx  context.Context
	b    scoring.IngestBatch
	p    *prepared
	done chan ingestDone // buffered: the goroutine never waits on it
}

type ingestDone struct {
	res scoring.IngestResult
	err error
}

// Ingest stores a batch (see scoring.Store): its checking and packing
// start at once on a goroutine of their own (prepare.go), and the batch
// joins the next group commit.
func (s *Store) Ingest(ctx context.Context, b scoring.IngestBatch) (scoring.IngestResult, error) {
	p := prepare(b)
	defer p.close()
	req := &ingestReq{ctx: ctx, b: b, p: p, done: make(chan ingestDone, 1)}
	select {
	case s.ingests <- req:
	case <-ctx.Done():
		return scoring.IngestResult{}, fmt.Errorf("ingest: %w", ctx.Err())
	case <-s.stopped:
		return scoring.IngestResult{}, fmt.Errorf("ingest: %w", errClosed)
	}
	var d ingestDone
	select {
	case d = <-req.done:
	case <-s.stopped:
		// The goroutine has gone: it either answered, or never took req.
		select {
		case d = <-req.done:
		default:
			d.err = errClosed
		}
	}
	if d.err != nil {
		return scoring.IngestResult{}, fmt.Errorf("ingest: %w", d.err)
	}
	return d.res, nil
}

// runIngests is the ingest goroutine: it writes groups until the store
// closes, then answers what is left in the queue.
func (s *Store) runIngests() {
	defer close(s.stopped)
	for {
		select {
		case req := <-s.ingests:
			s.writeGroup(req)
		case <-s.quit:
			for {
				select {
				case req := <-s.ingests:
					req.done <- ingestDone{err: errClosed}
				default:
					return
				}
			}
		}
	}
}

// writeGroup writes first and every batch queued behind it, up to the
// bounds, in one transaction, and answers each once it has committed.
func (s *Store) writeGroup(first *ingestReq) {
	ctx := context.Background()
	conn, err := s.w.Conn(ctx)
	if err != nil {
		first.done <- ingestDone{err: mapErr(err)}
		return
	}
	defer conn.Close()
	// Taken once the connection is ours, so that batches queued while an
	// administrative write held it join too.
	group := []*ingestReq{first}
	n := len(first.b.Responses)
take:
	for len(group) < maxGroupBatches && n < maxGroupResponses {
		select {
		case req := <-s.ingests:
			group = append(group, req)
			n += len(req.b.Responses)
		default:
			break take
		}
	}
	// A batch whose client has gone is not written.
	live := group[:0]
	for _, req := range group {
		if err := req.ctx.Err(); err != nil {
			req.done <- ingestDone{err: err}
			continue
		}
		live = append(live, req)
	}
	if group = live; len(group) == 0 {
		return
	}
	if testHookGroup != nil {
		testHookGroup(len(group))
	}
	if len(group) == 1 {
		group[0].done <- writeAlone(conn, group[0])
		return
	}
	out := make([]ingestDone, len(group))
	err = inWriteTx(ctx, conn, func(conn *sql.Conn) error {
		rollups := newRollupAcc() // the group's rollup counts, added once before the commit (rollup.go)
		for i, req := range group {
			var err error
			if out[i].res, err = ingestOne(conn, req, rollups); err != nil {
				return err
			}
		}
		return rollups.flush(ctx, conn)
	})
	if err == nil {
		for i, req := range group {
			req.done <- out[i]
		}
		return
	}
	// Each again on its own, on a connection taken afresh: a failed
	// rollback may have spoiled this one.
	conn.Close()
	for _, req := range group {
		conn, err := s.w.Conn(ctx)
		if err != nil {
			req.done <- ingestDone{err: mapErr(err)}
			continue
		}
		req.done <- writeAlone(conn, req)
		conn.Close()
	}
}

// writeAlone writes one batch in a transaction of its own.
func writeAlone(conn *sql.Conn, req *ingestReq) ingestDone {
	var d ingestDone
	d.err = inWriteTx(context.Background(), conn, func(conn *sql.Conn) error {
		rollups := newRollupAcc()
		var err error
		if d.res, err = ingestOne(conn, req, rollups); err != nil {
			return err
		}
		return rollups.flush(context.Background(), conn)
	})
	return d
}

// ingestOne writes one batch inside the transaction open on conn (its
// group's, or its own): every response that passed b.Check is offered to
// INSERT … ON CONFLICT (id) DO NOTHING; only those not inserted are
// looked up, to tell a duplicate (same hash) from a conflict. The kiosk's
// chain state is then advanced once for the batch (chain.go), and the
// batch logged. The newly inserted rows, and only they, are counted into
// rollups, which the caller adds to the rollup tables before committing.
func ingestOne(conn *sql.Conn, req *ingestReq, rollups *rollupAcc) (scoring.IngestResult, error) {
	// Statements ignore cancellation: go-sqlite3 would start a watcher
	// goroutine for each, and the batch is either written whole or rolled
	// back by the group.
	ctx := context.WithoutCancel(req.ctx)
	b, p := &req.b, req.p
	c, err := loadChain(ctx, conn, b.KioskID)
	if err != nil {
		return scoring.IngestResult{}, err
	}
	inserted, err := insertRows(ctx, conn, c.kioskNo, ms(b.ReceivedAt), p)
	if err != nil {
		return scoring.IngestResult{}, err
	}
	if err := rollups.addInserted(ctx, conn, p, inserted); err != nil {
		return scoring.IngestResult{}, err
	}
	res := scoring.IngestResult{Items: make([]string, len(b.Responses))}
	for i, r := range b.Responses {
		switch {
		case !p.ok[i]:
			res.Items[i] = scoring.ItemRejected
			continue
		case inserted[i]:
			res.Items[i] = scoring.ItemAccepted
			continue
		}
		var stored []byte
		if err := conn.QueryRowContext(ctx, "SELECT hash FROM responses WHERE id = ?", p.rows[i].id).Scan(&stored); err != nil {
			return scoring.IngestResult{}, fmt.Errorf("look up response %s: %w", r.ID, err)
		}
		res.Items[i] = scoring.ItemConflict
		if hashString(stored) == r.Hash {
			res.Items[i] = scoring.ItemDuplicate
		}
	}
	if res.Events, err = c.apply(ctx, conn, b.Responses, res.Items, ms(b.ReceivedAt)); err != nil {
		return scoring.IngestResult{}, err
	}
	if err := c.save(ctx, conn, res.Events, ms(b.ReceivedAt)); err != nil {
		return scoring.IngestResult{}, err
	}
	return res, logBatch(ctx, conn, *b, res.Items)
}
