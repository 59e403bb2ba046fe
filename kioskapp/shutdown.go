package kioskapp

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"time"
)

// The one shutdown deadline. From the moment a quit is asked (the
// technician's Quit, SIGTERM, the window closed), everything the kiosk does
// to stop happens within shutdownGrace: Fyne's stop, the local API's, the
// uploader's drain (cut short, not waited for: what it did not send stays
// in the outbox) and, always, the database close, which keeps
// closeReserve of the deadline for itself. Only if the process is still
// alive at the deadline does it exit by itself: Fyne 2.7.1 can deadlock
// while shutting down when a window event is in flight, every response is
// already committed, and a kiosk that hangs instead of restarting would
// lose ratings.
//
// Before, the forced exit (5 s) was shorter than the uploader's own close
// timeout (10 s), so a slow server meant the process was killed mid-drain
// and the database was never closed.
const (
	shutdownGrace = 5 * time.Second
	closeReserve  = time.Second
)

// shutdown is the deadline of one kiosk run.
type shutdown struct {
	grace   time.Duration
	reserve time.Duration
	exit    func() // the forced exit at the deadline
	log     *slog.Logger

	mu       sync.Mutex
	deadline time.Time
	timer    *time.Timer
}

func newShutdown(log *slog.Logger) *shutdown {
	return &shutdown{grace: shutdownGrace, reserve: closeReserve, exit: func() { os.Exit(0) }, log: log}
}

// begin starts the deadline when a quit is asked; later calls keep the
// first deadline.
func (s *shutdown) begin() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.deadline.IsZero() {
		return
	}
	s.deadline = time.Now().Add(s.grace)
	s.timer = time.AfterFunc(s.grace, func() {
		s.log.Warn("the kiosk did not stop in time; exiting", "grace", s.grace)
		s.exit()
	})
}

// finish runs the closing steps in order, each with a context that ends
// closeReserve before the deadline, then closeDB, which always runs, and
// then disarms the forced exit. It starts the deadline if no quit did (the
// window loop ended by itself).
func (s *shutdown) finish(steps []func(context.Context), closeDB func() error) {
	s.begin()
	s.mu.Lock()
	ctx, cancel := context.WithDeadline(context.Background(), s.deadline.Add(-s.reserve))
	s.mu.Unlock()
	for _, step := range steps {
		step(ctx)
	}
	cancel()
	if err := closeDB(); err != nil {
		s.log.Error("close the database", "err", err)
	}
	s.mu.Lock()
	s.timer.Stop()
	s.mu.Unlock()
}
