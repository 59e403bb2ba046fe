package upload

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

func TestMixedBatchQuarantinesOnlyRejectedItems(t *testing.T) {
	h := newHarness(t, nil)
	rs := save(t, h.db, 10)
	h.srv.configure(func(f *fakeServer) {
		f.reject[rs[3].ID] = protocol.ReasonConflict
		f.reject[rs[7].ID] = protocol.ReasonKioskMismatch
	})
	h.start()
	checkSettled(t, h, 10, map[int64]string{4: "conflict", 8: "kiosk_mismatch"})
	if _, requests, _ := h.srv.counts(); requests != 1 {
		t.Errorf("%d requests; a 200 with rejected items is final, want 1", requests)
	}
	// Nothing is deleted: the quarantined rows are still there, whole.
	q, err := h.db.Quarantined(t.Context(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 2 || q[0].Hash != rs[3].Hash || q[1].Hash != rs[7].Hash {
		t.Errorf("quarantined rows = %+v", q)
	}
}

// TestLostAcknowledgementIsResentWithTheSameKey: the server stores the batch
// and the connection is reset before its answer arrives. The kiosk sends the
// same batch again, with the same Idempotency-Key; the server answers
// duplicate, and holds every response exactly once.
func TestLostAcknowledgementIsResentWithTheSameKey(t *testing.T) {
	h := newHarness(t, nil)
	save(t, h.db, 10)
	h.srv.setBehave(func(n int, _ protocol.Batch) action { return action{reset: n == 1, afterStore: true} })
	h.start()
	if stored, _, _ := h.srv.counts(); stored != 10 {
		t.Fatalf("server stored %d before the reset, want 10", stored)
	}
	if p := h.pending(); len(p) != 10 {
		t.Fatalf("pending after a lost answer = %v, want all 10 (never marked without an answer)", p)
	}
	st := h.u.Status()
	if st.LastError.Kind != KindUnreachable {
		t.Errorf("last error %q, want unreachable", st.LastError.Kind)
	}
	h.advance(st.NextAttempt.Sub(h.clock.Now()))
	stored, requests, duplicates := h.srv.counts()
	if stored != 10 || requests != 2 || duplicates != 10 {
		t.Errorf("server: %d stored, %d requests, %d duplicates; want 10, 2, 10", stored, requests, duplicates)
	}
	h.srv.mu.Lock()
	keys := append([]string(nil), h.srv.keyLog...)
	h.srv.mu.Unlock()
	if len(keys) != 2 || keys[0] != keys[1] {
		t.Errorf("Idempotency-Keys %v, want the same key twice", keys)
	}
	if p := h.pending(); len(p) != 0 {
		t.Errorf("still pending: %v", p)
	}
	h.srv.assertClean(t)
}

func TestBatchRequestHeadersAndBody(t *testing.T) {
	h := newHarness(t, nil)
	rs := save(t, h.db, 3)
	h.start()
	h.srv.assertClean(t) // gzip, JSON, limits, key = batch_id, checked on every request
	h.srv.mu.Lock()
	defer h.srv.mu.Unlock()
	if len(h.srv.headers) != 1 {
		t.Fatalf("%d batch requests, want 1", len(h.srv.headers))
	}
	hd := h.srv.headers[0]
	for name, want := range map[string]string{
		"Authorization": "Bearer " + testToken, "Content-Type": "application/json",
		"Content-Encoding": "gzip", "User-Agent": "hailong-kiosk/0.1.0-test",
	} {
		if got := hd.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	key, err := uuid.Parse(hd.Get(protocol.HeaderIdempotencyKey))
	if err != nil || key.Version() != 5 {
		t.Errorf("Idempotency-Key %q is not a UUIDv5 (%v)", hd.Get(protocol.HeaderIdempotencyKey), err)
	}
	items, _ := encodeItems(rs)
	if key.String() != batchID(items) {
		t.Errorf("Idempotency-Key %s is not the id of the batch's responses", key)
	}
	if h.srv.order[0] != 1 || h.srv.order[2] != 3 {
		t.Errorf("stored in order %v", h.srv.order)
	}
}

// TestAllRefusedIsHeldNotQuarantined: a server that answers 400 to every
// request (a bug on either side) must not empty the outbox into quarantine.
func TestAllRefusedIsHeldNotQuarantined(t *testing.T) {
	h := newHarness(t, nil)
	const n = 8
	save(t, h.db, n)
	h.srv.setBehave(func(int, protocol.Batch) action { return action{status: http.StatusBadRequest} })
	h.start()
	st := h.u.Status()
	if st.State != StateHeld || st.LastError.Kind != KindBadRequest {
		t.Fatalf("state %s, error %q; want held, bad_request", st.State, st.LastError.Kind)
	}
	if q, _ := h.db.QuarantinedCount(t.Context()); q != 0 {
		t.Fatalf("%d quarantined by a server that refuses everything", q)
	}
	if p := h.pending(); len(p) != n {
		t.Fatalf("pending %v, want all %d", p, n)
	}
	_, first, _ := h.srv.counts()
	if first != 2*n-1 {
		t.Errorf("%d requests to bisect %d responses, want %d", first, n, 2*n-1)
	}
	// After the long pause the same batch is tried whole, once.
	h.advance(st.NextAttempt.Sub(h.clock.Now()))
	if _, r, _ := h.srv.counts(); r != first+1 {
		t.Errorf("%d requests after the pause, want one more than %d", r, first)
	}
	// The server is fixed; the next try delivers everything.
	h.srv.setBehave(nil)
	h.u.SendNow()
	h.idle()
	checkSettled(t, h, n, map[int64]string{})
}

func TestTokenRejected(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.Token = "revoked" })
	save(t, h.db, 3)
	h.start()
	st := h.u.Status()
	if st.State != StateTokenRejected || st.LastError.Kind != KindUnauthorized {
		t.Fatalf("state %s, error %q; want token_rejected", st.State, st.LastError.Kind)
	}
	if st.LastError.VI != "Máy chủ từ chối mã thiết bị, cần đăng ký lại" || !strings.Contains(st.LastError.String(), "Token rejected") {
		t.Errorf("words: %q", st.LastError)
	}
	if st.NextAttempt.Sub(h.clock.Now()) != 10*time.Minute {
		t.Errorf("next attempt in %s, want 10 min", st.NextAttempt.Sub(h.clock.Now()))
	}
	h.srv.mu.Lock()
	beats := len(h.srv.heartbeats)
	h.srv.mu.Unlock()
	// Nine minutes of heartbeat ticks and new ratings: nothing is sent.
	for range 9 {
		h.db.SaveResponse(t.Context(), rating(0, h.clock.Now()))
		h.u.Notify()
		h.idle()
		h.advance(time.Minute)
	}
	h.srv.mu.Lock()
	requests, beats2 := h.srv.requests, len(h.srv.heartbeats)
	h.srv.mu.Unlock()
	if requests != 0 || beats2 != beats {
		t.Errorf("during the pause: %d batches, %d heartbeats sent; want none", requests, beats2-beats)
	}
	if got := h.u.Status().LastAttempt; !got.Equal(testStart) {
		t.Errorf("last attempt at %s during the pause, want only the first at %s", got, testStart)
	}
	// The pause is over: one more try, refused again, and another pause.
	h.advance(time.Minute)
	st = h.u.Status()
	if !st.LastAttempt.Equal(testStart.Add(10*time.Minute)) || st.State != StateTokenRejected || st.Failures != 2 ||
		st.NextAttempt.Sub(h.clock.Now()) != 10*time.Minute {
		t.Errorf("after the pause: last attempt %s, state %s, %d failures, next in %s",
			st.LastAttempt, st.State, st.Failures, st.NextAttempt.Sub(h.clock.Now()))
	}
	// Enrolled again: the new token is used at once.
	h.u.SetToken(testToken)
	h.idle()
	checkSettled(t, h, 12, map[int64]string{})
}

func TestNotifyDuringBackoffWaits(t *testing.T) {
	h := newHarness(t, nil)
	save(t, h.db, 2)
	h.srv.setBehave(func(n int, _ protocol.Batch) action {
		if n == 1 {
			return action{status: 503, retryAfter: "20"}
		}
		return action{}
	})
	h.start()
	h.db.SaveResponse(t.Context(), rating(5, testStart))
	h.u.Notify()
	h.idle()
	if _, r, _ := h.srv.counts(); r != 1 {
		t.Fatalf("Notify broke the backoff: %d requests", r)
	}
	h.advance(20 * time.Second)
	checkSettled(t, h, 3, map[int64]string{})
}

func TestSendNowEndsTheBackoff(t *testing.T) {
	h := newHarness(t, nil)
	save(t, h.db, 2)
	h.srv.setBehave(func(n int, _ protocol.Batch) action {
		if n == 1 {
			return action{status: 503, retryAfter: "600"}
		}
		return action{}
	})
	h.start()
	h.u.SendNow()
	h.idle()
	checkSettled(t, h, 2, map[int64]string{})
}

// TestNotifyStartsUploadWithinASecond runs on the real clock: a saved
// rating reaches the server well within a second of Notify.
func TestNotifyStartsUploadWithinASecond(t *testing.T) {
	db := openDB(t, survey.SystemClock{})
	srv := newFakeServer(t)
	u, err := New(Options{ServerURL: srv.srv.URL, Token: testToken, Outbox: db, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- u.Run(ctx) }()
	for i := range 3 {
		time.Sleep(50 * time.Millisecond) // the loop is idle, the next poll 30 s away
		if _, err := db.SaveResponse(ctx, rating(i, time.Now())); err != nil {
			t.Fatal(err)
		}
		t0 := time.Now()
		u.Notify()
		for {
			if stored, _, _ := srv.counts(); stored == i+1 {
				break
			}
			if time.Since(t0) > time.Second {
				t.Fatalf("rating %d not on the server a second after Notify", i+1)
			}
			time.Sleep(time.Millisecond)
		}
		t.Logf("rating %d on the server %s after Notify", i+1, time.Since(t0).Round(100*time.Microsecond))
	}
	if err := u.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Errorf("Run after Close = %v, want nil", err)
	}
	if u.Status().State != StateStopped {
		t.Errorf("state after Close = %s", u.Status().State)
	}
}

func TestHeartbeat(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.ConfigVersion = func() string { return "cfg-1" }
		o.PollInterval = 24 * time.Hour // only the retry and the heartbeat wake the loop
	})
	save(t, h.db, 3)
	h.srv.configure(func(f *fakeServer) {
		f.serverTime = func() time.Time { return h.clock.Now().Add(90 * time.Second) }
		f.behave = func(int, protocol.Batch) action { return action{status: 503} }
	})
	h.start()
	h.srv.mu.Lock()
	if len(h.srv.heartbeats) != 1 {
		h.srv.mu.Unlock()
		t.Fatalf("%d heartbeats at start, want 1", len(h.srv.heartbeats))
	}
	hb := h.srv.heartbeats[0]
	h.srv.mu.Unlock()
	if hb.Pending != 3 || hb.LastSeq != 3 || hb.AppVersion != "0.1.0-test" || hb.DiskFree <= 0 ||
		!hb.Clock.Equal(testStart) || hb.OldestPendingAt == nil || !hb.OldestPendingAt.Equal(testStart) ||
		!strings.Contains(hb.LastError, "503") {
		t.Errorf("heartbeat = %+v", hb)
	}
	st := h.u.Status()
	if !st.ClockKnown || st.ClockOffset != 90*time.Second || st.ConfigVersion != "cfg-1" {
		t.Errorf("clock offset %s (known %v), config %q", st.ClockOffset, st.ClockKnown, st.ConfigVersion)
	}
	h.mu.Lock()
	if len(h.changed) != 0 {
		t.Errorf("OnConfigChanged(%v) for the same version", h.changed)
	}
	h.mu.Unlock()
	// The server recovers and has a new configuration: the retry delivers,
	// and the next heartbeat, a minute after the first, notices it.
	h.srv.configure(func(f *fakeServer) { f.configVer, f.behave = "cfg-2", nil })
	h.advance(st.NextAttempt.Sub(h.clock.Now()))
	h.advance(testStart.Add(time.Minute).Sub(h.clock.Now()))
	h.srv.mu.Lock()
	beats, last := len(h.srv.heartbeats), h.srv.heartbeats[len(h.srv.heartbeats)-1]
	h.srv.mu.Unlock()
	if beats != 2 || last.Pending != 0 || last.OldestPendingAt != nil || last.LastError != "" {
		t.Errorf("second heartbeat (of %d) = %+v, want nothing pending and no error", beats, last)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.changed) != 1 || h.changed[0] != "cfg-2" {
		t.Errorf("OnConfigChanged calls %v, want [cfg-2]", h.changed)
	}
}

