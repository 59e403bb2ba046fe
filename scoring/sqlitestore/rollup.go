package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"hailong/kiosk/scoring"
)

// Rollups (migration 0005, scoring/reports.go) are counted in memory while
// a group of batches is written, and added to the tables once per group,
// just before its commit: a group of 8 batches of 500 responses does a few
// dozen upserts, not 4000. What is added is what was newly inserted, so
// the rollups stay exact: a rollback drops them with the responses.
//
// rollup_counts and rollup_reasons are the finest; rollup_daily (no hour,
// no outcome) and rollup_hourly (no counter, officer, outcome, invitation)
// are the same counts summed, derived from rollup_counts' keys at each
// flush, so that a trend over 90 days reads a tenth of the rows.

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

// dailyKey is the key of a rollup_daily row.
type dailyKey struct {
	centre, counter, officer string
	day                      scoring.Date
	level, filter            string
	invited                  bool
}

// hourlyKey is the key of a rollup_hourly row.
type hourlyKey struct {
	centre        string
	day           scoring.Date
	hour          int
	level, filter string
}

// rollupTable is a rollup table and its key columns, in order.
type rollupTable struct {
	name string
	key  []string
}

var (
	countsTable  = rollupTable{"rollup_counts", []string{"centre_id", "day", "counter_id", "officer_id", "hour", "level", "outcome", "filter_reason", "invited"}}
	reasonsTable = rollupTable{"rollup_reasons", []string{"centre_id", "day", "counter_id", "officer_id", "level", "filter_reason", "reason"}}
	dailyTable   = rollupTable{"rollup_daily", []string{"centre_id", "day", "counter_id", "officer_id", "level", "filter_reason", "invited"}}
	hourlyTable  = rollupTable{"rollup_hourly", []string{"centre_id", "day", "hour", "level", "filter_reason"}}
)

// upsert adds to a row's n (add) or sets it. Plain SQL, as PostgreSQL
// takes it too.
func (t rollupTable) upsert(add bool) string {
	set := "excluded.n"
	if add {
		set = t.name + ".n + excluded.n"
	}
	cols := strings.Join(t.key, ", ")
	return "INSERT INTO " + t.name + " (" + cols + ", n) VALUES (" + strings.Repeat("?, ", len(t.key)) + "?)" +
		" ON CONFLICT (" + cols + ") DO UPDATE SET n = " + set
}

// del deletes a row by its key; ifZero only when its n is 0.
func (t rollupTable) del(ifZero bool) string {
	q := "DELETE FROM " + t.name + " WHERE " + strings.Join(t.key, " = ? AND ") + " = ?"
	if ifZero {
		q += " AND n = 0"
	}
	return q
}

// keyArgs are a key's column values in table order: what the statements
// bind, and (as text) what a rebuild compares.
type keyArgs interface {
	comparable
	args() []any
}

func (k countKey) args() []any {
	return []any{k.centre, k.day.String(), k.counter, k.officer, k.hour, k.level, k.outcome, k.filter, b2i(k.invited)}
}

func (k reasonKey) args() []any {
	return []any{k.centre, k.day.String(), k.counter, k.officer, k.level, k.filter, k.reason}
}

func (k dailyKey) args() []any {
	return []any{k.centre, k.day.String(), k.counter, k.officer, k.level, k.filter, b2i(k.invited)}
}

func (k hourlyKey) args() []any {
	return []any{k.centre, k.day.String(), k.hour, k.level, k.filter}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
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

// derived sums the counts into the keys of rollup_daily and rollup_hourly.
func (a *rollupAcc) derived() (map[dailyKey]int64, map[hourlyKey]int64) {
	daily, hourly := map[dailyKey]int64{}, map[hourlyKey]int64{}
	for k, n := range a.counts {
		daily[dailyKey{k.centre, k.counter, k.officer, k.day, k.level, k.filter, k.invited}] += n
		hourly[hourlyKey{k.centre, k.day, k.hour, k.level, k.filter}] += n
	}
	return daily, hourly
}

// flush adds what a holds to the tables and empties it; a key whose count
// falls to zero (after a prune) is deleted. The zones stay, for the rest
// of the transaction.
func (a *rollupAcc) flush(ctx context.Context, q querier) error {
	if len(a.counts) == 0 {
		return nil // no response, hence no reason either
	}
	daily, hourly := a.derived()
	err := addTo(ctx, q, countsTable, a.counts)
	if err == nil {
		err = addTo(ctx, q, reasonsTable, a.reasons)
	}
	if err == nil {
		err = addTo(ctx, q, dailyTable, daily)
	}
	if err == nil {
		err = addTo(ctx, q, hourlyTable, hourly)
	}
	clear(a.counts)
	clear(a.reasons)
	return err
}

// addTo adds each count of m to its row of t, and deletes a row whose
// count falls to zero.
func addTo[K keyArgs](ctx context.Context, q querier, t rollupTable, m map[K]int64) error {
	upsert, drop := t.upsert(true), t.del(true)
	for k, n := range m {
		if n == 0 {
			continue
		}
		args := k.args()
		if _, err := q.ExecContext(ctx, upsert, append(args, n)...); err != nil {
			return fmt.Errorf("add to %s: %w", t.name, err)
		}
		if n > 0 {
			continue
		}
		if _, err := q.ExecContext(ctx, drop, args...); err != nil {
			return fmt.Errorf("drop empty row of %s: %w", t.name, err)
		}
	}
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
