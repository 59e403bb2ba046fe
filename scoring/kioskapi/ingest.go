package kioskapi

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// batchBufs recycles the 1 MiB buffers batches are read into: at 200
// batches a second, allocating each would keep the collector busy.
var batchBufs = sync.Pool{New: func() any {
	b := make([]byte, protocol.MaxBatchBytes+1)
	return &b
}}

// maxDetail bounds the detail text of a rejected item.
const maxDetail = 300

// handleResponses answers POST /api/v1/responses (SPEC §6). The whole body
// is read and decoded before anything is written, so a truncated or
// malformed batch commits nothing; the items that pass validation are
// stored in one unit of work, committed before the 200.
func (s *server) handleResponses() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := s.ingest(w, r)
		if err != nil {
			status := statusOf(asAPIError(err).code)
			s.metrics.Batches.WithLabelValues(strconv.Itoa(status)).Inc()
			if status >= 500 { // the store failed, not the client
				s.ingests.record(s.cfg.Now(), true, err)
			}
			respondErr(w, r, s.log, err)
			return
		}
		s.ingests.record(s.cfg.Now(), false, nil)
		s.metrics.Batches.WithLabelValues("200").Inc()
		// As encode would write it, without reflection: 500 results a batch.
		writeJSON(w, http.StatusOK, append(res.AppendJSON(make([]byte, 0, 16+80*len(res.Results))), '\n'))
	})
}

func (s *server) ingest(w http.ResponseWriter, r *http.Request) (protocol.BatchResult, error) {
	k := kioskFrom(r.Context())
	bufp := batchBufs.Get().(*[]byte)
	defer batchBufs.Put(bufp)
	body, err := readBody(w, r, *bufp)
	if err != nil {
		return protocol.BatchResult{}, err
	}
	batch, undecodable, err := decodeBatch(body)
	if err != nil {
		return protocol.BatchResult{}, err
	}
	undecodable = refuseFuture(batch.Responses, undecodable, s.cfg.Now())
	if n := len(batch.Responses); n > protocol.MaxBatchResponses {
		return protocol.BatchResult{}, fail(protocol.CodeTooLarge, "%d responses in the batch; the limit is %d", n, protocol.MaxBatchResponses)
	}
	if key := r.Header.Get(protocol.HeaderIdempotencyKey); key != "" {
		if batch.BatchID == "" {
			batch.BatchID = key
		} else if key != batch.BatchID {
			return protocol.BatchResult{}, fail(protocol.CodeBadRequest, "Idempotency-Key %q is not the batch_id %q", scoring.Clip(key, 80), scoring.Clip(batch.BatchID, 80))
		}
	}

	// What the kiosk was sent, to check each item against (trust.go).
	trust, err := s.trustFor(r.Context(), k, batch.Responses)
	if err != nil {
		return protocol.BatchResult{}, err
	}
	// Items are checked on the store's side of the work, so that checking
	// overlaps writing (IngestBatch.Check).
	results := make([]protocol.ItemResult, len(batch.Responses))
	out, err := s.store.Ingest(r.Context(), scoring.IngestBatch{
		KioskID: k.ID, BatchID: scoring.Clip(batch.BatchID, 80), Responses: batch.Responses,
		Check: func(i int) bool {
			return checkItem(k.ID, &batch.Responses[i], undecodable, i, &results[i]) &&
				trust.check(&batch.Responses[i], &results[i])
		},
		ReceivedAt: s.cfg.Now(),
	})
	if err != nil {
		return protocol.BatchResult{}, fmt.Errorf("ingest batch %q of kiosk %s: %w", scoring.Clip(batch.BatchID, 80), k.ID, err)
	}
	for i, item := range out.Items {
		res := &results[i]
		switch item {
		case scoring.ItemAccepted:
			res.Status = protocol.StatusAccepted
		case scoring.ItemDuplicate:
			res.Status = protocol.StatusDuplicate
		case scoring.ItemConflict:
			reject(res, protocol.ReasonConflict, "another response with this id is stored; it is kept")
		}
		// ItemRejected: checkItem has filled in the reason.
	}
	// Counted once committed, so that a failed batch counts nothing.
	counts := map[[2]string]float64{}
	for _, res := range results {
		counts[[2]string{res.Status, res.Reason}]++
	}
	for k, n := range counts {
		s.metrics.Responses.WithLabelValues(k[0], k[1]).Add(n)
	}
	for _, ev := range out.Events {
		s.metrics.ChainEvents.WithLabelValues(ev.Kind).Inc()
		s.log.Warn("chain event", "kiosk", k.ID, "kind", ev.Kind, "seq", ev.Seq, "to_seq", ev.ToSeq,
			"response", ev.ResponseID, "detail", ev.Detail)
	}
	return protocol.BatchResult{Results: results}, nil
}

// checkItem validates the response at index i of its batch.
func checkItem(kioskID string, resp *survey.Response, undecodable map[int]string, i int, res *protocol.ItemResult) bool {
	res.ID = resp.ID
	if msg, bad := undecodable[i]; bad {
		reject(res, protocol.ReasonInvalid, msg)
		return false
	}
	if resp.KioskID != kioskID {
		reject(res, protocol.ReasonKioskMismatch, "kiosk_id is not the kiosk of the token")
		return false
	}
	if err := resp.Validate(); err != nil {
		reject(res, protocol.ReasonInvalid, err.Error())
		return false
	}
	if !survey.ValidUUID(resp.ID) { // the server stores ids as 16 bytes and gives back the same text
		reject(res, protocol.ReasonInvalid, "id is not a UUID in lowercase text form")
		return false
	}
	return true
}

// reject marks an item rejected.
func reject(res *protocol.ItemResult, reason, detail string) {
	res.Status = protocol.StatusRejected
	res.Reason = reason
	res.Detail = scoring.Clip(detail, maxDetail)
}

// decodeBatch decodes a batch strictly (docs/API.md §6). A body that is
// not valid UTF-8, not JSON, or not a batch (an object with a batch_id
// that is a UUID in lowercase text form and a responses array) is a 400
// and nothing of it is stored. An item that is not exactly a response
// record (a member missing, unknown, twice, null or of the wrong type, a
// lone surrogate) spoils only itself: it is returned in refused, by index,
// with why, so that one bad record cannot block a kiosk's whole backlog.
// Plain batches take the fast decoder; others strictDecodeBatch, built on
// encoding/json.
func decodeBatch(body []byte) (b protocol.Batch, refused map[int]string, err error) {
	b, ok := fastDecodeBatch(body)
	if !ok {
		if b, refused, err = strictDecodeBatch(body); err != nil {
			return protocol.Batch{}, nil, err
		}
	}
	if !survey.ValidUUID(b.BatchID) {
		return protocol.Batch{}, nil, fail(protocol.CodeBadRequest, "batch_id %q is not a UUID in lowercase text form", scoring.Clip(b.BatchID, 80))
	}
	return b, refused, nil
}
