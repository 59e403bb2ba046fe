package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// Chain verification (scoring.ChainVerifier). Each kiosk is verified in a
// read transaction of its own, so that its rows, its chain state and the
// counts of its batches are one consistent snapshot while ingest goes on;
// the findings and the new verified point are then written in one small
// write transaction per pass.

// Problem rows that concern no single kiosk.
const (
	problemsDatabase = 0  // kiosk_no of ProblemUnprotected
	problemsUnknown  = -1 // kiosk_no of rows of no known kiosk
)

// minRowsPerKiosk is the least an incremental pass with a row budget
// reads of each kiosk.
const minRowsPerKiosk = 1000

// kioskChainRef is what verification knows of a kiosk before reading its
// rows: what ingest recorded, the pruned checkpoint and the verified point.
type kioskChainRef struct {
	no       int64
	id       string
	maxSeq   int64
	gaps     []gapRow
	cpSeq    int64
	cpHash   string
	cpRows   int64
	vSeq     int64
	vHash    string
	hasV     bool
	broken   map[int64]bool  // seqs where ingest recorded a broken chain
	reused   map[string]bool // response ids ingest recorded as reusing a seq
	accepted int64           // responses the kiosk's batches accepted
}

// kioskResult is one kiosk's verification.
type kioskResult struct {
	ref      *kioskChainRef
	full     bool
	rows     int64
	problems []scoring.ChainProblem
	lastSeq  int64 // new verified point; 0 when no row was read
	lastHash string
}

// VerifyChains verifies the stored chains (see scoring.VerifyOptions) and
// records what it found: a full pass replaces the problems on record for
// the kiosks it covers, an incremental one adds to them.
func (s *Store) VerifyChains(ctx context.Context, o scoring.VerifyOptions) (scoring.VerifyReport, error) {
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	rep := scoring.VerifyReport{Full: o.Full}
	var kiosks []string
	if err := s.read(ctx, func(tx *sql.Tx) error {
		q := "SELECT id FROM kiosks ORDER BY id"
		var args []any
		if o.KioskID != "" {
			q, args = "SELECT id FROM kiosks WHERE id = ?", []any{o.KioskID}
		}
		var err error
		kiosks, err = strs(ctx, tx, q, args...)
		return err
	}); err != nil {
		return rep, fmt.Errorf("verify: %w", err)
	}
	if o.KioskID != "" && len(kiosks) == 0 {
		return rep, fmt.Errorf("verify: kiosk %s: %w", o.KioskID, scoring.ErrNotFound)
	}
	// An incremental pass shares its row budget among the kiosks, each
	// getting at least minRowsPerKiosk.
	var perKiosk int64
	if o.MaxRows > 0 {
		perKiosk = max(o.MaxRows/int64(len(kiosks)+1), minRowsPerKiosk)
	}
	var results []kioskResult
	for _, id := range kiosks {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("verify: %w", err)
		}
		var res kioskResult
		err := s.read(ctx, func(tx *sql.Tx) error {
			var err error
			res, err = verifyKiosk(ctx, tx, id, o.Full, perKiosk)
			return err
		})
		if err != nil {
			return rep, fmt.Errorf("verify kiosk %s: %w", id, err)
		}
		rep.Kiosks++
		rep.Rows += res.rows
		rep.Problems = append(rep.Problems, res.problems...)
		results = append(results, res)
	}
	var dbProblems []scoring.ChainProblem
	if o.KioskID == "" {
		if err := s.read(ctx, func(tx *sql.Tx) error {
			var err error
			dbProblems, err = verifyDatabase(ctx, tx, o.Full)
			return err
		}); err != nil {
			return rep, fmt.Errorf("verify: %w", err)
		}
		rep.Problems = append(rep.Problems, dbProblems...)
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		for _, r := range results {
			if err := recordKiosk(ctx, tx, r, now); err != nil {
				return err
			}
		}
		if o.KioskID == "" {
			return recordDatabase(ctx, tx, dbProblems, o.Full, now)
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("verify: record: %w", err)
	}
	if rep.Recorded, err = s.ChainProblemCounts(ctx); err != nil {
		return rep, err
	}
	return rep, nil
}

// ChainProblemCounts counts the problems on record, by kind.
func (s *Store) ChainProblemCounts(ctx context.Context) (map[string]int, error) {
	n := map[string]int{}
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT kind, count(*) FROM chain_problems GROUP BY kind")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			var c int
			if err := rows.Scan(&k, &c); err != nil {
				return err
			}
			n[k] = c
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("chain problem counts: %w", err)
	}
	return n, nil
}

