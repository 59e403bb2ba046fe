package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"hailong/kiosk/scoring"
)

// Rebuilding the rollups from the raw responses: `scoring-server
// rebuild-rollups`, a centre's change of time zone (SaveCentre), and the
// subtraction of what prune deletes all count stored rows with the code
// ingest counts with (rollupAcc.add).

// loadZones reads every centre's time zone into a, so that counting does
// not query while it reads rows; a centre not in centres then counts in
// the default zone without a query.
func (a *rollupAcc) loadZones(ctx context.Context, q querier) error {
	rows, err := q.QueryContext(ctx, "SELECT id, time_zone FROM centres")
	if err != nil {
		return fmt.Errorf("read time zones: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return fmt.Errorf("read time zones: %w", err)
		}
		loc, err := scoring.LoadZone(name)
		if err != nil {
			return fmt.Errorf("centre %s: %w", id, err)
		}
		a.zones[id] = loc
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read time zones: %w", err)
	}
	def, err := scoring.LoadZone("")
	if err != nil {
		return err
	}
	a.defaultZone = def
	return nil
}

// centreFilter is the WHERE condition on centre_id for centres (none:
// every centre), with its arguments.
func centreFilter(centres []string) (string, []any) {
	if len(centres) == 0 {
		return "1 = 1", nil
	}
	args := make([]any, len(centres))
	for i, c := range centres {
		args[i] = c
	}
	return "centre_id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(centres)), ", ") + ")", args
}

