package sqlitestore

import (
	"fmt"
	"sync/atomic"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// prepared is a batch being checked (IngestBatch.Check) and packed into
// rows on its own goroutine while the writer inserts the rows already
// done: a kiosk draining its backlog sends one batch at a time, so the
// checking would otherwise sit on the path of every request before the
// writer starts. The batch is cut into chunks of prepChunk responses, and
// each chunk is claimed by whoever reaches it first: the goroutine, or the
// writer, which never waits for a chunk nobody has started (when kiosks
// queue for the writer, a batch's goroutine may not have had a CPU yet).
// Chunk c may be read once done[c] is closed.
type prepared struct {
	b      scoring.IngestBatch // read only
	rows   []row
	ok     []bool  // Check passed and the row is packed
	errs   []error // a chunk's packing error, set before its done closes
	claim  []atomic.Bool
	done   []chan struct{}
	stop   atomic.Bool
	finish chan struct{} // closed when the goroutine has returned
}

// prepChunk is how many responses the writer may wait for at once: small
// enough that it starts inserting soon, large enough that the hand-over
// costs little.
const prepChunk = 50

// prepare starts checking and packing b.
func prepare(b scoring.IngestBatch) *prepared {
	n := len(b.Responses)
	chunks := (n + prepChunk - 1) / prepChunk
	p := &prepared{b: b, rows: make([]row, n), ok: make([]bool, n), errs: make([]error, chunks),
		claim: make([]atomic.Bool, chunks), done: make([]chan struct{}, chunks), finish: make(chan struct{})}
	for c := range p.done {
		p.done[c] = make(chan struct{})
	}
	go func() {
		defer close(p.finish)
		for c := range chunks {
			if p.stop.Load() {
				return
			}
			if p.run(c) != nil {
				return // the writer stops at this chunk
			}
		}
	}()
	return p
}

// run does chunk c unless someone has claimed it, and returns its error.
func (p *prepared) run(c int) error {
	if !p.claim[c].CompareAndSwap(false, true) {
		return nil
	}
	p.errs[c] = p.chunk(c*prepChunk, min(len(p.rows), (c+1)*prepChunk))
	close(p.done[c])
	return p.errs[c]
}

// chunk checks and packs the batch's responses [from, to).
func (p *prepared) chunk(from, to int) error {
	b := &p.b
	// One allocation for the ids and hashes of the chunk.
	buf := make([]byte, (to-from)*(16+32+32))
	for i := from; i < to; i++ {
		if b.Check != nil && !b.Check(i) {
			continue
		}
		r := &b.Responses[i]
		if r.KioskID != b.KioskID {
			return fmt.Errorf("response %s is of kiosk %q, not %q", r.ID, r.KioskID, b.KioskID)
		}
		created, err := r.Time()
		if err != nil {
			return fmt.Errorf("response %s: %w", r.ID, err)
		}
		ids := buf[(i-from)*80 : (i-from+1)*80 : (i-from+1)*80]
		w := row{r: r, createdMS: created.UnixMilli(), reasons: reasonsJSON(*r),
			id: ids[:16:16], prev: ids[16:48:48], hash: ids[48:]}
		if err := idInto(w.id, r.ID); err != nil {
			return err
		}
		if err := hashInto(w.prev, r.PrevHash); err != nil {
			return err
		}
		if err := hashInto(w.hash, r.Hash); err != nil {
			return err
		}
		p.rows[i] = w
		p.ok[i] = true
	}
	return nil
}

// wait returns when chunk c is ready, with its packing error: at once if
// the caller gets to do it itself.
func (p *prepared) wait(c int) error {
	p.run(c)
	<-p.done[c]
	return p.errs[c]
}

// close stops the goroutine and waits for it, so that nothing touches the
// batch once Ingest has returned (its strings may live in a request
// buffer that is about to be reused).
func (p *prepared) close() {
	p.stop.Store(true)
	<-p.finish
}

// row is a response with the packed forms of its columns.
type row struct {
	r              *survey.Response
	id, prev, hash []byte
	reasons        string
	createdMS      int64
}