// loadRef reads what verification compares kiosk id's rows against.
func loadRef(ctx context.Context, q querier, id string, full bool) (*kioskChainRef, error) {
	c, err := loadChain(ctx, q, id)
	if err != nil {
		return nil, err
	}
	ref := &kioskChainRef{no: c.kioskNo, id: id, maxSeq: c.maxSeq, gaps: c.gaps, cpHash: survey.GenesisHash,
		broken: map[int64]bool{}, reused: map[string]bool{}}
	var cpHash, vHash []byte
	var vSeq sql.NullInt64
	err = q.QueryRowContext(ctx, `SELECT coalesce(c.seq, 0), c.hash, coalesce(c.rows, 0), v.seq, v.hash
		FROM kiosks k LEFT JOIN chain_checkpoints c ON c.kiosk_no = k.no LEFT JOIN chain_verified v ON v.kiosk_no = k.no
		WHERE k.no = ?`, c.kioskNo).Scan(&ref.cpSeq, &cpHash, &ref.cpRows, &vSeq, &vHash)
	if err != nil {
		return nil, fmt.Errorf("load checkpoint: %w", err)
	}
	if cpHash != nil {
		ref.cpHash = hashString(cpHash)
	}
	if vSeq.Valid && vSeq.Int64 > ref.cpSeq {
		ref.vSeq, ref.vHash, ref.hasV = vSeq.Int64, hashString(vHash), true
	}
	rows, err := q.QueryContext(ctx, "SELECT kind, seq, response_id FROM chain_events WHERE kiosk_id = ? AND kind IN (?, ?)",
		id, scoring.EventBrokenChain, scoring.EventSeqReused)
	if err != nil {
		return nil, fmt.Errorf("load chain events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, rid string
		var seq int64
		if err := rows.Scan(&kind, &seq, &rid); err != nil {
			return nil, fmt.Errorf("load chain events: %w", err)
		}
		if kind == scoring.EventBrokenChain {
			ref.broken[seq] = true
		} else {
			ref.reused[rid] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load chain events: %w", err)
	}
	if full {
		if err := q.QueryRowContext(ctx, "SELECT coalesce(sum(accepted), 0) FROM batches WHERE kiosk_id = ?", id).Scan(&ref.accepted); err != nil {
			return nil, fmt.Errorf("count accepted: %w", err)
		}
	}
	return ref, nil
}

// verifyKiosk verifies one kiosk's chain: from its checkpoint (or the
// genesis hash) when full, else from its last verified point.
//
// limit, when positive, stops an incremental pass at the first seq
// boundary after that many rows (the next pass goes on from there), so
// that a pass after a large backlog costs a bounded time.
func verifyKiosk(ctx context.Context, q querier, id string, full bool, limit int64) (kioskResult, error) {
	ref, err := loadRef(ctx, q, id, full)
	if err != nil {
		return kioskResult{}, err
	}
	res := kioskResult{ref: ref, full: full}
	add := func(kind string, seq, to int64, rid, format string, a ...any) {
		res.problems = append(res.problems, scoring.ChainProblem{KioskID: id, Kind: kind, Seq: seq, ToSeq: to,
			ResponseID: rid, Detail: fmt.Sprintf(format, a...)})
	}
	startSeq, startHash := ref.cpSeq, ref.cpHash
	if !full && ref.hasV {
		startSeq, startHash = ref.vSeq, ref.vHash
		hs, err := (&chain{kioskNo: ref.no}).storedHashes(ctx, q, "hash", startSeq)
		if err != nil {
			return res, err
		}
		switch {
		case len(hs) == 0:
			add(scoring.ProblemDeleted, startSeq, startSeq, "", "seq %d, verified before, is missing", startSeq)
		case !slices.Contains(hs, startHash):
			add(scoring.ProblemMismatch, startSeq, 0, "", "seq %d no longer has the hash it had when verified (%s)", startSeq, startHash)
		}
	}
	// missing reports seqs from..to absent from the rows, except those in
	// an open gap (not yet received).
	missing := func(from, to int64) {
		for from <= to {
			if i := (&chain{gaps: ref.gaps}).gapAt(from); i >= 0 {
				from = ref.gaps[i].to + 1
				continue
			}
			end := to
			for _, g := range ref.gaps {
				if g.from > from && g.from-1 < end {
					end = g.from - 1
				}
			}
			add(scoring.ProblemDeleted, from, end, "", "seq %d–%d, stored and acknowledged, is missing", from, end)
			from = end + 1
		}
	}

	rows, err := q.QueryContext(ctx, selectVerify, ref.no, startSeq)
	if err != nil {
		return res, fmt.Errorf("read rows: %w", err)
	}
	defer rows.Close()
	expect := startSeq + 1
	prev := []string{startHash} // hashes of the rows at expect-1; nil when unknown
	var cur []string            // hashes of the rows at curSeq
	curSeq := int64(-1)
	fresh := 0 // rows at curSeq that ingest did not record as reusing it
	truncated := false
	for rows.Next() {
		r, err := scanVerify(rows)
		if err != nil {
			return res, err
		}
		if r.Seq != curSeq && limit > 0 && !full && res.rows >= limit {
			truncated = true
			break
		}
		res.rows++
		if r.Seq != curSeq {
			if curSeq >= 0 {
				prev, expect = cur, curSeq+1
			}
			if r.Seq > expect {
				missing(expect, r.Seq-1)
				prev = nil // the predecessor is missing: the link cannot be checked
			}
			curSeq, cur, fresh = r.Seq, nil, 0
			res.lastSeq, res.lastHash = r.Seq, r.Hash
		}
		cur = append(cur, r.Hash)
		if r.bad != "" {
			add(scoring.ProblemMismatch, r.Seq, 0, r.ID, "%s", r.bad)
		} else if h := r.ComputeHash(); h != r.Hash {
			add(scoring.ProblemMismatch, r.Seq, 0, r.ID, "its content hashes to %s, not to its hash %s", h, r.Hash)
		}
		if prev != nil && !slices.Contains(prev, r.PrevHash) && !ref.broken[r.Seq] {
			add(scoring.ProblemBrokenLink, r.Seq, 0, r.ID, "prev_hash %s is not the hash of seq %d", r.PrevHash, r.Seq-1)
		}
		if r.Seq > ref.maxSeq {
			add(scoring.ProblemInserted, r.Seq, 0, r.ID, "seq %d is beyond the highest seq received (%d)", r.Seq, ref.maxSeq)
			continue
		}
		if !ref.reused[r.ID] {
			if fresh++; fresh > 1 {
				add(scoring.ProblemInserted, r.Seq, 0, r.ID, "a second row with seq %d, which no batch reused", r.Seq)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("read rows: %w", err)
	}
	last := max(curSeq, startSeq)
	if last < ref.maxSeq && !truncated {
		missing(last+1, ref.maxSeq)
	}
	if full {
		var n, below int64
		if err := q.QueryRowContext(ctx, "SELECT count(*), count(*) FILTER (WHERE seq <= ?) FROM responses WHERE kiosk_no = ?",
			ref.cpSeq, ref.no).Scan(&n, &below); err != nil {
			return res, fmt.Errorf("count rows: %w", err)
		}
		if below > 0 {
			add(scoring.ProblemInserted, ref.cpSeq, 0, "", "%d rows at or below the pruned checkpoint (seq %d)", below, ref.cpSeq)
		}
		// The count catches what the seqs cannot show (a second row of a
		// reused seq deleted, a row inserted into an open gap); what the
		// problems above explain is not reported twice.
		var deleted, inserted int64
		for _, p := range res.problems {
			switch {
			case p.Kind == scoring.ProblemDeleted:
				deleted += p.ToSeq - p.Seq + 1
			case p.Kind == scoring.ProblemInserted && p.ResponseID != "":
				inserted++
			}
		}
		inserted += below
		switch want := ref.accepted - ref.cpRows; {
		case n < want-deleted+inserted:
			add(scoring.ProblemDeleted, 0, 0, "", "%d rows stored, %d accepted by its batches (%d pruned): %d more missing than the seqs show",
				n, ref.accepted, ref.cpRows, want-deleted+inserted-n)
		case n > want-deleted+inserted:
			add(scoring.ProblemInserted, 0, 0, "", "%d rows stored, %d accepted by its batches (%d pruned): %d that no batch accepted",
				n, ref.accepted, ref.cpRows, n-(want-deleted+inserted))
		}
	}
	return res, nil
}

// selectVerify reads a kiosk's rows beyond a seq, in seq then insertion
// order, as survey.Response fields.
const selectVerify = `SELECT r.id, k.id, r.seq, r.prev_hash, r.hash, r.centre_id, r.counter_id, r.officer_id,
	r.scale, r.raw_value, r.level, r.reasons, r.outcome, r.filter_reason, r.invitation_id, r.ticket,
	r.dossier_code, r.lang, r.created_at, r.duration_ms, r.app_version, r.config_version
	FROM responses r JOIN kiosks k ON k.no = r.kiosk_no
	WHERE r.kiosk_no = ? AND r.seq > ? ORDER BY r.seq, r.rowid`

// verifyRow is a row as read for verification; bad says why its content
// cannot even be decoded (a reasons column that is not a JSON array).
type verifyRow struct {
	survey.Response
	bad string
}

func scanVerify(rows *sql.Rows) (verifyRow, error) {
	var v verifyRow
	var id, prev, hash []byte
	var reasons string
	r := &v.Response
	if err := rows.Scan(&id, &r.KioskID, &r.Seq, &prev, &hash, &r.CentreID, &r.CounterID,
		&r.OfficerID, &r.Scale, &r.RawValue, &r.Level, &reasons, &r.Outcome, &r.FilterReason,
		&r.InvitationID, &r.Ticket, &r.DossierCode, &r.Lang, &r.CreatedAt, &r.DurationMS,
		&r.AppVersion, &r.ConfigVersion); err != nil {
		return v, fmt.Errorf("read row: %w", err)
	}
	r.ID, r.PrevHash, r.Hash = idString(id), hashString(prev), hashString(hash)
	if err := json.Unmarshal([]byte(reasons), &r.Reasons); err != nil || !strings.HasPrefix(reasons, "[") {
		v.bad = fmt.Sprintf("its reasons column %q is not a JSON array", reasons)
	}
	return v, nil
}

// strs runs a query of one text column.
func strs(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
