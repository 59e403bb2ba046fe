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
// hundred upserts, not 4000. What is added is what was newly inserted, so
// the rollups stay exact: a rollback drops them with the responses.
//
// Three tables: rollup_daily (per centre, day, counter, officer, level,
// outcome, filter and invitation), rollup_hourly (per centre, day,
// counter, hour, level and filter) and rollup_reasons. No table has both
// the officer and the hour: that key had ten times the rows (a kiosk's
// 500 responses of a day touched about 110 of them, against 15 daily and
// 30 hourly), and its upserts cost a quarter of ingest, for a figure no
// page shows.

// countKey is what a response is counted under in memory: every key of
// rollup_daily and rollup_hourly at once.
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
	level, outcome, filter   string
	invited                  bool
}

// hourlyKey is the key of a rollup_hourly row.
type hourlyKey struct {
	centre, counter string
	day             scoring.Date
	hour            int
	level, filter   string
}

// rollupTable is a rollup table and its key columns, in order.
type rollupTable struct {
	name string
	key  []string
}

var (
	dailyTable   = rollupTable{"rollup_daily", []string{"centre_id", "day", "counter_id", "officer_id", "level", "outcome", "filter_reason", "invited"}}
	hourlyTable  = rollupTable{"rollup_hourly", []string{"centre_id", "day", "counter_id", "hour", "level", "filter_reason"}}
	reasonsTable = rollupTable{"rollup_reasons", []string{"centre_id", "day", "counter_id", "officer_id", "level", "filter_reason", "reason"}}
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

func (k reasonKey) args() []any {
	return []any{k.centre, k.day.String(), k.counter, k.officer, k.level, k.filter, k.reason}
}

func (k dailyKey) args() []any {
	return []any{k.centre, k.day.String(), k.counter, k.officer, k.level, k.outcome, k.filter, b2i(k.invited)}
}

func (k hourlyKey) args() []any {
	return []any{k.centre, k.day.String(), k.counter, k.hour, k.level, k.filter}
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
	// span is the local hour of the last response counted: a batch's
	// responses mostly fall in the same hour, and the zone's arithmetic
	// is then skipped.
	span hourSpan
}

// hourSpan is a local hour of a zone: [from, to) in Unix ms.
type hourSpan struct {
	loc      *time.Location
	from, to int64
	day      scoring.Date
	hour     int
}

// localHour is the day and hour of the instant ms in loc.
func (a *rollupAcc) localHour(ms int64, loc *time.Location) (scoring.Date, int) {
	if s := &a.span; s.loc == loc && ms >= s.from && ms < s.to {
		return s.day, s.hour
	}
	t := time.UnixMilli(ms).In(loc)
	y, m, d := t.Date()
	day, hour := scoring.Date{Year: y, Month: m, Day: d}, t.Hour()
	// The hour's span, kept only when both its ends are that hour (a zone
	// change inside the hour, for daylight saving time, spoils it).
	from := time.Date(y, m, d, hour, 0, 0, 0, loc).UnixMilli()
	to := from + time.Hour.Milliseconds()
	if ms >= from && ms < to && sameHour(from, loc, day, hour) && sameHour(to-1, loc, day, hour) {
		a.span = hourSpan{loc, from, to, day, hour}
	}
	return day, hour
}

func sameHour(ms int64, loc *time.Location, day scoring.Date, hour int) bool {
	t := time.UnixMilli(ms).In(loc)
	y, m, d := t.Date()
	return scoring.Date{Year: y, Month: m, Day: d} == day && t.Hour() == hour
}

// Initial sizes of a rollupAcc's maps: about what a group of varied
// backlog batches fills, so that they are not grown key by key.
const (
	accCounts  = 256
	accReasons = 64
)

func newRollupAcc() *rollupAcc {
	return &rollupAcc{counts: make(map[countKey]int64, accCounts), reasons: make(map[reasonKey]int64, accReasons),
		zones: map[string]*time.Location{}}
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
	day, hour := a.localHour(r.createdMS, loc)
	a.counts[countKey{r.centre, r.counter, r.officer, day, hour, r.level, r.outcome, r.filter, r.invited}] += sign
	for _, reason := range r.reasons {
		a.reasons[reasonKey{r.centre, r.counter, r.officer, day, r.level, r.filter, reason}] += sign
	}
	return nil
}

// derived sums the counts into the keys of rollup_daily and rollup_hourly.
func (a *rollupAcc) derived() (map[dailyKey]int64, map[hourlyKey]int64) {
	daily, hourly := make(map[dailyKey]int64, len(a.counts)), make(map[hourlyKey]int64, len(a.counts))
	for k, n := range a.counts {
		daily[dailyKey{k.centre, k.counter, k.officer, k.day, k.level, k.outcome, k.filter, k.invited}] += n
		hourly[hourlyKey{k.centre, k.counter, k.day, k.hour, k.level, k.filter}] += n
	}
	return daily, hourly
}

// flush adds what a holds to the tables and empties it; a key whose count
// falls to zero (after a prune) is deleted. The zones stay, for the rest
// of the transaction.
func (a *rollupAcc) flush(ctx context.Context, q preparer) error {
	if len(a.counts) == 0 {
		return nil // no response, hence no reason either
	}
	daily, hourly := a.derived()
	err := addTo(ctx, q, dailyTable, daily)
	if err == nil {
		err = addTo(ctx, q, hourlyTable, hourly)
	}
	if err == nil {
		err = addTo(ctx, q, reasonsTable, a.reasons)
	}
	clear(a.counts)
	clear(a.reasons)
	return err
}

// preparer is what *sql.Conn and *sql.Tx share to prepare a statement.
type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// addTo adds each count of m to its row of t, and deletes a row whose
// count falls to zero. The upsert is prepared once for the map: SQLite
// would otherwise compile it for each key, which cost more than running
// it.
func addTo[K keyArgs](ctx context.Context, q preparer, t rollupTable, m map[K]int64) error {
	if len(m) == 0 {
		return nil
	}
	upsert, err := q.PrepareContext(ctx, t.upsert(true))
	if err != nil {
		return fmt.Errorf("add to %s: %w", t.name, err)
	}
	defer upsert.Close()
	var drop *sql.Stmt // prepared when a prune empties a row
	for k, n := range m {
		if n == 0 {
			continue
		}
		args := k.args()
		if _, err := upsert.ExecContext(ctx, append(args, n)...); err != nil {
			return fmt.Errorf("add to %s: %w", t.name, err)
		}
		if n > 0 {
			continue
		}
		if drop == nil {
			if drop, err = q.PrepareContext(ctx, t.del(true)); err != nil {
				return fmt.Errorf("drop empty row of %s: %w", t.name, err)
			}
			defer drop.Close()
		}
		if _, err := drop.ExecContext(ctx, args...); err != nil {
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
