// Package webhook forwards alert events to the URL a centre set with
// `scoring-server centre set --webhook` (issue 10 item 4), so that a
// centre can see its alerts in its own chat tool.
//
// Notify only puts an event on a bounded in-memory queue and returns: the
// alert evaluator and the dashboard never wait for a receiver. Workers of
// their own POST each event as a small JSON document
// (scoring.AlertNotice), with a timeout per POST, and retry a failed one
// with exponential backoff (by default 5 tries over about 10 minutes).
// When the queue is full an event is dropped with a log line and counted.
// The queue is not persisted: events waiting at shutdown are lost, which
// the alert itself is not (it stays on the Alerts page).
package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"hailong/kiosk/scoring"
)

// Defaults of Options.
const (
	DefaultTimeout   = 10 * time.Second
	DefaultTries     = 5
	DefaultBackoff   = 40 * time.Second // then 80 s, 160 s, 320 s: 5 tries over 10 minutes
	DefaultQueueSize = 256
	DefaultWorkers   = 4
)

// Centres is what the notifier reads: a centre's webhook, name and zone,
// when an event is sent, so that a changed URL takes effect at once.
type Centres interface {
	Roster(ctx context.Context, centreID string) (scoring.Centre, []scoring.Officer, error)
}

// Options configure a Notifier; zero values take the defaults.
type Options struct {
	Centres   Centres
	Logger    *slog.Logger
	Client    *http.Client  // nil: a client with Timeout that follows no redirect
	Timeout   time.Duration // per POST
	Tries     int           // POSTs of one event at most
	Backoff   time.Duration // the wait after the first failure, doubled after each (±20%)
	QueueSize int           // events held at once, waiting retries included
	Workers   int           // POSTs at once
	// Dashboard is the dashboard's base URL as managers open it
	// (https://hailong.example.vn), for the link in each notice; "" for
	// no link.
	Dashboard string
	// UserAgent is sent with each POST.
	UserAgent string
}

// Stats counts what a Notifier did.
type Stats struct {
	Queued    int64 // events accepted by Notify
	Dropped   int64 // events refused because the queue was full
	Delivered int64 // events a receiver answered 2xx
	Retried   int64 // failed POSTs that were tried again later
	Failed    int64 // events given up on (out of tries, or refused with a 4xx)
	NoWebhook int64 // events of centres without a webhook (nothing sent)
}

// event is one alert event on its way, with what its sending learnt.
type event struct {
	kind  string // scoring.AlertEvent*
	alert scoring.Alert
	tries int
	url   string // resolved at the first try
	body  []byte
}

// Notifier sends alert events to centres' webhooks. Make it with New,
// start it with Run.
type Notifier struct {
	opts  Options
	log   *slog.Logger
	queue chan *event
	held  atomic.Int64 // events queued or waiting to retry: at most QueueSize

	mu     sync.Mutex
	timers map[*time.Timer]struct{} // retries waiting
	done   bool

	queued, dropped, delivered, retried, failed, noWebhook atomic.Int64
}

