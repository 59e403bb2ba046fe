package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// The alerts of scoring.AlertStore, in table alerts (0008_alerts.sql).

const alertColumns = `id, centre_id, kind, subject, opened_ms, detail, state, cleared_ms, acked_by, acked_ms,
	ack_comment, closed_by, closed_ms`

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanAlert(r scanner) (scoring.Alert, error) {
	var a scoring.Alert
	var opened int64
	var detail string
	var cleared, acked, closed sql.NullInt64
	if err := r.Scan(&a.ID, &a.CentreID, &a.Kind, &a.Subject, &opened, &detail, &a.State, &cleared, &a.AckedBy, &acked,
		&a.AckComment, &a.ClosedBy, &closed); err != nil {
		return a, err
	}
	a.OpenedAt = time.UnixMilli(opened).UTC()
	a.ClearedAt, a.AckedAt, a.ClosedAt = fromMS(cleared), fromMS(acked), fromMS(closed)
	d, err := scoring.ParseAlertDetail(detail)
	if err != nil {
		return a, fmt.Errorf("alert %d: %w", a.ID, err)
	}
	a.Detail = d
	return a, nil
}

func alertByID(ctx context.Context, tx *sql.Tx, id int64) (scoring.Alert, error) {
	a, err := scanAlert(tx.QueryRowContext(ctx, "SELECT "+alertColumns+" FROM alerts WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("alert %d: %w", id, scoring.ErrNotFound)
	}
	return a, err
}

// OpenAlert stores a new open alert unless an active one of the same
// condition exists.
func (s *Store) OpenAlert(ctx context.Context, a scoring.Alert) (scoring.Alert, bool, error) {
	opened := false
	err := s.write(ctx, func(tx *sql.Tx) error {
		existing, err := scanAlert(tx.QueryRowContext(ctx, "SELECT "+alertColumns+` FROM alerts
			WHERE centre_id = ? AND kind = ? AND subject = ? AND state <> 'closed' AND cleared_ms IS NULL`, a.CentreID, a.Kind, a.Subject))
		if err == nil {
			a = existing
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		a.State, a.AckedBy, a.AckComment, a.ClosedBy = scoring.AlertOpen, "", "", ""
		a.AckedAt, a.ClosedAt, a.ClearedAt = time.Time{}, time.Time{}, time.Time{}
		a.OpenedAt = time.UnixMilli(ms(auditAt(a.OpenedAt))).UTC()
		res, err := tx.ExecContext(ctx, `INSERT INTO alerts (centre_id, kind, subject, opened_ms, detail, state)
			VALUES (?, ?, ?, ?, ?, ?)`, a.CentreID, a.Kind, a.Subject, ms(a.OpenedAt), a.Detail.JSON(), a.State)
		if err != nil {
			return err
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		opened = true
		return appendAudit(ctx, tx, a.OpenedAt, scoring.ActAlertOpen, scoring.SubjectAlert(a.ID),
			map[string]any{"centre": a.CentreID, "kind": a.Kind, "subject": a.Subject, "detail": a.Detail})
	})
	if err != nil {
		return scoring.Alert{}, false, fmt.Errorf("open alert %s %s/%s: %w", a.Kind, a.CentreID, a.Subject, err)
	}
	return a, opened, nil
}

// ClearAlert records the end of an alert's condition.
func (s *Store) ClearAlert(ctx context.Context, id int64, at time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := alertByID(ctx, tx, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE alerts SET cleared_ms = ? WHERE id = ? AND cleared_ms IS NULL", ms(at), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("clear alert %d: %w", id, err)
	}
	return nil
}

// ResumeAlert records that an active alert's condition came back.
func (s *Store) ResumeAlert(ctx context.Context, id int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := alertByID(ctx, tx, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE alerts SET cleared_ms = NULL WHERE id = ? AND state <> 'closed'", id)
		return err
	})
	if err != nil {
		return fmt.Errorf("resume alert %d: %w", id, err)
	}
	return nil
}

// AckAlert acknowledges an open alert.
func (s *Store) AckAlert(ctx context.Context, id int64, by, comment string, at time.Time) (scoring.Alert, error) {
	var a scoring.Alert
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = alertByID(ctx, tx, id); err != nil {
			return err
		}
		if a.State != scoring.AlertOpen {
			return fmt.Errorf("alert %d is %s: %w", id, a.State, scoring.ErrAlertState)
		}
		a.State, a.AckedBy, a.AckedAt, a.AckComment = scoring.AlertAcknowledged, by, time.UnixMilli(ms(at)).UTC(), comment
		if _, err := tx.ExecContext(ctx, "UPDATE alerts SET state = ?, acked_by = ?, acked_ms = ?, ack_comment = ? WHERE id = ?",
			a.State, by, ms(at), comment, id); err != nil {
			return err
		}
		return appendAudit(scoring.WithActor(ctx, by), tx, at, scoring.ActAlertAck, scoring.SubjectAlert(id),
			map[string]any{"centre": a.CentreID, "kind": a.Kind, "subject": a.Subject, "comment": comment})
	})
	if err != nil {
		return scoring.Alert{}, fmt.Errorf("acknowledge alert %d: %w", id, err)
	}
	return a, nil
}

