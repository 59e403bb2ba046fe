package upload

import (
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"hailong/kiosk/protocol"
)

// wakeIn is how long the idle loop will wait before it does something.
// The loop is blocked in its select when the harness holds it idle, so
// reading its schedule here is safe.
func (h *harness) wakeIn() time.Duration { return max(h.u.nextWake().Sub(h.clock.Now()), 0) }

// runUntil advances the clock from wake to wake up to at (the last step
// stops at at without waking the loop unless something is due then).
func (h *harness) runUntil(at time.Time) {
	h.t.Helper()
	for {
		wait := h.wakeIn()
		if h.clock.Now().Add(wait).After(at) {
			h.clock.Advance(at.Sub(h.clock.Now()))
			return
		}
		h.advance(wait)
	}
}

// cutOff stands between the uploader and the fake server, as the network
// does: while down, every request fails as a refused connection does (no
// connection made). It records every attempt, at the manual clock's time.
type cutOff struct {
	next http.RoundTripper
	now  func() time.Time

	mu    sync.Mutex
	down  bool
	tries []hit
}

func (c *cutOff) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	down := c.down
	c.tries = append(c.tries, hit{at: c.now(), path: r.URL.Path, down: down})
	c.mu.Unlock()
	if down {
		if r.Body != nil {
			r.Body.Close()
		}
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	}
	return c.next.RoundTrip(r)
}

func (c *cutOff) set(down bool) {
	c.mu.Lock()
	c.down = down
	c.mu.Unlock()
}

// triesTo returns the attempts at path, in order.
func (c *cutOff) triesTo(path string) []hit {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []hit
	for _, h := range c.tries {
		if h.path == path {
			out = append(out, h)
		}
	}
	return out
}

// cutOff puts a cutOff, down, between the uploader and its server; call
// it before start.
func (h *harness) cutOff() *cutOff {
	c := &cutOff{next: h.u.cl.rc.GetClient().Transport, now: h.clock.Now, down: true}
	h.u.cl.rc.SetTransport(c)
	return c
}

// TestProbeNoticesReturningServer: the server is gone for 32 s (every
// connection refused), then back. While it is gone the kiosk checks it with
// a cheap GET /healthz every 2–5 s (3.5 s with Rand at 0.5), beside the
// uploads' own backoff; the first probe that gets an answer starts the
// drain at once, seconds after the server returned, where the backoff
// alone would have waited until 63.5 s (issue 9 item 2: pending ratings
// reached a restarted server only 19 s after it was back).
func TestProbeNoticesReturningServer(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.HeartbeatInterval, o.PollInterval = 24*time.Hour, 24*time.Hour // only retries and probes wake the loop
	})
	save(t, h.db, 5)
	cut := h.cutOff()
	t0 := h.clock.Now()
	h.start()
	if st := h.u.Status(); st.LastError.Kind != KindUnreachable {
		t.Fatalf("with the server gone: %q, want unreachable", st.LastError.Kind)
	}
	up := t0.Add(32 * time.Second) // just after the backoff's attempt at 31.5 s
	h.runUntil(up)
	cut.set(false)
	for len(h.pending()) > 0 {
		if h.clock.Now().Sub(up) > time.Minute {
			t.Fatal("nothing delivered a minute after the server came back")
		}
		h.advance(h.wakeIn())
	}
	delivered := h.clock.Now()
	if late := delivered.Sub(up); late > 5*time.Second {
		t.Errorf("pending ratings reached the server %s after it came back; want within the probe interval (≤ 5 s)", late)
	}
	checkSettled(t, h, 5, map[int64]string{})

	// While the server was gone: a probe every 3.5 s, and uploads on the
	// backoff's schedule only (0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s).
	var probes, uploads []time.Duration
	for _, p := range cut.triesTo("/healthz") {
		probes = append(probes, p.at.Sub(t0))
	}
	for _, u := range cut.triesTo(protocol.PathResponses) {
		if u.down {
			uploads = append(uploads, u.at.Sub(t0))
		}
	}
	for i, at := range probes {
		if want := time.Duration(i+1) * 3500 * time.Millisecond; at != want {
			t.Errorf("probe %d at %s, want %s (every 3.5 s from the first failure)", i+1, at, want)
		}
	}
	if len(probes) != 10 { // 3.5 … 31.5 s while down, then 35 s: the server answers
		t.Errorf("%d probes (%v), want 10", len(probes), probes)
	}
	if len(uploads) != 7 {
		t.Errorf("uploads while the server was gone at %v, want 7 on the backoff's schedule", uploads)
	}
}

// TestProbeAnyAnswerMeansReachable: the probe asks whether the network
// path to the server is back, not whether the server is well. Any HTTP
// answer to GET /healthz (200, a 404 from a server without it, a 503 from
// one whose store is busy) starts the upload at once; what the upload then
// gets is classified as usual.
func TestProbeAnyAnswerMeansReachable(t *testing.T) {
	for _, code := range []int{http.StatusOK, http.StatusNotFound, http.StatusServiceUnavailable} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			h := newHarness(t, func(o *Options) {
				o.HeartbeatInterval, o.PollInterval = 24*time.Hour, 24*time.Hour
			})
			save(t, h.db, 3)
			h.srv.configure(func(f *fakeServer) { f.healthCode = code })
			cut := h.cutOff()
			t0 := h.clock.Now()
			h.start()
			h.runUntil(t0.Add(20 * time.Second)) // probes at 3.5 … 17.5 s; backoff attempts at 0.5, 1.5, 3.5, 7.5, 15.5 s
			cut.set(false)
			h.advance(h.wakeIn()) // the probe at 21 s
			if got := h.clock.Now().Sub(t0); got != 21*time.Second {
				t.Fatalf("woke at %s, want the probe at 21 s", got)
			}
			if p := h.pending(); len(p) != 0 {
				t.Errorf("after a %d to the probe, still pending: %v", code, p)
			}
		})
	}
}

