package upload

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"hailong/kiosk/protocol"
)

// Quarantine reasons the kiosk gives itself, beside the server's item
// reasons (protocol.ReasonConflict, …).
const (
	ReasonTooLarge   = "too_large"   // alone over the server's size limit (413)
	ReasonBadRequest = "bad_request" // alone refused as malformed (400 or 422)
)

// drained is what one drain achieved.
type drained struct {
	acked, quarantined, requests int
}

// drain sends every pending response, a batch at a time in seq order, until
// the outbox is empty, the uploader is closing, or a request fails.
//
// One request is in flight at a time, and a batch goes out only after the
// server has answered the one before it. Around that request the kiosk's
// own work overlaps: the next batch is read and encoded, and the last
// answer committed to the store, while the server works. A crash in
// between loses nothing: what was not yet recorded is sent again and comes
// back duplicate.
func (u *Uploader) drain(ctx context.Context) (drained, error) {
	var d drained
	var rec recorder
	defer rec.wait(&d) // on a panic too: no write is left running
	p := u.prepare(ctx, 0)
	for {
		switch {
		case p.err != nil:
			return d, errors.Join(p.err, rec.wait(&d))
		case p.over != nil: // one response over the limit by itself can never be sent
			rec.start(ctx, u, outcome{quarantine: []suspect{{*p.over, ReasonTooLarge}}})
			if err := rec.wait(&d); err != nil {
				return d, err
			}
			p = u.prepare(ctx, p.last)
			continue
		case len(p.items) == 0, u.closingNow():
			return d, rec.wait(&d)
		}
		next := make(chan prepared, 1)
		go func(after int64) { next <- u.prepare(ctx, after) }(p.last)
		o, err := u.sendBatch(ctx, p.items, p.id, p.body, &d)
		p = <-next
		if werr := rec.wait(&d); werr != nil { // the answer before this one
			return d, werr
		}
		rec.start(ctx, u, o)
		if err != nil {
			return d, errors.Join(err, rec.wait(&d))
		}
		if o.settled() == 0 {
			// A 200 that settles nothing would have every drain send the
			// same responses again.
			return d, errors.Join(&Error{Kind: KindProtocol, Status: http.StatusOK,
				Err: errors.New("the server's results settle none of the batch")}, rec.wait(&d))
		}
	}
}

// prepared is the next batch, read and encoded.
type prepared struct {
	items []item // within the protocol's limits
	id    string // their batch id (Idempotency-Key)
	body  []byte // items as a gzip'd batch, ready for the first request
	over  *item  // set instead when the first response alone is over the byte limit
	last  int64  // seq of the last response taken: the next batch starts after it
	err   error
}

// prepare reads up to BatchSize pending responses after seq after and
// encodes as many of them as fit in one batch, compressed: all of it while
// the server still works on the batch before, rather than between its
// answer and the next request.
func (u *Uploader) prepare(ctx context.Context, after int64) prepared {
	rs, err := u.out.PendingAfter(ctx, after, u.opt.BatchSize)
	if err != nil {
		return prepared{err: &Error{Kind: KindLocal, Err: fmt.Errorf("read pending: %w", err)}}
	}
	if len(rs) == 0 {
		return prepared{}
	}
	items, err := encodeItems(rs)
	if err != nil {
		return prepared{err: &Error{Kind: KindLocal, Err: err}}
	}
	n := fit(items)
	if n == 0 {
		return prepared{over: &items[0], last: items[0].r.Seq}
	}
	id := batchID(items[:n])
	body, err := encodeBatch(id, items[:n])
	if err != nil {
		return prepared{err: &Error{Kind: KindLocal, Err: err}}
	}
	return prepared{items: items[:n], id: id, body: body, last: items[n-1].r.Seq}
}

// outcome is what the server's answers to one batch (and its splits) ask
// the store to record.
type outcome struct {
	acked      []string
	quarantine []suspect
}

func (o outcome) settled() int { return len(o.acked) + len(o.quarantine) }

type suspect struct {
	it     item
	reason string
}

// splitState follows one batch through its splits.
type splitState struct {
	taken    int       // parts the server answered with 200
	suspects []suspect // single responses it refused
	refusal  *Error    // the first refusal, for the "held" case
	noSplit  bool      // a held batch: refused whole means held again
}

// sendBatch sends items; on 413, 400 or 422 it splits them in halves, down
// to single responses. A single response still refused is quarantined, but
// only if the server took some other part of the batch: when it refuses
// every part, the fault is more likely the server's (or this client's) than
// the data's, so the batch stays pending and the uploader is held (a long
// pause). A held batch is then tried again whole, once per pause, and not
// split again until it changes or SendNow is pressed. The outcome holds
// what the server settled even when an error ends the batch half-way.
// id and body are items' batch id and encodeBatch(id, items).
func (u *Uploader) sendBatch(ctx context.Context, items []item, id string, body []byte, d *drained) (outcome, error) {
	s := splitState{noSplit: id == u.heldKey}
	var o outcome
	if err := u.sendPart(ctx, items, id, body, &s, &o, d); err != nil {
		return o, err
	}
	switch {
	case len(s.suspects) == 0:
		u.heldKey = ""
	case s.taken == 0:
		u.heldKey = id
		return o, s.refusal
	default:
		o.quarantine = append(o.quarantine, s.suspects...)
	}
	return o, nil
}

