package localdb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"hailong/kiosk/score"
	"hailong/kiosk/survey"
)

// DayTally counts the responses of one local calendar day for the manager
// screen: the day in day's location that contains day (the kiosk passes
// its now in the centre's zone). A response belongs to the day of its
// created_at, compared as an instant, so the offset the kiosk wrote does
// not matter. Counts are per officer and level with the filtered
// responses beside, and the reasons of the unfiltered ones, all read in
// one snapshot.
func (db *DB) DayTally(ctx context.Context, day time.Time) (score.Tally, error) {
	start, end := score.Day(day, day.Location())
	from, to := start.UnixMilli(), end.UnixMilli()
	var t score.Tally
	err := db.withReadTx(ctx, func(tx *sql.Tx) error {
		if err := tallyLevels(ctx, tx, &t, from, to); err != nil {
			return err
		}
		return tallyReasons(ctx, tx, &t, from, to)
	})
	if err != nil {
		return score.Tally{}, fmt.Errorf("day tally %s: %w", start.Format(time.DateOnly), err)
	}
	return t, nil
}

func tallyLevels(ctx context.Context, tx *sql.Tx, t *score.Tally, from, to int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT officer_id, level, filter_reason <> '', count(*)
		FROM responses WHERE created_ms >= ? AND created_ms < ?
		GROUP BY 1, 2, 3`, from, to)
	if err != nil {
		return fmt.Errorf("count levels: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var officer, level string
		var filtered bool
		var n int
		if err := rows.Scan(&officer, &level, &filtered, &n); err != nil {
			return fmt.Errorf("count levels: %w", err)
		}
		if !t.AddN(officer, survey.Level(level), filtered, n) {
			return fmt.Errorf("count levels: officer %q has %d responses of unknown level %q", officer, n, level)
		}
	}
	return rows.Err()
}

func tallyReasons(ctx context.Context, tx *sql.Tx, t *score.Tally, from, to int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT j.value, count(*)
		FROM responses r, json_each(r.reasons) j
		WHERE r.created_ms >= ? AND r.created_ms < ? AND r.filter_reason = ''
		GROUP BY 1`, from, to)
	if err != nil {
		return fmt.Errorf("count reasons: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return fmt.Errorf("count reasons: %w", err)
		}
		t.AddReason(code, n)
	}
	return rows.Err()
}
