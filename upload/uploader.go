package upload

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// Uploader drains the outbox to the scoring server. Build it with New, run
// Run in its own goroutine, and Close it on the way out.
type Uploader struct {
	opt   Options
	cl    *client
	pace  *pacer // deadlines of batch requests; used by the Run goroutine only
	out   Outbox
	clock survey.Clock
	log   *slog.Logger

	notifyCh  chan struct{} // new data; capacity 1, so signals coalesce
	sendNowCh chan struct{} // the technician's "send now"; capacity 1
	closing   chan struct{} // closed by Close
	closeOnce sync.Once
	done      chan struct{} // closed when Run returns
	running   atomic.Bool

	mu        sync.Mutex // guards the fields below
	st        Status
	tok       string
	retention int
	cancel    context.CancelFunc // cancels the request in flight; set by Run

	// Loop state, touched only by the Run goroutine.
	dirty         bool      // Notify or SendNow since the last drain
	failures      int       // consecutive failed drains; one that made progress starts a new count
	fruitless     int       // consecutive failed drains that settled nothing: the backoff's exponent
	nextUpload    time.Time // no upload before this (backoff, pause)
	nextProbe     time.Time // the server is unreachable: probe it then (probe.go); zero otherwise
	nextPoll      time.Time // check the outbox by this time even without Notify
	nextHeartbeat time.Time
	nextPrune     time.Time
	tokenRejected bool
	heldKey       string // batch id of a batch refused whole: not split again

	idleHook func() // tests: called with the timer armed, before waiting
}

// New checks the options, loads the CA file and builds the HTTP client.
// Nothing is sent before Run.
func New(opt Options) (*Uploader, error) {
	if err := opt.setDefaults(); err != nil {
		return nil, fmt.Errorf("upload: %w", err)
	}
	cl, err := newClient(opt)
	if err != nil {
		return nil, fmt.Errorf("upload: %w", err)
	}
	u := &Uploader{
		opt: opt, cl: cl, pace: newPacer(opt.RequestTimeout), out: opt.Outbox, clock: opt.Clock, log: opt.Logger,
		notifyCh:  make(chan struct{}, 1),
		sendNowCh: make(chan struct{}, 1),
		closing:   make(chan struct{}),
		done:      make(chan struct{}),
		tok:       opt.Token,
		retention: opt.RetentionDays,
		st:        Status{Server: opt.ServerURL, State: StateIdle},
	}
	return u, nil
}

// Notify tells the uploader that a response was saved. It never blocks, and
// many calls before the uploader looks count as one. An upload starts at
// once unless a retry is being waited for.
func (u *Uploader) Notify() { signal(u.notifyCh) }

// SendNow is the technician's "send now": it ends any wait (backoff, a
// rejected token's pause, a held batch) and uploads at once.
func (u *Uploader) SendNow() { signal(u.sendNowCh) }

// SetToken replaces the bearer token (after the kiosk was enrolled again)
// and sends at once.
func (u *Uploader) SetToken(token string) {
	u.mu.Lock()
	u.tok = token
	u.mu.Unlock()
	u.SendNow()
}

// SetRetentionDays changes how long acknowledged responses are kept (from
// a new configuration); n ≤ 0 is ignored. It applies from the next prune.
func (u *Uploader) SetRetentionDays(n int) {
	if n <= 0 {
		return
	}
	u.mu.Lock()
	u.retention = n
	u.mu.Unlock()
}

// Status returns a snapshot of the uploader's state.
func (u *Uploader) Status() Status {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.st
}

// FetchConfig gets the kiosk's configuration. With the ETag of the
// configuration the kiosk has, an unchanged one answers notModified and no
// configuration. Failures are *Error.
func (u *Uploader) FetchConfig(ctx context.Context, etag string) (cfg protocol.KioskConfig, newETag string, notModified bool, err error) {
	cfg, newETag, notModified, err = u.cl.fetchConfig(ctx, u.token(), etag)
	if err != nil {
		return cfg, "", false, fmt.Errorf("fetch config: %w", err)
	}
	return cfg, newETag, notModified, nil
}

