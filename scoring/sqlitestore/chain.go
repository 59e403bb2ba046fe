package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// chain is a kiosk's hash-chain state during one batch: the highest seq
// received and its hash, the highest seq with nothing missing below it and
// its hash, and the ranges still missing.
//
// Batches normally continue the chain (the first seq follows max_seq), so
// the common case costs two reads (kiosk row, no gap rows) and one update
// per batch, whatever its size. Stored rows are read only on the rare
// paths: a batch that fills a gap, retries that interleave, a reused seq.
type chain struct {
	kioskID    string
	kioskNo    int64
	maxSeq     int64
	maxHash    string
	contigSeq  int64
	contigHash string
	gaps       []gapRow // sorted by from, disjoint
	loaded     []gapRow // gaps as loaded, to write back only the changes
}

type gapRow struct {
	from, to int64
	foundMS  int64
}

func loadChain(ctx context.Context, q querier, kioskID string) (*chain, error) {
	c := &chain{kioskID: kioskID}
	err := q.QueryRowContext(ctx, "SELECT no, max_seq, max_hash, contig_seq, contig_hash FROM kiosks WHERE id = ?", kioskID).
		Scan(&c.kioskNo, &c.maxSeq, &c.maxHash, &c.contigSeq, &c.contigHash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("kiosk %s: %w", kioskID, scoring.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load chain of kiosk %s: %w", kioskID, err)
	}
	rows, err := q.QueryContext(ctx, "SELECT from_seq, to_seq, found_ms FROM chain_gaps WHERE kiosk_id = ? ORDER BY from_seq", kioskID)
	if err != nil {
		return nil, fmt.Errorf("load gaps of kiosk %s: %w", kioskID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var g gapRow
		if err := rows.Scan(&g.from, &g.to, &g.foundMS); err != nil {
			return nil, fmt.Errorf("load gaps of kiosk %s: %w", kioskID, err)
		}
		c.gaps = append(c.gaps, g)
	}
	c.loaded = slices.Clone(c.gaps)
	return c, rows.Err()
}

// gapAt returns the index of the gap holding seq, or -1.
func (c *chain) gapAt(seq int64) int {
	i := sort.Search(len(c.gaps), func(i int) bool { return c.gaps[i].to >= seq })
	if i < len(c.gaps) && c.gaps[i].from <= seq {
		return i
	}
	return -1
}

// fill removes seq from the gap holding it; false when no gap holds it.
func (c *chain) fill(seq int64) bool {
	i := c.gapAt(seq)
	if i < 0 {
		return false
	}
	g := c.gaps[i]
	switch {
	case g.from == g.to:
		c.gaps = slices.Delete(c.gaps, i, i+1)
	case seq == g.from:
		c.gaps[i].from++
	case seq == g.to:
		c.gaps[i].to--
	default:
		c.gaps[i].to = seq - 1
		c.gaps = slices.Insert(c.gaps, i+1, gapRow{from: seq + 1, to: g.to, foundMS: g.foundMS})
	}
	return true
}

// storedHashes returns the hash (or prev_hash) of the kiosk's stored
// responses with seq: more than one when a seq was reused.
func (c *chain) storedHashes(ctx context.Context, q querier, col string, seq int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+col+" FROM responses WHERE kiosk_no = ? AND seq = ?", c.kioskNo, seq)
	if err != nil {
		return nil, fmt.Errorf("look up seq %d: %w", seq, err)
	}
	defer rows.Close()
	var hs []string
	for rows.Next() {
		var h []byte
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("look up seq %d: %w", seq, err)
		}
		hs = append(hs, hashString(h))
	}
	return hs, rows.Err()
}

