package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"hailong/kiosk/scoring"
)

var _ scoring.ReportStore = (*Store)(nil)

// rollupCol is a key column of the rollup tables, and the constant that
// stands for it when a query does not group by it.
type rollupCol struct {
	dim  scoring.Dim
	name string
	zero string
}

// rollupCols: a query's result columns are these in this order
// (reasons: those of reasonDims, then reason), then sum(n).
var rollupCols = []rollupCol{
	{scoring.DimCentre, "centre_id", "''"},
	{scoring.DimDay, "day", "''"},
	{scoring.DimCounter, "counter_id", "''"},
	{scoring.DimOfficer, "officer_id", "''"},
	{scoring.DimHour, "hour", "0"},
	{scoring.DimLevel, "level", "''"},
	{scoring.DimOutcome, "outcome", "''"},
	{scoring.DimFilter, "filter_reason", "''"},
	{scoring.DimInvited, "invited", "0"},
}

// reasonDims are rollup_reasons' keys.
const reasonDims = scoring.DimCentre | scoring.DimDay | scoring.DimCounter | scoring.DimOfficer | scoring.DimLevel | scoring.DimFilter

// countsTableFor is the table that has every key q groups or filters by:
// rollup_hourly when it needs the hour, else rollup_daily.
func countsTableFor(q scoring.RollupQuery) (string, error) {
	need := q.By
	if q.CounterID != "" {
		need |= scoring.DimCounter
	}
	if q.OfficerID != "" {
		need |= scoring.DimOfficer
	}
	switch {
	case need&^scoring.DimDaily == 0:
		return dailyTable.name, nil
	case need&^scoring.DimHourly == 0:
		return hourlyTable.name, nil
	}
	return "", fmt.Errorf("rollup: the hour is kept per counter, not per officer, outcome or invitation (keys %b)", need)
}

// rollupSQL builds the grouped query of q on the counts (or the reasons)
// with its arguments. Plain SQL: a PostgreSQL store can build the same.
func rollupSQL(q scoring.RollupQuery, reasons bool) (string, []any, error) {
	var sel, group []string
	for _, c := range rollupCols {
		if reasons && reasonDims&c.dim == 0 {
			continue
		}
		if q.By&c.dim == 0 {
			sel = append(sel, c.zero)
			continue
		}
		sel, group = append(sel, c.name), append(group, c.name)
	}
	table, err := countsTableFor(q)
	if err != nil {
		return "", nil, err
	}
	if reasons {
		table = reasonsTable.name
		sel, group = append(sel, "reason"), append(group, "reason")
	}
	where, args := centreFilter(q.CentreIDs)
	where += " AND day >= ? AND day <= ?"
	args = append(args, q.From.String(), q.To.String())
	if q.CounterID != "" {
		where += " AND counter_id = ?"
		args = append(args, q.CounterID)
	}
	if q.OfficerID != "" {
		where += " AND officer_id = ?"
		args = append(args, q.OfficerID)
	}
	query := "SELECT " + strings.Join(sel, ", ") + ", sum(n) FROM " + table + " WHERE " + where
	if len(group) > 0 {
		query += " GROUP BY " + strings.Join(group, ", ") + " ORDER BY " + strings.Join(group, ", ")
	}
	return query, args, nil
}

// RangeRollup returns the rollup rows of q (scoring.ReportStore).
func (s *Store) RangeRollup(ctx context.Context, q scoring.RollupQuery) (scoring.Rollup, error) {
	if len(q.CentreIDs) == 0 {
		return scoring.Rollup{}, errors.New("rollup: no centre asked for")
	}
	if q.From.IsZero() || q.To.Before(q.From) {
		return scoring.Rollup{}, fmt.Errorf("rollup: days %s to %s are not a range", q.From, q.To)
	}
	query, args, err := rollupSQL(q, false)
	if err != nil {
		return scoring.Rollup{}, err
	}
	var out scoring.Rollup
	err = s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r scoring.CountRow
			var day string
			var n sql.NullInt64 // sum() of no row is NULL
			if err := rows.Scan(&r.CentreID, &day, &r.CounterID, &r.OfficerID, &r.Hour, &r.Level, &r.Outcome,
				&r.FilterReason, &r.Invited, &n); err != nil {
				return err
			}
			if !n.Valid {
				continue
			}
			if r.Day, err = scanDay(day); err != nil {
				return err
			}
			r.N = n.Int64
			out.Counts = append(out.Counts, r)
		}
		if err := rows.Err(); err != nil || !q.Reasons {
			return err
		}
		if query, args, err = rollupSQL(q, true); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r scoring.ReasonRow
			var day string
			var n sql.NullInt64
			if err := rows.Scan(&r.CentreID, &day, &r.CounterID, &r.OfficerID, &r.Level, &r.FilterReason, &r.Reason, &n); err != nil {
				return err
			}
			if !n.Valid {
				continue
			}
			if r.Day, err = scanDay(day); err != nil {
				return err
			}
			r.N = n.Int64
			out.Reasons = append(out.Reasons, r)
		}
		return rows.Err()
	})
	if err != nil {
		return scoring.Rollup{}, fmt.Errorf("rollup of %s from %s to %s: %w", strings.Join(q.CentreIDs, ","), q.From, q.To, err)
	}
	return out, nil
}

// scanDay reads a day column, empty when not grouped by.
func scanDay(s string) (scoring.Date, error) {
	if s == "" {
		return scoring.Date{}, nil
	}
	return scoring.ParseDate(s)
}

// Unhappy lists a centre's dissatisfied responses of its local day
// (scoring.ReportStore), through the partial index responses_unhappy: the
// level is written as a literal so that SQLite can use it.
func (s *Store) Unhappy(ctx context.Context, centreID string, day scoring.Date) ([]scoring.UnhappyResponse, error) {
	var out []scoring.UnhappyResponse
	err := s.read(ctx, func(tx *sql.Tx) error {
		var zone string
		err := tx.QueryRowContext(ctx, "SELECT time_zone FROM centres WHERE id = ?", centreID).Scan(&zone)
		if errors.Is(err, sql.ErrNoRows) {
			return scoring.ErrNotFound
		}
		if err != nil {
			return err
		}
		loc, err := scoring.LoadZone(zone)
		if err != nil {
			return err
		}
		from, to := day.Start(loc), day.AddDays(1).Start(loc)
		rows, err := tx.QueryContext(ctx, `SELECT r.id, r.created_ms, coalesce(k.id, ''), r.counter_id, r.officer_id, r.reasons,
			r.outcome, r.filter_reason, r.ticket, r.dossier_code
			FROM responses r LEFT JOIN kiosks k ON k.no = r.kiosk_no
			WHERE r.centre_id = ? AND r.level = 'dissatisfied' AND r.created_ms >= ? AND r.created_ms < ?
			ORDER BY r.created_ms, r.id`, centreID, ms(from), ms(to))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var u scoring.UnhappyResponse
			var id []byte
			var created int64
			var reasons string
			if err := rows.Scan(&id, &created, &u.KioskID, &u.CounterID, &u.OfficerID, &reasons, &u.Outcome,
				&u.FilterReason, &u.Ticket, &u.DossierCode); err != nil {
				return err
			}
			u.ID, u.CreatedAt = idString(id), fromMS(sql.NullInt64{Int64: created, Valid: true})
			if err := json.Unmarshal([]byte(reasons), &u.Reasons); err != nil {
				return fmt.Errorf("response %s: reasons %q: %w", u.ID, reasons, err)
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("dissatisfied responses of centre %s on %s: %w", centreID, day, err)
	}
	return out, nil
}
