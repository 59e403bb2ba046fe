package sqlitestore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// BenchmarkVerifyChains measures a full pass over one kiosk's 50,000
// stored responses, and an incremental pass over the last 500 of them:
// what a verification costs per row read.
func BenchmarkVerifyChains(b *testing.B) {
	const n, tail = 50000, 500
	ctx := context.Background()
	st := enrolled(b)
	rs := scoringtest.Chain(k1, 1, survey.GenesisHash, n)
	for i := 0; i < n; i += 500 {
		if _, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: "k1", BatchID: fmt.Sprint(i), Responses: rs[i : i+500], ReceivedAt: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("full", func(b *testing.B) {
		for b.Loop() {
			if rep, err := st.VerifyChains(ctx, scoring.VerifyOptions{Full: true}); err != nil || len(rep.Problems) > 0 || rep.Rows != n {
				b.Fatalf("%v %d rows %+v", err, rep.Rows, rep.Problems)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/row")
	})
	b.Run("incremental", func(b *testing.B) {
		db := rawDB(b, st.Path())
		defer db.Close()
		for b.Loop() {
			b.StopTimer()
			if _, err := db.Exec("UPDATE chain_verified SET seq = ?, hash = (SELECT hash FROM responses WHERE seq = ?)", n-tail, n-tail); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if rep, err := st.VerifyChains(ctx, scoring.VerifyOptions{}); err != nil || len(rep.Problems) > 0 || rep.Rows != tail {
				b.Fatalf("%v %d rows %+v", err, rep.Rows, rep.Problems)
			}
		}
	})
}
