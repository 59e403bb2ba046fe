package upload

import (
	"testing"
	"time"

	"hailong/kiosk/protocol"
)

// TestProgressResetsBackoff: a drain that acknowledged batches before a
// connection reset is not a failure streak. The backoff starts again from
// its base after any batch the server answered with results, and grows
// only across attempts that made no progress (issue 9 item 2: through a
// lossy link the wait grew to minutes while thousands were acknowledged).
func TestProgressResetsBackoff(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.BatchSize = 2
		o.HeartbeatInterval, o.PollInterval = 24*time.Hour, 24*time.Hour // only retries wake the loop
	})
	save(t, h.db, 12) // six batches
	// Requests 3 and 6 are reset after the server stored them, each after
	// two acknowledged batches; request 7 (the first of its attempt) too.
	h.srv.setBehave(func(n int, _ protocol.Batch) action {
		return action{reset: n == 3 || n == 6 || n == 7, afterStore: true}
	})
	h.start()
	steps := []struct {
		failures int
		wait     time.Duration // Rand is 0.5: half the ceiling of Base·2^(failures-1)
	}{
		{1, 500 * time.Millisecond}, // requests 1, 2 acknowledged, 3 reset
		{1, 500 * time.Millisecond}, // 4 (3 again: duplicate), 5 acknowledged, 6 reset: progress, so 1 again
		{2, time.Second},            // 7 reset before any answer: no progress, the backoff grows
	}
	for i, want := range steps {
		st := h.u.Status()
		if st.State != StateRetrying || st.Failures != want.failures {
			t.Fatalf("attempt %d: state %s, %d failures; want retrying, %d", i+1, st.State, st.Failures, want.failures)
		}
		if got := st.NextAttempt.Sub(h.clock.Now()); got != want.wait {
			t.Fatalf("attempt %d: next attempt in %s, want %s", i+1, got, want.wait)
		}
		h.advance(want.wait)
	}
	checkSettled(t, h, 12, map[int64]string{})
	if _, requests, duplicates := h.srv.counts(); requests != 9 || duplicates != 6 {
		t.Errorf("%d requests, %d duplicates; want 9 and 6 (batch 3 sent twice, batch 5 three times)", requests, duplicates)
	}
}