// apply advances the chain with the batch's newly accepted responses, in
// seq order, and returns what it found: gaps opened, reused seqs, and
// broken links, checked both ways (each new response against its
// predecessor, and against its successor when that arrived first).
func (c *chain) apply(ctx context.Context, q querier, rs []survey.Response, items []string, now int64) ([]scoring.ChainEvent, error) {
	var events []scoring.ChainEvent
	bySeq := map[int64]int{} // seq → index in rs of a response stored with that content
	var order []int
	for i, r := range rs {
		if !storedAs(items[i]) {
			continue
		}
		if _, ok := bySeq[r.Seq]; !ok {
			bySeq[r.Seq] = i
		}
		if items[i] == scoring.ItemAccepted {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return rs[order[a]].Seq < rs[order[b]].Seq })
	broken := func(seq int64, id, detail string) {
		events = append(events, scoring.ChainEvent{Kind: scoring.EventBrokenChain, Seq: seq, ResponseID: id, Detail: detail})
	}
	for _, i := range order {
		r := rs[i]
		prevMax, prevMaxHash := c.maxSeq, c.maxHash
		switch {
		case r.Seq > c.maxSeq:
			if r.Seq > c.maxSeq+1 {
				c.gaps = append(c.gaps, gapRow{from: c.maxSeq + 1, to: r.Seq - 1, foundMS: now})
				events = append(events, scoring.ChainEvent{Kind: scoring.EventGap, Seq: c.maxSeq + 1, ToSeq: r.Seq - 1,
					ResponseID: r.ID, Detail: fmt.Sprintf("seq %d arrived after %d", r.Seq, c.maxSeq)})
			}
			c.maxSeq, c.maxHash = r.Seq, r.Hash
		case !c.fill(r.Seq):
			events = append(events, scoring.ChainEvent{Kind: scoring.EventSeqReused, Seq: r.Seq, ResponseID: r.ID,
				Detail: fmt.Sprintf("another response with seq %d is stored", r.Seq)})
			if bySeq[r.Seq] == i {
				delete(bySeq, r.Seq)
			}
			continue
		}

		// The predecessor: in this batch, the previous maximum, missing
		// (checked later, from the other side), or stored.
		var want []string
		switch p := r.Seq - 1; {
		case p == 0:
			want = []string{survey.GenesisHash}
		case hasSeq(bySeq, p):
			want = []string{rs[bySeq[p]].Hash}
		case p == prevMax:
			want = []string{prevMaxHash}
		case c.gapAt(p) >= 0:
		default:
			hs, err := c.storedHashes(ctx, q, "hash", p)
			if err != nil {
				return nil, err
			}
			want = hs
		}
		if len(want) > 0 && !slices.Contains(want, r.PrevHash) {
			broken(r.Seq, r.ID, fmt.Sprintf("prev_hash is not the hash of seq %d", r.Seq-1))
		}

		// The successor, when it was stored before this response.
		succ := r.Seq + 1
		if succ > prevMax || c.gapAt(succ) >= 0 {
			continue
		}
		if j, ok := bySeq[succ]; ok {
			if items[j] == scoring.ItemDuplicate && rs[j].PrevHash != r.Hash {
				broken(succ, rs[j].ID, fmt.Sprintf("prev_hash is not the hash of seq %d", r.Seq))
			}
			continue // an accepted successor checks itself in its turn
		}
		prevs, err := c.storedHashes(ctx, q, "prev_hash", succ)
		if err != nil {
			return nil, err
		}
		if len(prevs) > 0 && !slices.Contains(prevs, r.Hash) {
			broken(succ, "", fmt.Sprintf("the stored prev_hash of seq %d is not the hash of seq %d (%s)", succ, r.Seq, r.ID))
		}
	}
	return events, c.advanceContiguous(ctx, q, rs, bySeq)
}

func hasSeq(m map[int64]int, seq int64) bool {
	_, ok := m[seq]
	return ok
}

// advanceContiguous recomputes the highest seq with nothing missing below.
func (c *chain) advanceContiguous(ctx context.Context, q querier, rs []survey.Response, bySeq map[int64]int) error {
	seq := c.maxSeq
	if len(c.gaps) > 0 {
		seq = c.gaps[0].from - 1
	}
	if seq == c.contigSeq {
		return nil
	}
	c.contigSeq = seq
	switch {
	case seq == 0:
		c.contigHash = survey.GenesisHash
	case seq == c.maxSeq:
		c.contigHash = c.maxHash
	case hasSeq(bySeq, seq):
		c.contigHash = rs[bySeq[seq]].Hash
	default:
		hs, err := c.storedHashes(ctx, q, "hash", seq)
		if err != nil {
			return err
		}
		if len(hs) > 0 {
			c.contigHash = hs[0]
		}
	}
	return nil
}

// save writes the chain state, the gaps that changed and the events.
func (c *chain) save(ctx context.Context, q querier, events []scoring.ChainEvent, now int64) error {
	if _, err := q.ExecContext(ctx, "UPDATE kiosks SET max_seq = ?, max_hash = ?, contig_seq = ?, contig_hash = ? WHERE id = ?",
		c.maxSeq, c.maxHash, c.contigSeq, c.contigHash, c.kioskID); err != nil {
		return fmt.Errorf("save chain of kiosk %s: %w", c.kioskID, err)
	}
	for _, g := range c.loaded {
		if !slices.Contains(c.gaps, g) {
			if _, err := q.ExecContext(ctx, "DELETE FROM chain_gaps WHERE kiosk_id = ? AND from_seq = ?", c.kioskID, g.from); err != nil {
				return fmt.Errorf("save gaps of kiosk %s: %w", c.kioskID, err)
			}
		}
	}
	for _, g := range c.gaps {
		if !slices.Contains(c.loaded, g) {
			if _, err := q.ExecContext(ctx, "INSERT OR REPLACE INTO chain_gaps (kiosk_id, from_seq, to_seq, found_ms) VALUES (?, ?, ?, ?)",
				c.kioskID, g.from, g.to, g.foundMS); err != nil {
				return fmt.Errorf("save gaps of kiosk %s: %w", c.kioskID, err)
			}
		}
	}
	for _, e := range events {
		if _, err := q.ExecContext(ctx, `INSERT INTO chain_events (kiosk_id, kind, seq, to_seq, response_id, detail, found_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, c.kioskID, e.Kind, e.Seq, e.ToSeq, e.ResponseID, e.Detail, now); err != nil {
			return fmt.Errorf("record chain event of kiosk %s: %w", c.kioskID, err)
		}
	}
	return nil
}