// CloseAlert closes an acknowledged alert.
func (s *Store) CloseAlert(ctx context.Context, id int64, by string, at time.Time) (scoring.Alert, error) {
	var a scoring.Alert
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = alertByID(ctx, tx, id); err != nil {
			return err
		}
		if a.State != scoring.AlertAcknowledged {
			return fmt.Errorf("alert %d is %s: %w", id, a.State, scoring.ErrAlertState)
		}
		if err := closeAlert(ctx, tx, a, by, at); err != nil {
			return err
		}
		a.State, a.ClosedBy, a.ClosedAt = scoring.AlertClosed, by, time.UnixMilli(ms(at)).UTC()
		return nil
	})
	if err != nil {
		return scoring.Alert{}, fmt.Errorf("close alert %d: %w", id, err)
	}
	return a, nil
}

// closeAlert closes a in tx, with its audit entry by by.
func closeAlert(ctx context.Context, tx *sql.Tx, a scoring.Alert, by string, at time.Time) error {
	if _, err := tx.ExecContext(ctx, "UPDATE alerts SET state = ?, closed_by = ?, closed_ms = ? WHERE id = ?",
		scoring.AlertClosed, by, ms(at), a.ID); err != nil {
		return err
	}
	detail := map[string]any{"centre": a.CentreID, "kind": a.Kind, "subject": a.Subject}
	if !a.ClearedAt.IsZero() {
		detail["cleared_at"] = a.ClearedAt
	}
	return appendAudit(scoring.WithActor(ctx, by), tx, at, scoring.ActAlertClose, scoring.SubjectAlert(a.ID), detail)
}

// AlertByID returns one alert.
func (s *Store) AlertByID(ctx context.Context, id int64) (scoring.Alert, error) {
	var a scoring.Alert
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = alertByID(ctx, tx, id)
		return err
	})
	return a, err
}

// Alerts lists the alerts f selects, newest first.
func (s *Store) Alerts(ctx context.Context, f scoring.AlertFilter) ([]scoring.Alert, error) {
	q := "SELECT " + alertColumns + " FROM alerts WHERE 1 = 1"
	var args []any
	if f.CentreID != "" {
		q += " AND centre_id = ?"
		args = append(args, f.CentreID)
	}
	if f.State != "" {
		q += " AND state = ?"
		args = append(args, f.State)
	}
	q += " ORDER BY id DESC"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	out, err := s.queryAlerts(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	return out, nil
}

// LatestAlerts returns the latest alert of each condition.
func (s *Store) LatestAlerts(ctx context.Context) ([]scoring.Alert, error) {
	out, err := s.queryAlerts(ctx, "SELECT "+alertColumns+` FROM alerts WHERE id IN
		(SELECT max(id) FROM alerts GROUP BY centre_id, kind, subject) ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("latest alerts: %w", err)
	}
	return out, nil
}

func (s *Store) queryAlerts(ctx context.Context, q string, args ...any) ([]scoring.Alert, error) {
	var out []scoring.Alert
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAlert(rows)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}

// CounterCounts counts each counter's unfiltered ratings in [from, to)
// over the index on created_ms.
func (s *Store) CounterCounts(ctx context.Context, from, to time.Time) ([]scoring.CounterCount, error) {
	var out []scoring.CounterCount
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT centre_id, counter_id, count(*), count(*) FILTER (WHERE level = ?)
			FROM responses INDEXED BY responses_created
			WHERE created_ms >= ? AND created_ms < ? AND filter_reason = ''
			GROUP BY centre_id, counter_id ORDER BY centre_id, counter_id`, string(survey.Dissatisfied), ms(from), ms(to))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c scoring.CounterCount
			if err := rows.Scan(&c.CentreID, &c.CounterID, &c.N, &c.Dissatisfied); err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("counter counts: %w", err)
	}
	return out, nil
}