// TestServerErrorsBackOffWithoutProbing: a server that answers 503 is
// reached and sick; a probe would only tell what is known. The uploader
// leaves it alone on the backoff's schedule, with no probe.
func TestServerErrorsBackOffWithoutProbing(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.HeartbeatInterval, o.PollInterval = 24*time.Hour, 24*time.Hour
	})
	save(t, h.db, 3)
	h.srv.setBehave(func(int, protocol.Batch) action { return action{status: http.StatusServiceUnavailable} })
	t0 := h.clock.Now()
	h.start()
	h.runUntil(t0.Add(40 * time.Second))
	if p := h.srv.hitsTo("/healthz"); len(p) != 0 {
		t.Errorf("%d probes of a server that answers 503, want none", len(p))
	}
	if _, requests, _ := h.srv.counts(); requests != 7 { // 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s
		t.Errorf("%d upload attempts in 40 s of 503s, want 7 (the backoff's)", requests)
	}
}

// TestProbeIntervalsAreJittered: with a real random source the waits
// between probes spread over [ProbeMin, ProbeMax), so that kiosks cut off by
// the same outage do not probe, nor come back, in step.
func TestProbeIntervalsAreJittered(t *testing.T) {
	src := rand.New(rand.NewPCG(7, 9))
	h := newHarness(t, func(o *Options) {
		o.HeartbeatInterval, o.PollInterval = 24*time.Hour, 24*time.Hour
		o.Backoff.Rand = src.Float64 // the loop's goroutine alone draws from it
	})
	save(t, h.db, 1)
	cut := h.cutOff()
	t0 := h.clock.Now()
	h.start()
	h.runUntil(t0.Add(2 * time.Minute))
	probes := cut.triesTo("/healthz")
	if len(probes) < 120/5 || len(probes) > 120/2 {
		t.Fatalf("%d probes in 2 minutes, want one every 2–5 s", len(probes))
	}
	seen := map[time.Duration]bool{}
	for i := 1; i < len(probes); i++ {
		gap := probes[i].at.Sub(probes[i-1].at)
		if gap < 2*time.Second || gap >= 5*time.Second {
			t.Errorf("probe %d came %s after the one before, outside [2 s, 5 s)", i+1, gap)
		}
		seen[gap] = true
	}
	if len(seen) < len(probes)/2 {
		t.Errorf("only %d distinct gaps between %d probes: not jittered", len(seen), len(probes))
	}
}

// TestHeartbeatAnswerEndsTheWait: a heartbeat that gets through while the
// uploader waits for an unreachable server is as good as a probe.
func TestHeartbeatAnswerEndsTheWait(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.HeartbeatInterval, o.PollInterval = 10*time.Second, 24*time.Hour
		o.Backoff.ProbeMin, o.Backoff.ProbeMax = time.Minute, time.Minute // the heartbeat comes first
	})
	save(t, h.db, 3)
	cut := h.cutOff()
	t0 := h.clock.Now()
	h.start()
	h.runUntil(t0.Add(16 * time.Second)) // uploads at 0, 0.5, 1.5, 3.5, 7.5, 15.5 s; heartbeats at 0, 10 s
	cut.set(false)
	for h.clock.Now().Sub(t0) <= 20*time.Second && len(h.pending()) > 0 {
		h.advance(h.wakeIn()) // the heartbeat at 20 s, then the upload it makes due
	}
	if p := h.pending(); len(p) != 0 {
		t.Errorf("at %s, after a heartbeat got through at 20 s: still pending %v (the backoff waits until 31.5 s)",
			h.clock.Now().Sub(t0), p)
	}
	if st := h.u.Status(); !st.NextProbe.IsZero() {
		t.Errorf("still probing: next probe at %v", st.NextProbe)
	}
}

// TestResetMidRequestBacksOffWithoutProbing: a connection reset after the
// request went out may mean this batch killed the server; /healthz would
// answer between crashes and send the batch back every few seconds. So a
// reset gets the backoff alone, like a 5xx.
func TestResetMidRequestBacksOffWithoutProbing(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.HeartbeatInterval, o.PollInterval = 24*time.Hour, 24*time.Hour
	})
	save(t, h.db, 3)
	h.srv.setBehave(func(int, protocol.Batch) action { return action{reset: true} })
	t0 := h.clock.Now()
	h.start()
	h.runUntil(t0.Add(40 * time.Second))
	if p := h.srv.hitsTo("/healthz"); len(p) != 0 {
		t.Errorf("%d probes of a server that resets the upload, want none", len(p))
	}
	if _, requests, _ := h.srv.counts(); requests != 7 { // 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s
		t.Errorf("%d upload attempts in 40 s of resets, want 7 (the backoff's)", requests)
	}
	if st := h.u.Status(); st.LastError.Kind != KindUnreachable || !st.NextProbe.IsZero() {
		t.Errorf("status: %q, next probe %v; want unreachable, no probe", st.LastError.Kind, st.NextProbe)
	}
}
