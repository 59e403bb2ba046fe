package localdb

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/google/uuid"

	"hailong/kiosk/internal/benchcpu"
)

// The outbox benchmarks measure what the uploader asks of the store for
// each batch of 500 while a backlog drains: read the next pending batch,
// then record the server's acknowledgement.

const benchBatch = 500

// seedPending stores n sample responses in one transaction, chained as
// SaveResponse chains them: a backlog, made in a fraction of the time n
// durable saves take.
func seedPending(tb testing.TB, db *DB, n int) {
	tb.Helper()
	ctx := context.Background()
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		seq, prev, err := chainHead(ctx, tx)
		if err != nil {
			return err
		}
		for i := range n {
			r := sample(i, testStart.Add(time.Duration(i)*time.Second))
			if r.Reasons == nil {
				r.Reasons = []string{}
			}
			id, err := uuid.NewV7()
			if err != nil {
				return err
			}
			seq++
			r.ID, r.KioskID, r.Seq, r.PrevHash = id.String(), db.kioskID, seq, prev
			r.Hash = r.ComputeHash()
			if err := insertResponse(ctx, tx, r); err != nil {
				return err
			}
			prev = r.Hash
		}
		return setChainHead(ctx, tx, seq, prev)
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkPendingAfter reads a backlog 500 at a time, as the uploader
// does; each op is one batch.
func BenchmarkPendingAfter(b *testing.B) {
	db := openTest(b)
	seedPending(b, db, 100*benchBatch)
	ctx := context.Background()
	var after int64
	defer reportCPU(b)()
	for b.Loop() {
		rs, err := db.PendingAfter(ctx, after, benchBatch)
		if err != nil {
			b.Fatal(err)
		}
		if len(rs) < benchBatch {
			after = 0
			continue
		}
		after = rs[len(rs)-1].Seq
	}
}

// BenchmarkAcknowledge acknowledges a backlog of 100 batches 500 at a
// time, in seq order, each call one durable commit; each op is one batch.
// After the last batch the backlog is made pending again, untimed, so
// that any -benchtime acknowledges real pending rows of a store that stays
// the same size.
func BenchmarkAcknowledge(b *testing.B) {
	const backlog = 100
	db := openTest(b)
	ctx := context.Background()
	seedPending(b, db, backlog*benchBatch)
	batches := make([][]string, 0, backlog)
	var after int64
	for range backlog {
		rs, err := db.PendingAfter(ctx, after, benchBatch)
		if err != nil {
			b.Fatal(err)
		}
		ids := make([]string, len(rs))
		for i, r := range rs {
			ids[i] = r.ID
		}
		batches = append(batches, ids)
		after = rs[len(rs)-1].Seq
	}
	at := testStart.Add(time.Hour)
	var cpu time.Duration
	for i := 0; b.Loop(); i++ {
		if i > 0 && i%backlog == 0 {
			b.StopTimer()
			execSQL(b, db, "DELETE FROM uploads")
			execSQL(b, db, "INSERT INTO outbox (seq) SELECT seq FROM responses")
			b.StartTimer()
		}
		c0 := benchcpu.Used(b)
		if err := db.Acknowledge(ctx, batches[i%backlog], at); err != nil {
			b.Fatal(err)
		}
		cpu += benchcpu.Used(b) - c0
	}
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/op")
}

// reportCPU starts counting the process's CPU time; the function it
// returns reports it per op. On a shared machine the CPU an operation
// costs is steadier than its wall time, which waits for the neighbours.
func reportCPU(b *testing.B) func() {
	c0 := benchcpu.Used(b)
	return func() {
		b.ReportMetric(float64((benchcpu.Used(b)-c0).Microseconds())/float64(b.N), "cpu-µs/op")
	}
}
