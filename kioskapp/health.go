package kioskapp

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"hailong/kiosk/localdb"
	"hailong/kiosk/protocol"
)

// How often a running kiosk runs its self-checks for the heartbeat. The
// quick ones (disk, backlog, clock, staff PINs, build) cost about 30 ms of
// CPU (60 ms of wall time), so they run every five minutes: a disk filling
// up or a clock gone wrong shows on the Fleet page within minutes. The
// deep ones (database integrity, the hash chain of every stored response)
// read the whole database: about 0.95 s of CPU and 1.5–4 s of wall time on
// a busy shared 2-core machine for 100,000 stored responses (a 39 MB
// database, 90 days of a busy counter; BenchmarkHealthChecks), so they run
// once an hour, and each quick run repeats their last words.
const (
	healthEvery = 5 * time.Minute
	deepEvery   = time.Hour
)

// healthFirst is the wait before the first run after the kiosk starts: its
// first minute belongs to the screens and the first upload. The heartbeats
// until then carry no checks, and the server keeps the last ones it had.
const healthFirst = 30 * time.Second

// health runs the self-checks of kiosk doctor that need no server
// (localChecks, threading, staff PINs, and the clock as the uploader's
// last heartbeat measured it) on its own goroutine, never the UI's, and
// keeps the last result for the uploader's heartbeat (upload.Options.Checks).
type health struct {
	db    *localdb.DB
	first time.Duration // the wait before the first run: the kiosk's start comes first
	every time.Duration // between quick runs
	deep  time.Duration // between deep runs; 0: every run
	log   *slog.Logger
	// clock returns the server's clock minus the kiosk's at the last
	// heartbeat, false until one succeeded; pins the staff PIN check of the
	// configuration in force.
	clock func() (time.Duration, bool)
	pins  func() check
	last  atomic.Pointer[protocol.Checks]

	// Only run's goroutine touches these.
	deepAt    time.Time
	deepFound []check
}

// checks returns the last run's results, nil before the first run ends.
func (h *health) checks() protocol.Checks {
	if c := h.last.Load(); c != nil {
		return *c
	}
	return nil
}

// run checks after h.first and then every h.every until ctx ends.
func (h *health) run(ctx context.Context) {
	wait := time.NewTimer(h.first)
	defer wait.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wait.C:
		}
		h.once(ctx)
		wait.Reset(h.every)
	}
}

// once runs the checks and keeps their words; a run cut short by ctx keeps
// the previous result.
func (h *health) once(ctx context.Context) {
	start := time.Now()
	if h.deepFound == nil || start.Sub(h.deepAt) >= h.deep {
		found := deepChecks(ctx, h.db)
		if ctx.Err() != nil {
			return
		}
		h.deepAt, h.deepFound = start, found
	}
	cs := append([]check{threadingCheck(fyneDoMigrated)}, h.deepFound...)
	cs = append(cs, quickChecks(ctx, h.db)...)
	if ctx.Err() != nil {
		return
	}
	cs = append(cs, h.pins())
	if offset, ok := h.clock(); ok {
		cs = append(cs, clockCheck(offset))
	}
	words := heartbeatChecks(cs)
	h.last.Store(&words)
	var failing []any
	for _, c := range cs {
		if c.key != "" && c.word != protocol.CheckOK {
			failing = append(failing, c.key, c.word)
		}
	}
	h.log.Debug("self-checks", "took", time.Since(start).Round(time.Millisecond).String())
	if len(failing) > 0 {
		h.log.Warn("self-checks failing (kiosk doctor says what to do)", failing...)
	}
}

// heartbeatChecks are the words of the checks the heartbeat carries.
func heartbeatChecks(cs []check) protocol.Checks {
	out := protocol.Checks{}
	for _, c := range cs {
		if c.key != "" {
			out[c.key] = c.word
		}
	}
	return out
}
