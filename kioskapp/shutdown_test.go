package kioskapp

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"hailong/kiosk/localdb"
	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

func quietLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

// TestShutdownOneDeadline: a step that would wait forever (an uploader
// draining to a server that does not answer) is cut closeReserve before the
// deadline, the database close runs, and the forced exit never comes.
func TestShutdownOneDeadline(t *testing.T) {
	var exited atomic.Bool
	s := &shutdown{grace: 600 * time.Millisecond, reserve: 200 * time.Millisecond, exit: func() { exited.Store(true) }, log: quietLog()}
	start := time.Now()
	s.begin()
	var cut, closed time.Duration
	s.finish([]func(context.Context){
		func(ctx context.Context) { <-ctx.Done(); cut = time.Since(start) },
	}, func() error { closed = time.Since(start); return nil })
	if cut < 350*time.Millisecond || cut > 550*time.Millisecond {
		t.Errorf("the waiting step was cut after %v, want about grace − reserve (400ms)", cut)
	}
	if closed == 0 || closed >= s.grace {
		t.Errorf("the database closed after %v, want it closed, before the deadline (%v)", closed, s.grace)
	}
	time.Sleep(s.grace)
	if exited.Load() {
		t.Error("forced exit although everything closed in time")
	}
}

// TestShutdownForcedExitAtTheDeadline: if closing hangs anyway, the
// process exits at the deadline, counted from the quit, not from the end
// of the window loop.
func TestShutdownForcedExitAtTheDeadline(t *testing.T) {
	exited := make(chan time.Duration, 1)
	s := &shutdown{grace: 400 * time.Millisecond, reserve: 100 * time.Millisecond, log: quietLog()}
	start := time.Now()
	s.exit = func() { exited <- time.Since(start) }
	s.begin()
	time.Sleep(100 * time.Millisecond) // the window loop takes a while to end
	s.begin()                          // a second quit keeps the first deadline
	go s.finish(nil, func() error { time.Sleep(2 * time.Second); return nil })
	select {
	case d := <-exited:
		if d < 380*time.Millisecond || d > 700*time.Millisecond {
			t.Errorf("forced exit after %v, want at the deadline (400ms after the quit)", d)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("no forced exit although the close hung")
	}
}

// TestSyncerStopKeepsTheDeadline: with the server stalled on an upload, the
// syncer stops when the shutdown context ends, not after the uploader's own
// 10-second close timeout (longer than the old 5-second forced exit, which
// then killed the kiosk before its database was closed). The response stays
// pending.
func TestSyncerStopKeepsTheDeadline(t *testing.T) {
	inFlight := make(chan struct{}, 1)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, protocol.PathResponses) {
			select {
			case inFlight <- struct{}{}:
			default:
			}
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	defer close(release)

	db, err := localdb.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	_, err = db.SaveResponse(ctx, survey.Response{CentreID: "qn-hcc", CounterID: "1", OfficerID: "cb01",
		Scale: survey.ScaleLegal3, RawValue: 3, Level: survey.VerySatisfied, Outcome: survey.OutcomeSubmitted,
		Lang: "vi", CreatedAt: time.Now().Format(survey.TimeLayout), AppVersion: "test", ConfigVersion: "t"})
	if err != nil {
		t.Fatal(err)
	}
	sy, err := newSyncer(db, localdb.Enrolment{Server: srv.URL, Token: "tok"}, "test", quietLog())
	if err != nil {
		t.Fatal(err)
	}
	sy.start(ctx, func(protocol.KioskConfig) error { return nil }, func(protocol.KioskConfig) {})
	select {
	case <-inFlight:
	case <-time.After(10 * time.Second):
		t.Fatal("the upload never reached the server")
	}
	stopCtx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	sy.stop(stopCtx)
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("stop took %v with a 300ms deadline", d)
	}
	if st, err := db.Stats(ctx, time.Now()); err != nil || st.Pending != 1 {
		t.Fatalf("after the cut: %d pending, %v; want the response kept", st.Pending, err)
	}
}