// Run uploads until ctx ends or Close is called: one loop over a timer
// (set to the next retry, poll, heartbeat or prune), the new-data signal of
// Notify, SendNow, and ctx. It returns nil after Close, ctx's error when ctx
// ends, and an error if Run is already running or was run before.
func (u *Uploader) Run(ctx context.Context) error {
	if !u.running.CompareAndSwap(false, true) {
		return errors.New("upload: Run called twice")
	}
	defer close(u.done)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	u.mu.Lock()
	u.cancel = cancel
	u.mu.Unlock()

	wake := make(chan struct{}, 1)
	var timer survey.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
		u.update(func(s *Status) { s.State, s.NextAttempt = StateStopped, time.Time{} })
	}()
	now := u.clock.Now()
	u.dirty, u.nextPoll, u.nextHeartbeat, u.nextPrune = true, now, now, now
	for {
		if u.closingNow() {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		u.step(ctx)
		if timer != nil {
			timer.Stop()
		}
		wait := max(u.nextWake().Sub(u.clock.Now()), 0)
		timer = u.clock.AfterFunc(wait, func() { signal(wake) })
		if u.idleHook != nil {
			u.idleHook()
		}
		select {
		case <-ctx.Done():
		case <-u.closing:
		case <-u.notifyCh:
			u.dirty = true
		case <-u.sendNowCh:
			u.dirty, u.failures, u.fruitless, u.tokenRejected, u.heldKey = true, 0, 0, false, ""
			u.nextUpload, u.nextHeartbeat = time.Time{}, u.clock.Now()
		case <-wake:
		}
	}
}

// Close stops Run after the request in flight and its bookkeeping, waiting
// at most CloseTimeout (real time: it bounds a real request) before
// cancelling that request. Pending responses stay in the outbox. Close is
// safe to call more than once, and without Run.
func (u *Uploader) Close() error {
	u.closeOnce.Do(func() { close(u.closing) })
	if !u.running.Load() {
		return nil
	}
	t := time.NewTimer(u.opt.CloseTimeout)
	defer t.Stop()
	select {
	case <-u.done:
		return nil
	case <-t.C:
	}
	u.mu.Lock()
	cancel := u.cancel
	u.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	<-u.done
	return fmt.Errorf("upload: close: the request in flight did not finish within %s and was cancelled", u.opt.CloseTimeout)
}

// step does whatever is due: a probe of an unreachable server, an upload,
// a heartbeat, a prune.
func (u *Uploader) step(ctx context.Context) {
	if now := u.clock.Now(); u.probeDue(now) && !u.closingNow() {
		u.probe(ctx) // an answer makes the upload due at once, in this step
	}
	if now := u.clock.Now(); u.uploadDue(now) {
		u.upload(ctx)
	}
	if now := u.clock.Now(); !now.Before(u.nextHeartbeat) && !u.closingNow() {
		u.nextHeartbeat = now.Add(u.opt.HeartbeatInterval)
		if !u.tokenRejected || !now.Before(u.nextUpload) { // a rejected token is tried again after the pause
			u.beat(ctx)
		}
	}
	if now := u.clock.Now(); !now.Before(u.nextPrune) && !u.closingNow() {
		u.nextPrune = now.Add(u.opt.PruneInterval)
		u.prune(ctx)
	}
}

func (u *Uploader) uploadDue(now time.Time) bool {
	return !now.Before(u.nextUpload) && (u.dirty || !now.Before(u.nextPoll))
}

// nextWake is the earliest time something will be due.
func (u *Uploader) nextWake() time.Time {
	next := u.nextPoll
	if u.dirty {
		next = u.clock.Now()
	}
	if u.nextUpload.After(next) {
		next = u.nextUpload
	}
	for _, t := range []time.Time{u.nextHeartbeat, u.nextPrune, u.nextProbe} {
		if !t.IsZero() && t.Before(next) {
			next = t
		}
	}
	return next
}

