package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"hailong/kiosk/scoring"
)

// RecordInvitationCounts replaces a kiosk's counts of the days and
// officers given (scoring.InvitationStore), in one transaction. A
// heartbeat carries a few dozen at most.
func (s *Store) RecordInvitationCounts(ctx context.Context, kioskID string, counts []scoring.InvitationCount, at time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		var centre, counter string
		err := tx.QueryRowContext(ctx, "SELECT centre_id, counter_id FROM kiosks WHERE id = ?", kioskID).Scan(&centre, &counter)
		if errors.Is(err, sql.ErrNoRows) {
			return scoring.ErrNotFound
		}
		if err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO invitation_counts
			(kiosk_id, day, officer_id, centre_id, counter_id, issued, used, expired, updated_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (kiosk_id, day, officer_id) DO UPDATE SET issued = excluded.issued,
				used = excluded.used, expired = excluded.expired, updated_ms = excluded.updated_ms`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, c := range counts {
			if _, err := stmt.ExecContext(ctx, kioskID, c.Day.String(), c.OfficerID, centre, counter,
				c.Issued, c.Used, c.Expired, ms(at)); err != nil {
				return fmt.Errorf("%s %s: %w", c.Day, c.OfficerID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record invitation counts of kiosk %s: %w", kioskID, err)
	}
	return nil
}

// InvitationCounts returns the stored counts of q (scoring.InvitationStore).
func (s *Store) InvitationCounts(ctx context.Context, q scoring.InvitationQuery) ([]scoring.InvitationCount, error) {
	if len(q.CentreIDs) == 0 {
		return nil, errors.New("invitation counts: no centre asked for")
	}
	if q.From.IsZero() || q.To.Before(q.From) {
		return nil, fmt.Errorf("invitation counts: days %s to %s are not a range", q.From, q.To)
	}
	where, args := centreFilter(q.CentreIDs)
	where += " AND day >= ? AND day <= ?"
	args = append(args, q.From.String(), q.To.String())
	if q.OfficerID != "" {
		where += " AND officer_id = ?"
		args = append(args, q.OfficerID)
	}
	var out []scoring.InvitationCount
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT kiosk_id, centre_id, counter_id, officer_id, day, issued, used, expired,
			updated_ms FROM invitation_counts WHERE `+where+` ORDER BY centre_id, day, counter_id, officer_id, kiosk_id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c scoring.InvitationCount
			var day string
			var updated int64
			if err := rows.Scan(&c.KioskID, &c.CentreID, &c.CounterID, &c.OfficerID, &day, &c.Issued, &c.Used,
				&c.Expired, &updated); err != nil {
				return err
			}
			if c.Day, err = scoring.ParseDate(day); err != nil {
				return err
			}
			c.UpdatedAt = time.UnixMilli(updated).UTC()
			out = append(out, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("invitation counts: %w", err)
	}
	return out, nil
}