// countStored counts the stored responses matching where into a, sign
// times, and returns how many it read. a must have its zones loaded.
func countStored(ctx context.Context, q querier, a *rollupAcc, where string, args []any, sign int64) (int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT centre_id, counter_id, officer_id, created_ms, level, outcome, filter_reason,
		invitation_id <> '', reasons FROM responses WHERE `+where, args...)
	if err != nil {
		return 0, fmt.Errorf("read responses: %w", err)
	}
	defer rows.Close()
	var n int64
	var r rollupRow
	var reasons string
	for rows.Next() {
		if err := rows.Scan(&r.centre, &r.counter, &r.officer, &r.createdMS, &r.level, &r.outcome, &r.filter,
			&r.invited, &reasons); err != nil {
			return n, fmt.Errorf("read responses: %w", err)
		}
		r.reasons = r.reasons[:0]
		if reasons != "[]" {
			if err := json.Unmarshal([]byte(reasons), &r.reasons); err != nil {
				return n, fmt.Errorf("read responses: reasons %q: %w", reasons, err)
			}
		}
		if err := a.add(ctx, q, &r, sign); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// Writes of a rebuild: the count as rebuilt, whatever was stored.
const (
	setCount = `INSERT INTO rollup_counts (centre_id, day, counter_id, officer_id, hour, level, outcome, filter_reason, invited, n)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (centre_id, day, counter_id, officer_id, hour, level, outcome, filter_reason, invited)
		DO UPDATE SET n = excluded.n`
	setReason = `INSERT INTO rollup_reasons (centre_id, day, counter_id, officer_id, level, filter_reason, reason, n)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (centre_id, day, counter_id, officer_id, level, filter_reason, reason)
		DO UPDATE SET n = excluded.n`
	delCount = `DELETE FROM rollup_counts WHERE centre_id = ? AND day = ? AND counter_id = ? AND officer_id = ?
		AND hour = ? AND level = ? AND outcome = ? AND filter_reason = ? AND invited = ?`
	delReason = `DELETE FROM rollup_reasons WHERE centre_id = ? AND day = ? AND counter_id = ? AND officer_id = ?
		AND level = ? AND filter_reason = ? AND reason = ?`
)

// RebuildRollups recomputes the rollups of centres (every centre when
// none) from the stored responses in one write transaction, and rewrites
// the keys that differ.
func (s *Store) RebuildRollups(ctx context.Context, centres []string) (scoring.RebuildResult, error) {
	var res scoring.RebuildResult
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = rebuildRollups(ctx, tx, centres)
		return err
	})
	if err != nil {
		return scoring.RebuildResult{}, fmt.Errorf("rebuild rollups: %w", err)
	}
	return res, nil
}

// rebuildRollups is RebuildRollups inside tx.
func rebuildRollups(ctx context.Context, tx *sql.Tx, centres []string) (scoring.RebuildResult, error) {
	var res scoring.RebuildResult
	want := newRollupAcc()
	if err := want.loadZones(ctx, tx); err != nil {
		return res, err
	}
	where, args := centreFilter(centres)
	var err error
	if res.Responses, err = countStored(ctx, tx, want, where, args, 1); err != nil {
		return res, err
	}
	res.Keys = len(want.counts) + len(want.reasons)
	have, err := readRollups(ctx, tx, where, args)
	if err != nil {
		return res, err
	}
	for k, n := range want.counts {
		if have.counts[k] != n {
			res.Diffs = append(res.Diffs, scoring.RollupDiff{Table: "counts", Key: k.String(), Stored: have.counts[k], Rebuilt: n})
			if _, err := tx.ExecContext(ctx, setCount, append(k.args(), n)...); err != nil {
				return res, fmt.Errorf("rewrite rollup_counts: %w", err)
			}
		}
	}
	for k, n := range have.counts {
		if _, ok := want.counts[k]; !ok {
			res.Diffs = append(res.Diffs, scoring.RollupDiff{Table: "counts", Key: k.String(), Stored: n})
			if _, err := tx.ExecContext(ctx, delCount, k.args()...); err != nil {
				return res, fmt.Errorf("rewrite rollup_counts: %w", err)
			}
		}
	}
	for k, n := range want.reasons {
		if have.reasons[k] != n {
			res.Diffs = append(res.Diffs, scoring.RollupDiff{Table: "reasons", Key: k.String(), Stored: have.reasons[k], Rebuilt: n})
			if _, err := tx.ExecContext(ctx, setReason, append(k.args(), n)...); err != nil {
				return res, fmt.Errorf("rewrite rollup_reasons: %w", err)
			}
		}
	}
	for k, n := range have.reasons {
		if _, ok := want.reasons[k]; !ok {
			res.Diffs = append(res.Diffs, scoring.RollupDiff{Table: "reasons", Key: k.String(), Stored: n})
			if _, err := tx.ExecContext(ctx, delReason, k.args()...); err != nil {
				return res, fmt.Errorf("rewrite rollup_reasons: %w", err)
			}
		}
	}
	slices.SortFunc(res.Diffs, func(a, b scoring.RollupDiff) int {
		return strings.Compare(a.Table+" "+a.Key, b.Table+" "+b.Key)
	})
	return res, nil
}

// readRollups reads the stored rollup rows matching where (on centre_id).
func readRollups(ctx context.Context, q querier, where string, args []any) (*rollupAcc, error) {
	a := newRollupAcc()
	rows, err := q.QueryContext(ctx, `SELECT centre_id, day, counter_id, officer_id, hour, level, outcome, filter_reason, invited, n
		FROM rollup_counts WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read rollup_counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k countKey
		var day string
		var n int64
		if err := rows.Scan(&k.centre, &day, &k.counter, &k.officer, &k.hour, &k.level, &k.outcome, &k.filter, &k.invited, &n); err != nil {
			return nil, fmt.Errorf("read rollup_counts: %w", err)
		}
		if k.day, err = scoring.ParseDate(day); err != nil {
			return nil, fmt.Errorf("read rollup_counts: %w", err)
		}
		a.counts[k] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read rollup_counts: %w", err)
	}
	rows, err = q.QueryContext(ctx, `SELECT centre_id, day, counter_id, officer_id, level, filter_reason, reason, n
		FROM rollup_reasons WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read rollup_reasons: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k reasonKey
		var day string
		var n int64
		if err := rows.Scan(&k.centre, &day, &k.counter, &k.officer, &k.level, &k.filter, &k.reason, &n); err != nil {
			return nil, fmt.Errorf("read rollup_reasons: %w", err)
		}
		if k.day, err = scoring.ParseDate(day); err != nil {
			return nil, fmt.Errorf("read rollup_reasons: %w", err)
		}
		a.reasons[k] = n
	}
	return a, rows.Err()
}

// args are the key's columns in table order.
func (k countKey) args() []any {
	return []any{k.centre, k.day.String(), k.counter, k.officer, k.hour, k.level, k.outcome, k.filter, k.invited}
}

func (k reasonKey) args() []any {
	return []any{k.centre, k.day.String(), k.counter, k.officer, k.level, k.filter, k.reason}
}

// String is the key as rebuild-rollups prints it.
func (k countKey) String() string {
	return fmt.Sprintf("centre=%s day=%s counter=%s officer=%s hour=%02d level=%s outcome=%s filter=%q invited=%t",
		k.centre, k.day, k.counter, k.officer, k.hour, k.level, k.outcome, k.filter, k.invited)
}

func (k reasonKey) String() string {
	return fmt.Sprintf("centre=%s day=%s counter=%s officer=%s level=%s filter=%q reason=%q",
		k.centre, k.day, k.counter, k.officer, k.level, k.filter, k.reason)
}
