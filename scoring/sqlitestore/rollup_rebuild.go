package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
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
	daily, hourly := want.derived()
	for _, f := range []func() error{
		func() error { return rebuildTable(ctx, tx, dailyTable, daily, where, args, &res) },
		func() error { return rebuildTable(ctx, tx, hourlyTable, hourly, where, args, &res) },
		func() error { return rebuildTable(ctx, tx, reasonsTable, want.reasons, where, args, &res) },
	} {
		if err := f(); err != nil {
			return res, err
		}
	}
	slices.SortFunc(res.Diffs, func(a, b scoring.RollupDiff) int {
		return strings.Compare(a.Table+" "+a.Key, b.Table+" "+b.Key)
	})
	return res, nil
}

// rebuildTable compares t's stored rows matching where (on centre_id)
// with want, rewrites those that differ and deletes those not wanted. Keys
// are compared as the text of their columns.
func rebuildTable[K keyArgs](ctx context.Context, tx *sql.Tx, t rollupTable, want map[K]int64, where string, args []any, res *scoring.RebuildResult) error {
	have := map[string]int64{}
	haveArgs := map[string][]any{}
	rows, err := tx.QueryContext(ctx, "SELECT "+strings.Join(t.key, ", ")+", n FROM "+t.name+" WHERE "+where, args...)
	if err != nil {
		return fmt.Errorf("read %s: %w", t.name, err)
	}
	defer rows.Close()
	cols := make([]string, len(t.key))
	dest := make([]any, len(t.key)+1)
	for i := range cols {
		dest[i] = &cols[i]
	}
	var n int64
	dest[len(cols)] = &n
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("read %s: %w", t.name, err)
		}
		key := strings.Join(cols, "\x00")
		have[key] = n
		haveArgs[key] = make([]any, len(cols))
		for i, c := range cols {
			haveArgs[key][i] = c
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", t.name, err)
	}
	rows.Close()
	res.Keys += len(want)
	set, del := t.upsert(false), t.del(false)
	for k, n := range want {
		kargs := k.args()
		key := argsKey(kargs)
		stored, ok := have[key]
		delete(have, key)
		if ok && stored == n {
			continue
		}
		res.Diffs = append(res.Diffs, scoring.RollupDiff{Table: t.name, Key: t.readable(kargs), Stored: stored, Rebuilt: n})
		if _, err := tx.ExecContext(ctx, set, append(kargs, n)...); err != nil {
			return fmt.Errorf("rewrite %s: %w", t.name, err)
		}
	}
	for key, stored := range have {
		res.Diffs = append(res.Diffs, scoring.RollupDiff{Table: t.name, Key: t.readable(haveArgs[key]), Stored: stored})
		if _, err := tx.ExecContext(ctx, del, haveArgs[key]...); err != nil {
			return fmt.Errorf("rewrite %s: %w", t.name, err)
		}
	}
	return nil
}

// argsKey is a key's columns as text, as rebuildTable reads them.
func argsKey(args []any) string {
	s := make([]string, len(args))
	for i, a := range args {
		s[i] = fmt.Sprint(a)
	}
	return strings.Join(s, "\x00")
}

// readable is a key as rebuild-rollups prints it: column=value, the value
// quoted when empty or not plain.
func (t rollupTable) readable(args []any) string {
	parts := make([]string, len(args))
	for i, a := range args {
		v := fmt.Sprint(a)
		if v == "" || strings.ContainsAny(v, " \t\n\"=\\") {
			v = strconv.Quote(v)
		}
		parts[i] = t.key[i] + "=" + v
	}
	return strings.Join(parts, " ")
}
