package upload

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"hailong/kiosk/localdb"
	"hailong/kiosk/localdb/localdbtest"
	"hailong/kiosk/survey"
)

var ict = time.FixedZone("ICT", 7*3600)

// testStart is a Tuesday morning at the counter.
var testStart = time.Date(2025, 6, 10, 9, 30, 0, 0, ict)

var _ Outbox = (*localdb.DB)(nil)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// rating is a valid response as the screens hand it over.
func rating(i int, at time.Time) survey.Response {
	r := survey.Response{CentreID: "qn-halong", CounterID: "quay-07", OfficerID: "cb-0042",
		Scale: survey.ScaleLegal3, RawValue: 3, Level: survey.VerySatisfied, Outcome: survey.OutcomeSubmitted,
		Lang: "vi", CreatedAt: at.Format(survey.TimeLayout), DurationMS: int64(1200 + i%5000),
		AppVersion: "0.1.0", ConfigVersion: "cfg-1", Reasons: []string{}}
	if i%3 == 1 {
		r.RawValue, r.Level = 1, survey.Dissatisfied
		r.Reasons = []string{"thai_do", "cho_lau"}
	}
	return r
}

// openDB opens a kiosk store in a new temporary directory.
func openDB(t testing.TB, clock survey.Clock) *localdb.DB {
	t.Helper()
	db, err := localdb.Open(t.TempDir(), localdb.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// save stores n ratings a minute apart from testStart through the real
// durable save.
func save(t testing.TB, db *localdb.DB, n int) []survey.Response {
	t.Helper()
	out := make([]survey.Response, n)
	for i := range n {
		r, err := db.SaveResponse(context.Background(), rating(i, testStart.Add(time.Duration(i)*time.Minute)))
		if err != nil {
			t.Fatal(err)
		}
		out[i] = r
	}
	return out
}

// seedDB makes a kiosk store in dir holding n pending responses spread
// evenly over span from start, with a valid hash chain, written in one
// transaction by localdbtest.Backlog: a million fsyncs through SaveResponse
// would take the test's whole time budget. localdb.VerifyChain proves the
// fixture is what SaveResponse would have written.
func seedDB(t testing.TB, dir string, n int, start time.Time, span time.Duration) {
	t.Helper()
	localdbtest.Backlog(t, dir, n, rating(0, start), start, span/time.Duration(max(n, 1)))
}

// harness runs an Uploader over a store and a fake server under a manual
// clock, in lock-step: the loop stops at each idle point until the test
// calls idle, so "advance the clock, then look" is deterministic.
type harness struct {
	t     *testing.T
	clock *survey.ManualClock
	db    *localdb.DB
	srv   *fakeServer
	u     *Uploader
	opt   Options

	idleCh chan struct{}
	stop   chan struct{}
	runErr chan error

	mu       sync.Mutex
	statuses []Status
	changed  []string
}

// newHarness builds the harness; edit may change the options before New.
func newHarness(t *testing.T, edit func(*Options)) *harness {
	t.Helper()
	return newHarnessIn(t, t.TempDir(), edit)
}

// newHarnessIn is newHarness on the store in dir (perhaps seeded).
func newHarnessIn(t *testing.T, dir string, edit func(*Options)) *harness {
	t.Helper()
	h := &harness{t: t, clock: survey.NewManualClock(testStart), idleCh: make(chan struct{}),
		stop: make(chan struct{}), runErr: make(chan error, 1)}
	db, err := localdb.Open(dir, localdb.WithClock(h.clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h.db = db
	h.srv = newFakeServer(t)
	h.srv.now = h.clock.Now
	h.opt = Options{ServerURL: h.srv.srv.URL, Token: testToken, Outbox: h.db, Clock: h.clock,
		Logger: quietLogger(), AppVersion: "0.1.0-test",
		Backoff:         Backoff{Rand: func() float64 { return 0.5 }},
		OnStatus:        func(s Status) { h.mu.Lock(); h.statuses = append(h.statuses, s); h.mu.Unlock() },
		ConfigVersion:   func() string { return "cfg-1" },
		OnConfigChanged: func(v string) { h.mu.Lock(); h.changed = append(h.changed, v); h.mu.Unlock() },
	}
	if edit != nil {
		edit(&h.opt)
	}
	u, err := New(h.opt)
	if err != nil {
		t.Fatal(err)
	}
	u.idleHook = func() {
		select {
		case h.idleCh <- struct{}{}:
		case <-h.stop:
		}
	}
	h.u = u
	return h
}

// start runs the loop and waits for its first idle point (after the first
// upload, heartbeat and prune).
func (h *harness) start() {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { h.runErr <- h.u.Run(ctx) }()
	h.t.Cleanup(func() {
		close(h.stop)
		if err := h.u.Close(); err != nil {
			h.t.Errorf("Close: %v", err)
		}
		cancel()
		if err := <-h.runErr; err != nil {
			h.t.Errorf("Run: %v", err)
		}
	})
	h.idle()
}

// idle waits until the loop has finished its step and armed its timer.
func (h *harness) idle() {
	h.t.Helper()
	select {
	case <-h.idleCh:
	case <-time.After(20 * time.Second):
		h.t.Fatal("the upload loop did not come back to idle")
	}
}

// quiet asserts that the loop does no work for a little real time.
func (h *harness) quiet() {
	h.t.Helper()
	select {
	case <-h.idleCh:
		h.t.Fatal("the upload loop worked when nothing was due")
	case <-time.After(50 * time.Millisecond):
	}
}

// advance moves the manual clock by d, one due timer at a time, and waits
// for the loop's step after each: the loop sees every wake-up at its own
// time, as with a real clock. (Moving the clock by d at once let the loop
// read the clock at an earlier timer's time — a heartbeat's, say — and
// finish its step before the clock reached the end: a flaky test.) The
// loop has at least one timer due within d.
func (h *harness) advance(d time.Duration) {
	h.t.Helper()
	end := h.clock.Now().Add(d)
	stepped := false
	for {
		next, ok := h.clock.NextTimer()
		if !ok || !next.Before(end) {
			break
		}
		h.clock.Advance(next.Sub(h.clock.Now())) // fires it, the clock at its time
		h.idle()
		stepped = true
	}
	// The last stretch: a timer due at the end wakes the loop once more.
	next, ok := h.clock.NextTimer()
	h.clock.Advance(end.Sub(h.clock.Now()))
	if ok && !next.After(end) {
		h.idle()
		stepped = true
	}
	if !stepped {
		h.t.Fatalf("advance(%s): the upload loop had nothing due", d)
	}
}

// pending returns the seqs still pending in the store.
func (h *harness) pending() []int64 {
	h.t.Helper()
	rs, err := h.db.Pending(context.Background(), 1000)
	if err != nil {
		h.t.Fatal(err)
	}
	seqs := make([]int64, len(rs))
	for i, r := range rs {
		seqs[i] = r.Seq
	}
	return seqs
}
