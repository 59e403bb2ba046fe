package upload

import (
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// TestRetryTable sends six pending responses into each failure of SPEC §6
// and checks what the uploader does with it: wait and retry (how long, under
// the manual clock), split and quarantine only the response at fault, or
// stop for a long pause. Backoff's rand is fixed at 0.5, so the first
// backoff is 0.5 s.
func TestRetryTable(t *testing.T) {
	const n = 6
	retry := func(status int, retryAfter string) func(int, protocol.Batch) action {
		return func(i int, _ protocol.Batch) action {
			if i == 1 {
				return action{status: status, retryAfter: retryAfter}
			}
			return action{}
		}
	}
	tests := []struct {
		name   string
		script func(int, protocol.Batch) action
		setup  func(f *fakeServer, rs []survey.Response)

		wantKind  Kind
		wantState State
		wantWait  time.Duration // after the first attempt; 0 for none
		// For a retry: everything is pending after the first attempt and
		// uploaded by the second. Otherwise the first cycle settles it:
		wantQuarantine map[int64]string // seq → reason
		wantPending    []int64
	}{
		{name: "500 retries", script: retry(500, ""), wantKind: KindServer, wantState: StateRetrying, wantWait: 500 * time.Millisecond},
		{name: "502 retries", script: retry(502, ""), wantKind: KindServer, wantState: StateRetrying, wantWait: 500 * time.Millisecond},
		{name: "503 retries", script: retry(503, ""), wantKind: KindServer, wantState: StateRetrying, wantWait: 500 * time.Millisecond},
		{name: "503 with Retry-After waits for it", script: retry(503, "7"), wantKind: KindServer, wantState: StateRetrying, wantWait: 7 * time.Second},
		{name: "408 retries", script: retry(408, ""), wantKind: KindTimeout, wantState: StateRetrying, wantWait: 500 * time.Millisecond},
		{name: "429 waits Retry-After: 3", script: retry(429, "3"), wantKind: KindRateLimited, wantState: StateRetrying, wantWait: 3 * time.Second},
		{name: "connection reset retries", script: func(i int, _ protocol.Batch) action {
			return action{reset: i == 1}
		}, wantKind: KindUnreachable, wantState: StateRetrying, wantWait: 500 * time.Millisecond},
		{name: "400 isolates and quarantines only the bad response",
			setup:          func(f *fakeServer, rs []survey.Response) { f.badIDs[rs[2].ID] = true },
			wantQuarantine: map[int64]string{3: "bad_request: refused by the test"}},
		{name: "422 isolates and quarantines only the bad response",
			setup: func(f *fakeServer, rs []survey.Response) {
				f.badIDs[rs[5].ID], f.badStatus = true, http.StatusUnprocessableEntity
			},
			wantQuarantine: map[int64]string{6: "bad_request: refused by the test"}},
		{name: "413 splits, quarantines the one too large alone",
			setup:          func(f *fakeServer, rs []survey.Response) { f.hugeIDs[rs[0].ID] = true },
			wantQuarantine: map[int64]string{1: "too_large"}},
		{name: "413 for a batch the server finds too big: halves go through",
			setup:          func(f *fakeServer, _ []survey.Response) { f.maxItems = 2 },
			wantQuarantine: map[int64]string{}},
		{name: "401 stops for a long pause", script: retry(401, ""), wantKind: KindUnauthorized,
			wantState: StateTokenRejected, wantWait: 10 * time.Minute, wantPending: []int64{1, 2, 3, 4, 5, 6}},
		{name: "415 is final: held, nothing quarantined", script: retry(415, ""), wantKind: KindRefused,
			wantState: StateHeld, wantWait: 10 * time.Minute, wantPending: []int64{1, 2, 3, 4, 5, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, nil)
			rs := save(t, h.db, n)
			h.srv.configure(func(f *fakeServer) {
				f.behave = tt.script
				if tt.setup != nil {
					tt.setup(f, rs)
				}
			})
			h.start()
			st := h.u.Status()
			_, requests, _ := h.srv.counts()
			if tt.wantQuarantine != nil { // settled in the first cycle
				checkSettled(t, h, n, tt.wantQuarantine)
				if requests > 2*n-1 {
					t.Errorf("%d requests to isolate the fault in %d responses", requests, n)
				}
				return
			}
			if st.State != tt.wantState || st.LastError.Kind != tt.wantKind || st.Failures != 1 {
				t.Fatalf("after the failure: state %s, error %q, failures %d; want %s, %s, 1",
					st.State, st.LastError.Kind, st.Failures, tt.wantState, tt.wantKind)
			}
			if requests != 1 {
				t.Errorf("%d requests reached the server, want exactly 1 (no hidden retry)", requests)
			}
			if got := st.NextAttempt.Sub(h.clock.Now()); got != tt.wantWait {
				t.Errorf("next attempt in %s, want %s", got, tt.wantWait)
			}
			if vi, en := tt.wantKind.Words(); st.LastError.VI != vi || st.LastError.EN != en {
				t.Errorf("last error in words = %q", st.LastError)
			}
			if got := h.pending(); len(got) != n {
				t.Fatalf("pending after the failure = %v, want all %d", got, n)
			}
			if tt.wantPending != nil { // final: a long pause, nothing lost, nothing quarantined
				if q, _ := h.db.QuarantinedCount(t.Context()); q != 0 {
					t.Errorf("%d quarantined after %s", q, tt.name)
				}
				return
			}
			// Retryable: nothing before the wait is over, everything after.
			h.clock.Advance(tt.wantWait - time.Millisecond)
			h.quiet()
			if _, r, _ := h.srv.counts(); r != 1 {
				t.Fatalf("retried after %s, before the wait of %s", tt.wantWait-time.Millisecond, tt.wantWait)
			}
			h.advance(time.Millisecond)
			checkSettled(t, h, n, map[int64]string{})
			if _, r, _ := h.srv.counts(); r != 2 {
				t.Errorf("%d requests, want 2", r)
			}
		})
	}
}