func TestFetchConfig(t *testing.T) {
	h := newHarness(t, nil)
	ctx := t.Context()
	cfg, etag, notModified, err := h.u.FetchConfig(ctx, "")
	if err != nil || notModified || cfg.Version != "cfg-1" || etag != "cfg-1" || cfg.Centre.Name != "Trung tâm Hạ Long" {
		t.Fatalf("first fetch: %+v, %q, %v, %v", cfg.Centre, etag, notModified, err)
	}
	if _, etag2, notModified, err := h.u.FetchConfig(ctx, etag); err != nil || !notModified || etag2 != etag {
		t.Fatalf("second fetch: %q, %v, %v; want not modified", etag2, notModified, err)
	}
	h.srv.configure(func(f *fakeServer) { f.configVer = "cfg-2" })
	cfg, etag, notModified, err = h.u.FetchConfig(ctx, etag)
	if err != nil || notModified || cfg.Version != "cfg-2" || etag != "cfg-2" {
		t.Fatalf("after a change: %q, %q, %v, %v", cfg.Version, etag, notModified, err)
	}
	h.u.SetToken("revoked")
	_, _, _, err = h.u.FetchConfig(ctx, "")
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindUnauthorized || e.Code != protocol.CodeUnauthorized {
		t.Errorf("fetch with a revoked token: %v", err)
	}
}