// sendPart sends items, as id and body when body is not nil (see sendBatch),
// else encoded here, and splits them as sendBatch says.
func (u *Uploader) sendPart(ctx context.Context, items []item, id string, body []byte, s *splitState, o *outcome, d *drained) error {
	if body == nil {
		id = batchID(items)
		var err error
		if body, err = encodeBatch(id, items); err != nil {
			return &Error{Kind: KindLocal, Err: err}
		}
	}
	d.requests++
	u.noteAttempt()
	limit := u.pace.deadline(len(body))
	rctx, cancel := context.WithTimeout(ctx, limit)
	start := time.Now() // real time: the deadline bounds a real request
	res, err := u.cl.postBatch(rctx, u.token(), id, body)
	took := time.Since(start)
	cancel()
	if err == nil {
		u.pace.answered(took, len(body))
		s.taken++
		u.settle(items, res, o)
		return nil
	}
	e := asError(err)
	if e.Kind == KindTimeout && e.Status == 0 {
		u.pace.timedOut()
		if limit < u.opt.RequestTimeout && ctx.Err() == nil {
			e.Err = fmt.Errorf("no answer within %s, a deadline adapted to the server's recent answers: %w",
				limit.Round(time.Millisecond), e.Err)
		}
	}
	if e.Kind != KindTooLarge && e.Kind != KindBadRequest {
		return e
	}
	if s.refusal == nil {
		s.refusal = e
	}
	if s.noSplit {
		return e
	}
	if len(items) == 1 {
		reason := ReasonTooLarge
		if e.Kind == KindBadRequest {
			reason = ReasonBadRequest
			if e.Message != "" {
				reason += ": " + e.Message
			}
		}
		s.suspects = append(s.suspects, suspect{items[0], reason})
		return nil
	}
	u.log.Info("upload: server refused a batch; splitting it", "responses", len(items), "status", e.Status)
	h := len(items) / 2
	if err := u.sendPart(ctx, items[:h], "", nil, s, o, d); err != nil {
		return err
	}
	return u.sendPart(ctx, items[h:], "", nil, s, o, d)
}

// settle reads the server's per-item results: accepted and duplicate are
// acknowledged, rejected are quarantined with the reason, and anything else
// (an item missing from the results, an unknown status) stays pending.
// Results are matched to items by position while they are in the batch's
// order, as the protocol has them, and by id from the first that is not.
func (u *Uploader) settle(items []item, res protocol.BatchResult, o *outcome) {
	var byID map[string]protocol.ItemResult // only when the results are not in the batch's order
	result := func(i int, id string) (protocol.ItemResult, bool) {
		if byID == nil && len(res.Results) == len(items) && res.Results[i].ID == id {
			return res.Results[i], true
		}
		if byID == nil {
			byID = make(map[string]protocol.ItemResult, len(res.Results))
			for _, r := range res.Results {
				byID[r.ID] = r
			}
		}
		r, ok := byID[id]
		return r, ok
	}
	unsettled := 0
	for i, it := range items {
		r, ok := result(i, it.r.ID)
		switch {
		case ok && (r.Status == protocol.StatusAccepted || r.Status == protocol.StatusDuplicate):
			o.acked = append(o.acked, it.r.ID)
		case ok && r.Status == protocol.StatusRejected:
			reason := r.Reason
			if reason == "" {
				reason = protocol.StatusRejected
			}
			if r.Detail != "" {
				reason += ": " + r.Detail
			}
			o.quarantine = append(o.quarantine, suspect{it, reason})
		default:
			unsettled++
		}
	}
	if unsettled > 0 {
		u.log.Warn("upload: the server's results leave responses unsettled; they stay pending",
			"unsettled", unsettled, "batch", len(items))
	}
}

// recorder commits one outcome at a time on its own goroutine.
type recorder struct {
	done chan recorded // nil when nothing is being recorded
}

type recorded struct {
	acked, quarantined int
	err                error
}

// start records o in the background; the caller has waited for the last.
// Once the server has answered, its answer is recorded even if the
// uploader is being stopped.
func (r *recorder) start(ctx context.Context, u *Uploader, o outcome) {
	if o.settled() == 0 {
		return
	}
	r.done = make(chan recorded, 1)
	go func() { r.done <- u.record(context.WithoutCancel(ctx), o) }()
}

// wait returns when the outcome being recorded is committed, and adds it
// to d.
func (r *recorder) wait(d *drained) error {
	if r.done == nil {
		return nil
	}
	res := <-r.done
	r.done = nil
	d.acked += res.acked
	d.quarantined += res.quarantined
	return res.err
}

func (u *Uploader) record(ctx context.Context, o outcome) recorded {
	var res recorded
	if len(o.acked) > 0 {
		if err := u.out.Acknowledge(ctx, o.acked, u.clock.Now()); err != nil {
			return recorded{err: &Error{Kind: KindLocal, Err: err}}
		}
		res.acked = len(o.acked)
		u.noteAcked(len(o.acked))
	}
	for _, sp := range o.quarantine {
		if err := u.out.Quarantine(ctx, sp.it.r.ID, sp.reason); err != nil {
			res.err = &Error{Kind: KindLocal, Err: fmt.Errorf("quarantine: %w", err)}
			return res
		}
		u.log.Warn("upload: response quarantined", "id", sp.it.r.ID, "seq", sp.it.r.Seq, "reason", sp.reason)
		res.quarantined++
		u.noteQuarantined()
	}
	return res
}
