package localdb

import (
	"context"
	"slices"
	"testing"
	"time"
)

// The benchmarks put SaveResponse beside the raw limit of the same
// connection (WAL, synchronous=FULL, one fsync per commit), as SPEC §10
// asks: tap-to-durable-save p99 within 3× of a raw single-row insert.

const rawTable = `CREATE TABLE raw (seq INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT`

// rawBody is about the size of a stored response.
var rawBody = string(sample(1, testStart).Canonical())

// latencies records per-operation durations and reports p50 and p99.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	b.ReportMetric(l.percentile(50), "p50-µs")
	b.ReportMetric(l.percentile(99), "p99-µs")
}

// percentile returns the q-th percentile in microseconds; it sorts l.
func (l latencies) percentile(q int) float64 {
	slices.Sort(l)
	return float64(l[(len(l)-1)*q/100]) / 1e3
}

// BenchmarkRawInsertFull is the raw limit: one plain INSERT of a
// response-sized row per transaction, on the store's own connection.
func BenchmarkRawInsertFull(b *testing.B) {
	db := openTest(b)
	ctx := context.Background()
	execSQL(b, db, rawTable)
	var lat latencies
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		tx, err := db.sql.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO raw (seq, body) VALUES (?, ?)", i+1, rawBody); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	lat.report(b)
}

// BenchmarkSaveResponse is the kiosk's durable save: chain head, id, hash,
// validation, insert with its indexes, head update, commit.
func BenchmarkSaveResponse(b *testing.B) {
	db := openTest(b)
	ctx := context.Background()
	var lat latencies
	for i := 0; b.Loop(); i++ {
		r := sample(i, testStart)
		t0 := time.Now()
		if _, err := db.SaveResponse(ctx, r); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	lat.report(b)
}

// BenchmarkRawInsertBatch500 is for reference: 500 rows per transaction,
// as the server ingests and as a bulk import would.
func BenchmarkRawInsertBatch500(b *testing.B) {
	const batch = 500
	db := openTest(b)
	ctx := context.Background()
	execSQL(b, db, rawTable)
	seq := 0
	start := time.Now()
	for b.Loop() {
		tx, err := db.sql.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		stmt, err := tx.PrepareContext(ctx, "INSERT INTO raw (seq, body) VALUES (?, ?)")
		if err != nil {
			b.Fatal(err)
		}
		for range batch {
			seq++
			if _, err := stmt.ExecContext(ctx, seq, rawBody); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(seq)/time.Since(start).Seconds(), "rows/s")
}

// BenchmarkSaveVsRaw alternates one raw insert and one SaveResponse on the
// same connection, so both see the same disk and the same neighbours'
// load, and reports the ratio of their p99s (SPEC §10 wants it ≤ 3).
func BenchmarkSaveVsRaw(b *testing.B) {
	db := openTest(b)
	ctx := context.Background()
	execSQL(b, db, rawTable)
	var raw, save latencies
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		if _, err := db.sql.ExecContext(ctx, "INSERT INTO raw (seq, body) VALUES (?, ?)", i+1, rawBody); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := db.SaveResponse(ctx, sample(i, testStart)); err != nil {
			b.Fatal(err)
		}
		raw, save = append(raw, t1.Sub(t0)), append(save, time.Since(t1))
	}
	if len(raw) == 0 {
		return
	}
	b.ReportMetric(raw.percentile(50), "raw-p50-µs")
	b.ReportMetric(raw.percentile(99), "raw-p99-µs")
	b.ReportMetric(save.percentile(50), "save-p50-µs")
	b.ReportMetric(save.percentile(99), "save-p99-µs")
	b.ReportMetric(save.percentile(99)/raw.percentile(99), "p99-ratio")
}