func TestPruneKeepsPendingAndQuarantined(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.HeartbeatInterval, o.PollInterval, o.PruneInterval = 24*time.Hour, 24*time.Hour, 24*time.Hour
		o.RetentionDays = 30
	})
	rs := save(t, h.db, 6)
	h.srv.configure(func(f *fakeServer) { f.reject[rs[1].ID] = protocol.ReasonConflict })
	h.start()
	h.srv.configure(func(f *fakeServer) { f.behave = func(int, protocol.Batch) action { return action{status: 503} } })
	h.db.SaveResponse(t.Context(), rating(9, testStart)) // stays pending: the server is down now
	for range 31 {
		h.advance(24 * time.Hour)
	}
	stats, err := h.db.Stats(t.Context(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	q, _ := h.db.QuarantinedCount(t.Context())
	if stats.ResponsesTotal != 2 || stats.Pending != 1 || q != 1 {
		t.Errorf("after 31 days: %d responses, %d pending, %d quarantined; want 2, 1, 1",
			stats.ResponsesTotal, stats.Pending, q)
	}
	if err := h.db.VerifyChain(t.Context()); err != nil {
		t.Errorf("chain after pruning: %v", err)
	}
}

func TestCloseWaitsForTheRequestInFlight(t *testing.T) {
	db := openDB(t, survey.SystemClock{})
	save(t, db, 5)
	srv := newFakeServer(t)
	arrived, release := make(chan struct{}), make(chan struct{})
	srv.setBehave(func(int, protocol.Batch) action {
		close(arrived)
		<-release
		return action{}
	})
	u, err := New(Options{ServerURL: srv.srv.URL, Token: testToken, Outbox: db, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- u.Run(t.Context()) }()
	<-arrived
	closed := make(chan error, 1)
	go func() { closed <- u.Close() }()
	time.Sleep(50 * time.Millisecond)
	close(release)
	if err := <-closed; err != nil {
		t.Fatalf("Close = %v", err)
	}
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
	if p, _ := db.Pending(t.Context(), 10); len(p) != 0 {
		t.Errorf("the answer of the request in flight was not recorded: %d pending", len(p))
	}
}

func TestCloseGivesUpAfterItsDeadline(t *testing.T) {
	db := openDB(t, survey.SystemClock{})
	save(t, db, 5)
	srv := newFakeServer(t)
	release := make(chan struct{})
	defer close(release)
	srv.setBehave(func(int, protocol.Batch) action { <-release; return action{} })
	u, err := New(Options{ServerURL: srv.srv.URL, Token: testToken, Outbox: db, Logger: quietLogger(),
		CloseTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- u.Run(t.Context()) }()
	for u.Status().LastAttempt.IsZero() {
		time.Sleep(time.Millisecond)
	}
	t0 := time.Now()
	if err := u.Close(); err == nil || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("Close = %v, want the deadline error", err)
	}
	if d := time.Since(t0); d > 2*time.Second {
		t.Errorf("Close took %s", d)
	}
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
	if p, _ := db.Pending(t.Context(), 10); len(p) != 5 {
		t.Errorf("%d pending after a cancelled upload, want all 5 kept", len(p))
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	db := openDB(t, survey.NewManualClock(testStart))
	ok := Options{ServerURL: "https://diem.example.vn", Token: "t", Outbox: db}
	tests := map[string]func(*Options){
		"no server":     func(o *Options) { o.ServerURL = "" },
		"not http":      func(o *Options) { o.ServerURL = "ftp://diem.example.vn" },
		"no token":      func(o *Options) { o.Token = "" },
		"no outbox":     func(o *Options) { o.Outbox = nil },
		"batch too big": func(o *Options) { o.BatchSize = protocol.MaxBatchResponses + 1 },
		"missing CA":    func(o *Options) { o.CAFile = "/nonexistent/ca.pem" },
		"CA is not PEM": func(o *Options) { o.CAFile = writeFile(t, "ca.pem", "not a certificate") },
	}
	for name, edit := range tests {
		o := ok
		edit(&o)
		if _, err := New(o); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
	for _, url := range []string{ok.ServerURL, "http://127.0.0.1:8080", "http://localhost:8080/", "http://[::1]:8080"} {
		o := ok
		o.ServerURL = url
		if _, err := New(o); err != nil {
			t.Errorf("%s: %v", url, err)
		}
	}
}

func TestRunTwiceAndCloseWithoutRun(t *testing.T) {
	h := newHarness(t, nil)
	h.start()
	if err := h.u.Run(t.Context()); err == nil {
		t.Error("a second Run succeeded")
	}
	u, err := New(h.opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := u.Close(); err != nil {
		t.Errorf("Close without Run = %v", err)
	}
	if err := u.Run(t.Context()); err != nil {
		t.Errorf("Run after Close = %v, want nil at once", err)
	}
}

// TestHeartbeatCarriesInvitationCounts: every heartbeat carries the
// kiosk's invitation counts of today and the 7 days before, per officer,
// as absolute counts (the same twice when nothing changed); a day further
// back is not sent; a store that cannot count leaves them out and the
// heartbeat still goes.
func TestHeartbeatCarriesInvitationCounts(t *testing.T) {
	h := newHarness(t, nil)
	ctx := t.Context()
	invite := func(id, officer string, at time.Time, status string) {
		t.Helper()
		mustOK(t, h.db.RecordInvitation(ctx, survey.Invitation{ID: id, Source: "api", OfficerID: officer,
			CreatedAt: at, ExpiresAt: at.Add(time.Minute)}))
		if status != survey.InvitationOpen {
			resp := ""
			if status == survey.InvitationUsed {
				resp = "resp-" + id
			}
			mustOK(t, h.db.CloseInvitation(ctx, id, status, resp, at.Add(30*time.Second)))
		}
	}
	invite("a1", "cb-01", testStart.Add(-time.Hour), survey.InvitationUsed)
	invite("a2", "cb-01", testStart.Add(-50*time.Minute), survey.InvitationExpired)
	invite("a3", "cb-01", testStart, survey.InvitationOpen)
	invite("b1", "cb-02", testStart.AddDate(0, 0, -7), survey.InvitationUsed) // the 8th day back from today
	invite("c1", "cb-02", testStart.AddDate(0, 0, -8), survey.InvitationUsed) // too old to send
	want := []protocol.InvitationCount{
		{Day: "2025-06-10", OfficerID: "cb-01", Issued: 3, Used: 1, Expired: 1},
		{Day: "2025-06-03", OfficerID: "cb-02", Issued: 1, Used: 1},
	}
	for range 2 {
		if _, _, err := h.u.Heartbeat(ctx); err != nil {
			t.Fatal(err)
		}
	}
	h.srv.mu.Lock()
	beats := slices.Clone(h.srv.heartbeats)
	h.srv.mu.Unlock()
	if len(beats) != 2 {
		t.Fatalf("%d heartbeats", len(beats))
	}
	for i, hb := range beats {
		if !reflect.DeepEqual(hb.Invitations, want) {
			t.Errorf("heartbeat %d carries %+v, want %+v", i, hb.Invitations, want)
		}
	}

	broken := newHarness(t, func(o *Options) { o.Invitations = failingCounter{} })
	if _, _, err := broken.u.Heartbeat(ctx); err != nil {
		t.Fatalf("a store that cannot count stopped the heartbeat: %v", err)
	}
	broken.srv.mu.Lock()
	defer broken.srv.mu.Unlock()
	if len(broken.srv.heartbeats) != 1 || broken.srv.heartbeats[0].Invitations != nil {
		t.Errorf("heartbeats %+v, want one without invitation counts", broken.srv.heartbeats)
	}
}

type failingCounter struct{}

func (failingCounter) InvitationCounts(context.Context, time.Time) ([]survey.InvitationCount, error) {
	return nil, errors.New("disk I/O error")
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