// upload runs one drain and decides, in this one place, when to try again.
func (u *Uploader) upload(ctx context.Context) {
	u.update(func(s *Status) { s.State = StateSending })
	d, err := u.drain(ctx)
	now := u.clock.Now()
	u.refreshBacklog(ctx, now)
	if d.acked > 0 || d.quarantined > 0 {
		u.update(func(s *Status) { s.LastSuccess = now })
	}
	if err == nil {
		u.dirty, u.nextPoll = false, now.Add(u.opt.PollInterval)
		if d.requests == 0 && u.tokenRejected {
			return // nothing was sent: the token is no better than the heartbeat found it
		}
		u.failures, u.fruitless, u.nextUpload, u.tokenRejected = 0, 0, time.Time{}, false
		u.stopProbing()
		if d.requests > 0 {
			u.log.Debug("upload: drained", "acknowledged", d.acked, "quarantined", d.quarantined, "requests", d.requests)
		}
		u.update(func(s *Status) { s.State, s.Failures, s.NextAttempt = StateIdle, 0, time.Time{} })
		return
	}
	e := asError(err)
	if e.Kind == KindCanceled {
		return
	}
	if d.acked+d.quarantined > 0 {
		// This drain settled responses (the server answered with results,
		// and the store recorded them) before it failed: the link and the
		// server work, and the failure is a blip, the first of a new count.
		// The backoff grows only across drains that made no progress, so
		// the next attempt is at once (unless Retry-After says otherwise);
		// a drain ending in a reset after thousands of acknowledgements
		// used to wait minutes (issue 9 item 2). Only recorded progress
		// counts: a store that cannot record answers would otherwise resend
		// the same batch in a tight loop.
		u.failures, u.fruitless = 0, 0
	} else {
		u.fruitless++
	}
	u.failures++
	state, wait := u.retryPolicy(e)
	u.nextUpload = now.Add(wait)
	if e.noConn {
		u.startProbing(now) // no connection could be made: watch for the server's return (probe.go)
	} else {
		u.stopProbing() // the request reached something: the backoff alone
	}
	u.log.Warn("upload: failed", "err", e, "failures", u.failures, "retry_in", wait.Round(time.Millisecond),
		"acknowledged", d.acked)
	p := problemOf(e, now)
	u.update(func(s *Status) {
		s.State, s.LastError, s.Failures, s.NextAttempt = state, p, u.failures, u.nextUpload
	})
}

// retryPolicy says how long to wait after e: a backoff with full jitter
// over the drains that made no progress (none after one that did), never
// less than Retry-After, for what may pass by itself; a long pause for a
// rejected token or a refusal.
func (u *Uploader) retryPolicy(e *Error) (State, time.Duration) {
	b := u.opt.Backoff
	switch {
	case e.Kind == KindUnauthorized:
		u.tokenRejected = true
		return StateTokenRejected, b.LongPause
	case !e.Kind.Retryable():
		return StateHeld, b.LongPause
	}
	return StateRetrying, max(b.Delay(u.fruitless), min(e.RetryAfter, b.MaxRetryAfter))
}

// refreshBacklog reads the pending count and the oldest pending response
// into the status.
func (u *Uploader) refreshBacklog(ctx context.Context, now time.Time) {
	ctx = context.WithoutCancel(ctx)
	st, err := u.out.Stats(ctx, now)
	if err != nil {
		u.log.Error("upload: read backlog", "err", err)
		return
	}
	oldest, ok, err := u.out.OldestPending(ctx)
	if err != nil {
		u.log.Error("upload: read backlog", "err", err)
		return
	}
	if !ok {
		oldest = time.Time{}
	}
	u.update(func(s *Status) { s.Pending, s.OldestPending = st.Pending, oldest })
}

func (u *Uploader) prune(ctx context.Context) {
	u.mu.Lock()
	days := u.retention
	u.mu.Unlock()
	before := u.clock.Now().AddDate(0, 0, -days)
	n, err := u.out.Prune(ctx, before)
	if err != nil {
		u.log.Error("upload: prune", "err", err)
		return
	}
	if n > 0 {
		u.log.Info("upload: pruned acknowledged responses", "count", n, "before", before)
	}
}

// update changes the status under the lock and hands a copy to OnStatus.
func (u *Uploader) update(f func(*Status)) {
	u.mu.Lock()
	f(&u.st)
	s := u.st
	u.mu.Unlock()
	u.opt.OnStatus(s)
}

func (u *Uploader) token() string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.tok
}

func (u *Uploader) noteAttempt() {
	now := u.clock.Now()
	u.mu.Lock()
	u.st.LastAttempt = now
	u.mu.Unlock()
}

func (u *Uploader) noteAcked(n int) {
	u.mu.Lock()
	u.st.Uploaded += n
	u.st.Pending = max(u.st.Pending-n, 0)
	u.mu.Unlock()
}

func (u *Uploader) noteQuarantined() {
	u.mu.Lock()
	u.st.Quarantined++
	u.st.Pending = max(u.st.Pending-1, 0)
	u.mu.Unlock()
}

func (u *Uploader) closingNow() bool {
	select {
	case <-u.closing:
		return true
	default:
		return false
	}
}

// signal sends on a capacity-1 channel without blocking.
func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}
