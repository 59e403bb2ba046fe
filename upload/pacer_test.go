package upload

import (
	"testing"
	"time"

	"hailong/kiosk/protocol"
)

// TestStalledRequestIsAbandoned: the server answers the first batches in
// milliseconds, then one request stalls (the connection stays open, nothing
// comes back). The uploader gives up on it after a deadline adapted to the
// answers it had, seconds rather than the configured 8 s, and sends the
// batch again: every response arrives once.
func TestStalledRequestIsAbandoned(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.BatchSize = 2
		o.RequestTimeout = 8 * time.Second
		o.HeartbeatInterval, o.PollInterval = 24*time.Hour, 24*time.Hour
	})
	save(t, h.db, 10)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) }) // before the fake server's Close, which waits for its handlers
	h.srv.setBehave(func(n int, _ protocol.Batch) action {
		if n == 3 {
			<-release // a stall; the batch is stored when the test ends
		}
		return action{}
	})
	start := time.Now()
	h.start()
	took := time.Since(start)
	st := h.u.Status()
	if st.LastError.Kind != KindTimeout || st.Failures != 1 {
		t.Fatalf("after the stall: error %q, %d failures; want timeout, 1", st.LastError.Kind, st.Failures)
	}
	if took > 4*time.Second {
		t.Fatalf("the stalled request held the drain for %s; want it abandoned within a few seconds of the first answers", took.Round(time.Millisecond))
	}
	h.advance(st.NextAttempt.Sub(h.clock.Now()))
	checkSettled(t, h, 10, map[int64]string{})
	t.Logf("stall abandoned after %s", took.Round(time.Millisecond))
}

// TestPacerDeadline: the deadline of a batch request from the answers
// before it. A 3G kiosk's large batch after small ones must get the whole
// configured timeout; a stall on a fast link is cut at the floor.
func TestPacerDeadline(t *testing.T) {
	const kB = 1000
	ms := time.Millisecond
	type rt = roundTrip
	tests := []struct {
		name     string
		answers  []rt
		timeouts int
		bytes    int
		want     time.Duration
	}{
		{"nothing answered yet: the configured timeout", nil, 0, 50 * kB, 30 * time.Second},
		{"fast link: the floor", []rt{{40 * ms, 50 * kB}, {60 * ms, 50 * kB}}, 0, 50 * kB, 2 * time.Second},
		{"the slowest recent answer times the factor", []rt{{1200 * ms, 50 * kB}, {300 * ms, 50 * kB}}, 0, 50 * kB, 4800 * ms},
		{"a larger batch is scaled up by its bytes", []rt{{500 * ms, 10 * kB}}, 0, 30 * kB, 6 * time.Second},
		{"a smaller batch is not scaled down", []rt{{1 * time.Second, 100 * kB}}, 0, 1 * kB, 4 * time.Second},
		{"3G: one response in 300 ms, then a 100 kB batch: the whole timeout",
			[]rt{{300 * ms, 400}, {280 * ms, 450}}, 0, 100 * kB, 30 * time.Second},
		{"3G after large batches: 100 kB took 9 s, so 36 s, cut to the timeout",
			[]rt{{9 * time.Second, 100 * kB}}, 0, 100 * kB, 30 * time.Second},
		{"a timeout doubles the next deadline", []rt{{50 * ms, 50 * kB}}, 1, 50 * kB, 4 * time.Second},
		{"three timeouts: 16 s", []rt{{50 * ms, 50 * kB}}, 3, 50 * kB, 16 * time.Second},
		{"doubling stops at the configured timeout", []rt{{50 * ms, 50 * kB}}, 40, 50 * kB, 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPacer(30 * time.Second)
			for _, a := range tt.answers {
				p.answered(a.took, a.bytes)
			}
			for range tt.timeouts {
				p.timedOut()
			}
			if got := p.deadline(tt.bytes); got != tt.want {
				t.Errorf("deadline(%d) = %s, want %s", tt.bytes, got, tt.want)
			}
		})
	}
}

// TestPacerForgetsOldAnswersAndTimeouts: the window holds the last
// pacerWindow answers, and an answer ends the doubling after timeouts.
func TestPacerForgetsOldAnswersAndTimeouts(t *testing.T) {
	p := newPacer(30 * time.Second)
	p.answered(5*time.Second, 1000) // slow, long ago
	for range pacerWindow - 1 {
		p.answered(10*time.Millisecond, 1000)
	}
	if got := p.deadline(1000); got != 20*time.Second {
		t.Fatalf("with the slow answer in the window: %s, want 20s", got)
	}
	p.answered(10*time.Millisecond, 1000) // pushes the slow one out
	if got := p.deadline(1000); got != pacerFloor {
		t.Fatalf("after the window moved on: %s, want the floor", got)
	}
	p.timedOut()
	p.timedOut()
	if got := p.deadline(1000); got != 4*pacerFloor {
		t.Fatalf("after two timeouts: %s, want %s", got, 4*pacerFloor)
	}
	p.answered(10*time.Millisecond, 1000)
	if got := p.deadline(1000); got != pacerFloor {
		t.Fatalf("after an answer: %s, want the floor again", got)
	}
	short := newPacer(time.Second) // a configured timeout under the floor wins
	short.answered(time.Millisecond, 1000)
	if got := short.deadline(1000); got != time.Second {
		t.Fatalf("timeout 1 s: deadline %s", got)
	}
}

// TestStalledHeartbeatIsAbandoned: the heartbeat runs in the upload loop,
// so a stalled one would hold the next drain for the whole configured
// timeout. Once the server has answered batches it gets the same adapted
// deadline (it is smaller than any batch, so it is never scaled up).
func TestStalledHeartbeatIsAbandoned(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.RequestTimeout = 8 * time.Second
		o.HeartbeatInterval, o.PollInterval = time.Minute, 24*time.Hour
	})
	save(t, h.db, 3)
	h.start() // the batch is answered, then the first heartbeat
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	h.srv.configure(func(f *fakeServer) { f.hbStall = release })
	start := time.Now()
	h.advance(time.Minute) // the next heartbeat stalls
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("a stalled heartbeat held the loop for %s; want it abandoned within a few seconds", took.Round(time.Millisecond))
	}
	if st := h.u.Status(); st.LastError.Kind != KindTimeout {
		t.Errorf("last error %q, want timeout", st.LastError.Kind)
	}
}