// checkSettled asserts that every response is either uploaded or
// quarantined with the wanted reason, and the uploader is idle and healthy.
func checkSettled(t *testing.T, h *harness, n int, quarantined map[int64]string) {
	t.Helper()
	if p := h.pending(); len(p) != 0 {
		t.Errorf("still pending: %v", p)
	}
	q, err := h.db.Quarantined(t.Context(), 100)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]string{}
	for _, r := range q {
		got[r.Seq] = r.Reason
	}
	if len(got) != len(quarantined) {
		t.Errorf("quarantined %v, want %v", got, quarantined)
	}
	for seq, reason := range quarantined {
		if got[seq] != reason {
			t.Errorf("seq %d quarantined with %q, want %q", seq, got[seq], reason)
		}
	}
	if stored, _, _ := h.srv.counts(); stored != n-len(quarantined) {
		t.Errorf("server stored %d, want %d", stored, n-len(quarantined))
	}
	st := h.u.Status()
	if st.State != StateIdle || st.Failures != 0 || !st.NextAttempt.IsZero() || st.Pending != 0 {
		t.Errorf("status = %s, %d failures, next %v, %d pending; want idle, 0, none, 0",
			st.State, st.Failures, st.NextAttempt, st.Pending)
	}
	if st.Uploaded != n-len(quarantined) || st.Quarantined != len(quarantined) {
		t.Errorf("status counts %d uploaded, %d quarantined", st.Uploaded, st.Quarantined)
	}
	h.srv.assertClean(t)
}

// TestBackoffIsCappedAndJittered drives twelve consecutive 503s through the
// loop with rand just under 1: the waits double from 1 s and stop at the
// 5-minute cap.
func TestBackoffIsCappedAndJittered(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Backoff.Rand = func() float64 { return 0.999999 }
		o.HeartbeatInterval = 24 * time.Hour // only retries wake the loop
	})
	save(t, h.db, 3)
	h.srv.setBehave(func(int, protocol.Batch) action { return action{status: 503} })
	h.start()
	var waits []time.Duration
	for range 12 {
		st := h.u.Status()
		wait := st.NextAttempt.Sub(h.clock.Now())
		waits = append(waits, wait)
		h.advance(wait)
		if got := h.u.Status().Failures; got != st.Failures+1 {
			t.Fatalf("failures %d after the retry, want %d", got, st.Failures+1)
		}
	}
	for i, w := range waits {
		want := min(time.Second<<i, 5*time.Minute)
		if w > want || w < want*999/1000 {
			t.Errorf("wait %d = %s, want just under %s", i+1, w, want)
		}
	}
	if p := h.pending(); len(p) != 3 {
		t.Errorf("pending = %v, want all 3 kept through the failures", p)
	}
}

