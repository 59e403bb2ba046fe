package upload

import (
	"testing"
	"time"

	"hailong/kiosk/protocol"
)

// TestProgressResetsBackoff: a drain that acknowledged batches before a
// connection reset is not a failure streak. After any drain that settled
// responses the backoff starts again from nothing (the next attempt is at
// once), and it grows only across attempts that made no progress (issue 9
// item 2: through a lossy link the wait grew to minutes while thousands
// were acknowledged).
func TestProgressResetsBackoff(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.BatchSize = 2
		o.HeartbeatInterval, o.PollInterval = 24*time.Hour, 24*time.Hour // only retries wake the loop
	})
	save(t, h.db, 14) // seven batches
	// Requests 3 and 6 are reset after the server stored them, each after
	// two acknowledged batches; requests 7 and 8 (each the first of its
	// attempt) too.
	h.srv.setBehave(func(n int, _ protocol.Batch) action {
		return action{reset: n == 3 || n == 6 || n == 7 || n == 8, afterStore: true}
	})
	h.start()
	steps := []struct {
		failures int
		wait     time.Duration // Rand is 0.5: half of Base·2^(n-1) after n attempts without progress
	}{
		{1, 0},                      // requests 1, 2 acknowledged, 3 reset: at once
		{1, 0},                      // 4 (3 again: duplicate), 5 acknowledged, 6 reset: progress, so at once again
		{2, 500 * time.Millisecond}, // 7 reset before any answer: no progress, the backoff starts
		{3, time.Second},            // 8 too: it grows
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
	checkSettled(t, h, 14, map[int64]string{})
	if _, requests, duplicates := h.srv.counts(); requests != 11 || duplicates != 8 {
		t.Errorf("%d requests, %d duplicates; want 11 and 8 (batch 3 sent twice, batch 5 four times)", requests, duplicates)
	}
}