// New makes a Notifier; Run starts its workers.
func New(opts Options) *Notifier {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Tries <= 0 {
		opts.Tries = DefaultTries
	}
	if opts.Backoff <= 0 {
		opts.Backoff = DefaultBackoff
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = DefaultQueueSize
	}
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	if opts.Client == nil {
		// A webhook that redirects is misconfigured; following it would
		// turn the POST into a GET.
		opts.Client = &http.Client{Timeout: opts.Timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "hailong-scoring-server"
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Notifier{opts: opts, log: log, queue: make(chan *event, opts.QueueSize), timers: map[*time.Timer]struct{}{}}
}

// Notify queues event kind (scoring.AlertEvent*) of alert a and returns at
// once; false when the queue was full and the event was dropped. It never
// blocks, whatever the receivers do.
func (n *Notifier) Notify(kind string, a scoring.Alert) bool {
	if n.held.Add(1) > int64(n.opts.QueueSize) {
		n.held.Add(-1)
		n.dropped.Add(1)
		n.log.Warn("webhook queue full: alert event dropped", "alert", a.ID, "centre", a.CentreID, "event", kind,
			"queue", n.opts.QueueSize)
		return false
	}
	n.queued.Add(1)
	n.queue <- &event{kind: kind, alert: a} // cannot block: the channel holds QueueSize
	return true
}

// Stats returns what the notifier did so far.
func (n *Notifier) Stats() Stats {
	return Stats{Queued: n.queued.Load(), Dropped: n.dropped.Load(), Delivered: n.delivered.Load(),
		Retried: n.retried.Load(), Failed: n.failed.Load(), NoWebhook: n.noWebhook.Load()}
}

// Run sends queued events until ctx ends; retries still waiting then are
// dropped.
func (n *Notifier) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for range n.opts.Workers {
		wg.Go(func() {
			for {
				select {
				case <-ctx.Done():
					return
				case ev := <-n.queue:
					n.send(ctx, ev)
				}
			}
		})
	}
	wg.Wait()
	n.mu.Lock()
	n.done = true
	for t := range n.timers {
		t.Stop()
	}
	clear(n.timers)
	n.mu.Unlock()
}

// send tries ev once, and schedules its next try or lets it go.
func (n *Notifier) send(ctx context.Context, ev *event) {
	if ev.url == "" {
		if !n.prepare(ctx, ev) {
			n.held.Add(-1)
			return
		}
	}
	ev.tries++
	retry, err := n.post(ctx, ev)
	switch {
	case err == nil:
		n.delivered.Add(1)
		n.held.Add(-1)
		n.log.Info("webhook delivered", "alert", ev.alert.ID, "centre", ev.alert.CentreID, "event", ev.kind,
			"webhook", scoring.RedactWebhook(ev.url), "tries", ev.tries)
	case ctx.Err() != nil:
		n.held.Add(-1) // shutting down
	case retry && ev.tries < n.opts.Tries:
		n.retried.Add(1)
		wait := n.backoff(ev.tries)
		n.log.Warn("webhook failed; will retry", "alert", ev.alert.ID, "centre", ev.alert.CentreID, "event", ev.kind,
			"webhook", scoring.RedactWebhook(ev.url), "try", ev.tries, "retry_in", wait.Round(time.Millisecond).String(), "err", err)
		n.later(wait, ev)
	default:
		n.failed.Add(1)
		n.held.Add(-1)
		n.log.Error("webhook failed; giving up", "alert", ev.alert.ID, "centre", ev.alert.CentreID, "event", ev.kind,
			"webhook", scoring.RedactWebhook(ev.url), "tries", ev.tries, "err", err)
	}
}

// prepare reads ev's centre and writes its body; false when there is
// nothing to send.
func (n *Notifier) prepare(ctx context.Context, ev *event) bool {
	if n.opts.Centres == nil {
		n.noWebhook.Add(1)
		return false
	}
	c, _, err := n.opts.Centres.Roster(ctx, ev.alert.CentreID)
	if err != nil {
		if !errors.Is(err, scoring.ErrNotFound) && ctx.Err() == nil {
			n.failed.Add(1)
			n.log.Error("webhook: read the centre", "alert", ev.alert.ID, "centre", ev.alert.CentreID, "err", err)
		}
		return false
	}
	if c.Webhook == "" {
		n.noWebhook.Add(1)
		return false
	}
	loc, err := scoring.LoadZone(c.TimeZone)
	if err != nil {
		loc = nil // NewAlertNotice takes the default zone
	}
	body, err := json.Marshal(scoring.NewAlertNotice(ev.kind, ev.alert, c.Name, loc, n.opts.Dashboard))
	if err != nil {
		n.failed.Add(1)
		n.log.Error("webhook: encode the notice", "alert", ev.alert.ID, "err", err)
		return false
	}
	ev.url, ev.body = c.Webhook, body
	return true
}

// post POSTs ev once; retry says whether another try may succeed (the
// receiver could not be reached, timed out, or answered 408, 429 or 5xx).
func (n *Notifier) post(ctx context.Context, ev *event) (retry bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, n.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ev.url, bytes.NewReader(ev.body))
	if err != nil {
		return false, fmt.Errorf("webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", n.opts.UserAgent)
	resp, err := n.opts.Client.Do(req)
	if err != nil {
		return true, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // so that the connection is reused
	switch s := resp.StatusCode; {
	case s >= 200 && s < 300:
		return false, nil
	case s == http.StatusRequestTimeout || s == http.StatusTooManyRequests || s >= 500:
		return true, fmt.Errorf("webhook answered %s", resp.Status)
	default:
		return false, fmt.Errorf("webhook answered %s", resp.Status)
	}
}

// backoff is the wait after failed try number tries: Backoff doubled
// tries-1 times, ±20% so that a receiver that comes back is not hit by
// every waiting event at once.
func (n *Notifier) backoff(tries int) time.Duration {
	d := n.opts.Backoff << (tries - 1)
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

// later puts ev back on the queue after wait. It holds its place in the
// queue meanwhile (held), so the send cannot block.
func (n *Notifier) later(wait time.Duration, ev *event) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.done {
		n.held.Add(-1)
		return
	}
	var t *time.Timer
	t = time.AfterFunc(wait, func() {
		n.mu.Lock()
		delete(n.timers, t)
		n.mu.Unlock()
		n.queue <- ev
	})
	n.timers[t] = struct{}{}
}