func TestBackoffDelay(t *testing.T) {
	src := rand.New(rand.NewPCG(1, 2))
	b := Backoff{Base: time.Second, Cap: 5 * time.Minute, Rand: src.Float64}
	for _, failures := range []int{1, 2, 5, 9, 10, 30, 64, 1000} {
		ceil := min(time.Second<<min(failures-1, 20), 5*time.Minute)
		seen := map[time.Duration]bool{}
		var sum time.Duration
		const samples = 2000
		for range samples {
			d := b.Delay(failures)
			if d < 0 || d >= ceil {
				t.Fatalf("Delay(%d) = %s, outside [0, %s)", failures, d, ceil)
			}
			seen[d] = true
			sum += d
		}
		if len(seen) < samples/2 {
			t.Errorf("Delay(%d) took only %d distinct values in %d: not jittered", failures, len(seen), samples)
		}
		if mean := sum / samples; mean < ceil*45/100 || mean > ceil*55/100 {
			t.Errorf("Delay(%d) mean %s, want about %s (uniform over [0, %s))", failures, mean, ceil/2, ceil)
		}
	}
	if d := b.Delay(0); d != 0 {
		t.Errorf("Delay(0) = %s", d)
	}
	broken := Backoff{Base: time.Second, Cap: time.Minute, Rand: func() float64 { return 7 }}
	if d := broken.Delay(20); d > time.Minute {
		t.Errorf("a broken rand stretched the wait to %s", d)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 6, 10, 2, 30, 0, 0, time.UTC)
	tests := []struct {
		value, date string
		want        time.Duration
	}{
		{"3", "", 3 * time.Second},
		{" 120 ", "", 2 * time.Minute},
		{"-5", "", 0},
		{"soon", "", 0},
		{"", "", 0},
		{"Tue, 10 Jun 2025 02:30:42 GMT", "", 42 * time.Second},
		{"Tue, 10 Jun 2025 02:29:00 GMT", "", 0},
		// The kiosk's clock is an hour off; the server's Date is the reference.
		{"Tue, 10 Jun 2025 03:30:10 GMT", "Tue, 10 Jun 2025 03:30:00 GMT", 10 * time.Second},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.value != "" {
			h.Set("Retry-After", tt.value)
		}
		if tt.date != "" {
			h.Set("Date", tt.date)
		}
		if got := retryAfter(h, now); got != tt.want {
			t.Errorf("Retry-After %q (Date %q) = %s, want %s", tt.value, tt.date, got, tt.want)
		}
	}
}

// TestRetryAfterIsCapped: a Retry-After of a week is cut to MaxRetryAfter.
func TestRetryAfterIsCapped(t *testing.T) {
	h := newHarness(t, nil)
	save(t, h.db, 1)
	h.srv.setBehave(func(int, protocol.Batch) action { return action{status: 429, retryAfter: "604800"} })
	h.start()
	if got := h.u.Status().NextAttempt.Sub(h.clock.Now()); got != time.Hour {
		t.Errorf("next attempt in %s, want the 1 h cap", got)
	}
}

func TestKindWordsAreComplete(t *testing.T) {
	for _, k := range []Kind{KindUnreachable, KindTLS, KindTimeout, KindServer, KindRateLimited, KindProtocol,
		KindUnauthorized, KindTooLarge, KindBadRequest, KindRefused, KindLocal, KindCanceled} {
		vi, en := k.Words()
		if vi == "" || en == "" || vi == en || strings.Contains(en, "Unknown") {
			t.Errorf("%s: words %q / %q", k, vi, en)
		}
	}
}

// TestNoHiddenTransportRetry: net/http would resend a POST carrying an
// Idempotency-Key when a reused connection fails; the uploader turns that
// off, so each retry is the loop's, with its backoff and its status.
func TestNoHiddenTransportRetry(t *testing.T) {
	h := newHarness(t, nil)
	h.start() // nothing pending: the heartbeat leaves a keep-alive connection
	save(t, h.db, 2)
	h.srv.setBehave(func(n int, _ protocol.Batch) action { return action{reset: n == 1} })
	h.u.Notify()
	h.idle()
	if _, requests, _ := h.srv.counts(); requests != 1 {
		t.Errorf("%d requests reached the server for one attempt on a reused connection, want 1", requests)
	}
	if st := h.u.Status(); st.Failures != 1 || st.LastError.Kind != KindUnreachable {
		t.Errorf("status: %d failures, %q", st.Failures, st.LastError.Kind)
	}
}

// TestRedirectIsRefusedNotFollowed: a 3xx is not followed (the batch and
// the token would go somewhere else); it is final, like a 4xx.
func TestRedirectIsRefusedNotFollowed(t *testing.T) {
	h := newHarness(t, nil)
	save(t, h.db, 2)
	other := newFakeServer(t)
	h.srv.setBehave(func(int, protocol.Batch) action { return action{redirect: other.srv.URL + protocol.PathResponses} })
	h.start()
	st := h.u.Status()
	if st.State != StateHeld || st.LastError.Kind != KindRefused || !strings.Contains(st.LastError.Detail, "308") {
		t.Errorf("state %s, error %q (%s); want held, refused, 308", st.State, st.LastError.Kind, st.LastError.Detail)
	}
	if _, r, _ := other.counts(); r != 0 {
		t.Errorf("the redirect was followed: %d requests at the other server", r)
	}
}
