package sqlitestore

import (
	"sync/atomic"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// TestPreparedWriterDoesUnclaimedChunks: while the checking goroutine is
// held up in the first chunk, the writer waiting for the second does it
// itself rather than wait; every item is checked exactly once, and close
// returns only once the goroutine has.
func TestPreparedWriterDoesUnclaimedChunks(t *testing.T) {
	k := scoringtest.Kiosk{ID: "k1", CentreID: "c1", CounterID: "1", OfficerID: "o1"}
	rs := scoringtest.Chain(k, 1, survey.GenesisHash, 3*prepChunk)
	release := make(chan struct{})
	var calls [3 * prepChunk]atomic.Int32
	p := prepare(scoring.IngestBatch{KioskID: "k1", Responses: rs, Check: func(i int) bool {
		if i == 0 {
			<-release // the goroutine's first chunk waits
		}
		calls[i].Add(1)
		return true
	}})
	done := make(chan error, 1)
	go func() { done <- p.wait(1) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the writer waited for a chunk nobody had started")
	}
	for i := prepChunk; i < 2*prepChunk; i++ {
		if !p.ok[i] || calls[i].Load() != 1 {
			t.Fatalf("item %d: ok %v, checked %d times", i, p.ok[i], calls[i].Load())
		}
	}
	close(release)
	for c := range 3 {
		if err := p.wait(c); err != nil {
			t.Fatal(err)
		}
	}
	p.close()
	for i := range calls {
		if n := calls[i].Load(); n != 1 || !p.ok[i] {
			t.Errorf("item %d: checked %d times, ok %v", i, n, p.ok[i])
		}
	}
}
