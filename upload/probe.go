package upload

import (
	"context"
	"net/http"
	"time"
)

// Probing a server that cannot be reached (issue 9 item 2). After a
// 13 s outage the kiosk's pending ratings reached the restarted server
// 19 s after it was back: the backoff had grown while every attempt failed,
// and nothing looked at the server in between.
//
// The uploader tells two failures apart:
//
//   - The request reached no server: no connection could be made (refused,
//     no route, no such host, a connect that timed out). Nothing there is
//     being hammered, and what the kiosk wants to know is when the path is
//     back. So, beside the uploads' own backoff, it probes: a GET /healthz
//     (docs/API.md §10: no token, no body, a few hundred bytes each way)
//     every ProbeMin–ProbeMax, uniformly at random so that 500 kiosks cut
//     off by the same outage do not come back in step. The first probe
//     that gets any HTTP answer starts the drain at once. Any answer, not
//     only 200: the question is whether the path is back, not whether the
//     server is well. A 404 from a server that has no /healthz (another
//     vendor's) or a 503 from one whose store is busy both prove the path;
//     the upload that follows then gets its own answer, classified as
//     always. Waiting for a 200 would tie the kiosk to an endpoint the
//     protocol does not require, and to what that endpoint means this year.
//   - The request reached the server, or may have, and failed (5xx, 429, a
//     timeout waiting for an answer, a connection reset or cut
//     mid-request): the server is there and sick or busy, or this very
//     batch killed it. A probe would answer while the upload keeps
//     failing, and send the batch back every few seconds; so there is
//     none: the long backoff with jitter (and Retry-After) leaves it room
//     to recover. (A reset after a drain that made progress is tried again
//     at once anyway: see upload.) When a server goes away, the attempt
//     after the first reset finds the port closed, and probing starts.
//
// A probe costs a connection attempt while the path is down, which is
// nothing at the server. The uploads' backoff goes on beside the probes
// (a network that answers /healthz nowhere still gets its uploads tried).
// A gateway that answers 502 for a dead server behind it is, to the kiosk,
// a sick server: it gets the backoff, not the probes.

// probePath is the cheap endpoint every server of ours answers without a
// token.
const probePath = "/healthz"

// probeTimeout bounds one probe. A probe is a few hundred bytes; even a
// poor 3G link (a second of round trip, three of them for TCP and TLS)
// answers well within it.
const probeTimeout = 5 * time.Second

// startProbing schedules the first probe after an upload that could make
// no connection, unless probes are already going.
func (u *Uploader) startProbing(now time.Time) {
	if u.nextProbe.IsZero() {
		u.nextProbe = now.Add(u.probeDelay())
		u.update(func(s *Status) { s.NextProbe = u.nextProbe })
	}
}

// stopProbing ends the probes: the server answered something.
func (u *Uploader) stopProbing() {
	if !u.nextProbe.IsZero() {
		u.nextProbe = time.Time{}
		u.update(func(s *Status) { s.NextProbe = time.Time{} })
	}
}

// probeDue reports whether a probe should go now: one is scheduled, it is
// time, and no upload is due anyway.
func (u *Uploader) probeDue(now time.Time) bool {
	return !u.nextProbe.IsZero() && !now.Before(u.nextProbe) && now.Before(u.nextUpload)
}

// probe asks the server for /healthz. Any answer ends the upload's wait;
// no answer schedules the next probe.
func (u *Uploader) probe(ctx context.Context) {
	reached, err := u.cl.probe(ctx)
	now := u.clock.Now()
	if ctx.Err() != nil {
		return
	}
	if !reached {
		u.log.Debug("upload: the server is still unreachable", "err", err)
		u.nextProbe = now.Add(u.probeDelay())
		u.update(func(s *Status) { s.NextProbe = u.nextProbe })
		return
	}
	u.log.Info("upload: the server answers again; sending at once")
	u.stopProbing()
	u.nextUpload, u.dirty = now, true
	u.update(func(s *Status) { s.NextAttempt = now })
}

// probeDelay is uniform in [ProbeMin, ProbeMax).
func (u *Uploader) probeDelay() time.Duration {
	b := u.opt.Backoff
	r := b.Rand()
	if r < 0 || r >= 1 {
		r = 0.5
	}
	return b.ProbeMin + time.Duration(r*float64(b.ProbeMax-b.ProbeMin))
}

// probe sends GET /healthz, without the token (it needs none), and reports
// whether any HTTP answer came back.
func (c *client) probe(ctx context.Context) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, min(probeTimeout, c.rc.GetClient().Timeout))
	defer cancel()
	_, err := c.rc.R().SetContext(ctx).Execute(http.MethodGet, probePath)
	return err == nil, err
}
