package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"hailong/kiosk/scoring"
)

// Rollups (migration 0005, scoring/reports.go) are counted in memory while
// a group of batches is written, and added to the tables once per group,
// just before its commit: a group of 8 batches of 500 responses does a few
// dozen upserts, not 4000. What is added is what was newly inserted, so
// the rollups stay exact: a rollback drops them with the responses.

// countKey is the key of a rollup_counts row.
type countKey struct {
	centre, counter, officer string
	day                      scoring.Date
	hour                     int
	level, outcome, filter   string
	invited                  bool
}

// reasonKey is the key of a rollup_reasons row.
type reasonKey struct {
	centre, counter, officer string
	day                      scoring.Date
	level, filter, reason    string
}

// rollupAcc accumulates rollup counts for one transaction. Its keys may
// hold strings of the batches' request buffers: it must be flushed (or
// dropped) before the batches are answered.
type rollupAcc struct {
	counts  map[countKey]int64
	reasons map[reasonKey]int64
	// zones holds each centre's time zone as read in this transaction, so
	// that a zone changed by `centre set --tz` (which rebuilds the
	// centre's rollups in its own transaction) is never applied stale.
	zones map[string]*time.Location
	// defaultZone is set once loadZones has read every centre's zone: a
	// centre not in zones then has the default one.
	defaultZone *time.Location
}

func newRollupAcc() *rollupAcc {
	return &rollupAcc{counts: map[countKey]int64{}, reasons: map[reasonKey]int64{}, zones: map[string]*time.Location{}}
}

// zone returns a centre's time zone, reading it once per transaction. A
// centre that is not (yet) in centres counts in the default zone, as the
// migration and a rebuild count it.
func (a *rollupAcc) zone(ctx context.Context, q querier, centre string) (*time.Location, error) {
	if loc, ok := a.zones[centre]; ok {
		return loc, nil
	}
	if a.defaultZone != nil {
		return a.defaultZone, nil
	}
	var name string
	err := q.QueryRowContext(ctx, "SELECT time_zone FROM centres WHERE id = ?", centre).Scan(&name)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("time zone of centre %s: %w", centre, err)
	}
	loc, err := scoring.LoadZone(name)
	if err != nil {
		return nil, fmt.Errorf("centre %s: %w", centre, err)
	}
	a.zones[centre] = loc
	return loc, nil
}

// rollupRow is what a response contributes to the rollups.
type rollupRow struct {
	centre, counter, officer string
	createdMS                int64
	level, outcome, filter   string
	invited                  bool
	reasons                  []string
}

// add counts r sign times (1 when stored, -1 when pruned).
func (a *rollupAcc) add(ctx context.Context, q querier, r *rollupRow, sign int64) error {
	loc, err := a.zone(ctx, q, r.centre)
	if err != nil {
		return err
	}
	t := time.UnixMilli(r.createdMS).In(loc)
	y, m, d := t.Date()
	day := scoring.Date{Year: y, Month: m, Day: d}
	a.counts[countKey{r.centre, r.counter, r.officer, day, t.Hour(), r.level, r.outcome, r.filter, r.invited}] += sign
	for _, reason := range r.reasons {
		a.reasons[reasonKey{r.centre, r.counter, r.officer, day, r.level, r.filter, reason}] += sign
	}
	return nil
}

// Upserts of the rollups: plain SQL, as PostgreSQL takes it too.
const (
	upsertCount = `INSERT INTO rollup_counts (centre_id, day, counter_id, officer_id, hour, level, outcome, filter_reason, invited, n)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (centre_id, day, counter_id, officer_id, hour, level, outcome, filter_reason, invited)
		DO UPDATE SET n = rollup_counts.n + excluded.n`
	upsertReason = `INSERT INTO rollup_reasons (centre_id, day, counter_id, officer_id, level, filter_reason, reason, n)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (centre_id, day, counter_id, officer_id, level, filter_reason, reason)
		DO UPDATE SET n = rollup_reasons.n + excluded.n`
)

// Deletes of a key whose count a prune brought to zero.
const (
	dropEmptyCount = `DELETE FROM rollup_counts WHERE centre_id = ? AND day = ? AND counter_id = ? AND officer_id = ?
		AND hour = ? AND level = ? AND outcome = ? AND filter_reason = ? AND invited = ? AND n = 0`
	dropEmptyReason = `DELETE FROM rollup_reasons WHERE centre_id = ? AND day = ? AND counter_id = ? AND officer_id = ?
		AND level = ? AND filter_reason = ? AND reason = ? AND n = 0`
)

// flush adds what a holds to the tables and empties it; a key whose count
// falls to zero (after a prune) is deleted. The zones stay, for the rest
// of the transaction.
func (a *rollupAcc) flush(ctx context.Context, q querier) error {
	for k, n := range a.counts {
		if n == 0 {
			continue
		}
		args := k.args()
		if _, err := q.ExecContext(ctx, upsertCount, append(args, n)...); err != nil {
			return fmt.Errorf("add to rollup_counts: %w", err)
		}
		if n > 0 {
			continue
		}
		if _, err := q.ExecContext(ctx, dropEmptyCount, args...); err != nil {
			return fmt.Errorf("drop empty rollup_counts: %w", err)
		}
	}
	for k, n := range a.reasons {
		if n == 0 {
			continue
		}
		args := k.args()
		if _, err := q.ExecContext(ctx, upsertReason, append(args, n)...); err != nil {
			return fmt.Errorf("add to rollup_reasons: %w", err)
		}
		if n > 0 {
			continue
		}
		if _, err := q.ExecContext(ctx, dropEmptyReason, args...); err != nil {
			return fmt.Errorf("drop empty rollup_reasons: %w", err)
		}
	}
	clear(a.counts)
	clear(a.reasons)
	return nil
}

// addInserted counts the rows of a batch that were newly inserted.
func (a *rollupAcc) addInserted(ctx context.Context, q querier, p *prepared, inserted []bool) error {
	var row rollupRow
	for i, ok := range inserted {
		if !ok {
			continue
		}
		r := p.rows[i].r
		row = rollupRow{centre: r.CentreID, counter: r.CounterID, officer: r.OfficerID, createdMS: p.rows[i].createdMS,
			level: string(r.Level), outcome: string(r.Outcome), filter: r.FilterReason, invited: r.InvitationID != "",
			reasons: r.Reasons}
		if err := a.add(ctx, q, &row, 1); err != nil {
			return err
		}
	}
	return nil
}
