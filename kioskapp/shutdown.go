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
	techQuit bool // the technician's Quit asked for this shutdown
}

func newShutdown(log *slog.Logger) *shutdown {
	s := &shutdown{grace: shutdownGrace, reserve: closeReserve, log: log}
	s.exit = func() { os.Exit(s.exitStatus()) }
	return s
}

// quitByTechnician starts the deadline for the technician's Quit: the
// kiosk then exits with ExitQuit, even when forced at the deadline, and is
// not restarted by its unit.
func (s *shutdown) quitByTechnician() {
	s.mu.Lock()
	s.techQuit = true
	s.mu.Unlock()
	s.begin()
}

// technicianQuit tells whether the technician's Quit ended this run.
func (s *shutdown) technicianQuit() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.techQuit
}

// exitStatus is the status of a forced exit: ExitQuit after the
// technician's Quit, 0 after any other quit (SIGTERM, the window closed).
func (s *shutdown) exitStatus() int {
	if s.technicianQuit() {
		return ExitQuit
	}
	return 0
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
