package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"hailong/kiosk/scoring"
)

// Kiosk history events (kiosk_history.event).
const (
	historyEnrol   = "enrol"
	historyReEnrol = "re_enrol"
	historyRevoke  = "revoke"
)

// auditAt is an act's time as the audit trail keeps it: now when the
// caller gave none.
func auditAt(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now()
	}
	return t
}

// appendAudit writes an audit entry in tx, the transaction of the act it
// records, with the actor of ctx.
func appendAudit(ctx context.Context, tx *sql.Tx, at time.Time, action, subject string, detail map[string]any) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO audit (at_ms, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
		ms(auditAt(at)), scoring.ActorFrom(ctx), action, subject, scoring.AuditDetail(detail))
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", action, subject, err)
	}
	return nil
}

// historyRow is one row of kiosk_history.
type historyRow struct {
	kioskID, event, centreID, counterID, hostname, appVersion, remote string
	at                                                                time.Time
}

// appendHistory writes a kiosk's enrolment or revocation in tx.
func appendHistory(ctx context.Context, tx *sql.Tx, h historyRow) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO kiosk_history (kiosk_id, event, centre_id, counter_id, hostname,
		app_version, remote, actor, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		h.kioskID, h.event, h.centreID, h.counterID, h.hostname, h.appVersion, h.remote, scoring.ActorFrom(ctx), ms(auditAt(h.at)))
	if err != nil {
		return fmt.Errorf("kiosk history of %s: %w", h.kioskID, err)
	}
	return nil
}

// RecordAudit appends one entry to the audit trail in a transaction of its
// own. An empty actor is taken from ctx.
func (s *Store) RecordAudit(ctx context.Context, e scoring.AuditEntry) error {
	if e.Actor == "" {
		e.Actor = scoring.ActorFrom(ctx)
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO audit (at_ms, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
			ms(auditAt(e.At)), e.Actor, e.Action, e.Subject, e.Detail)
		return err
	})
	if err != nil {
		return fmt.Errorf("record audit %s %s: %w", e.Action, e.Subject, err)
	}
	return nil
}

// AuditTrail lists the audit trail in the order it was written.
func (s *Store) AuditTrail(ctx context.Context, f scoring.AuditFilter) ([]scoring.AuditEntry, error) {
	q := "SELECT at_ms, actor, action, subject, detail FROM audit WHERE at_ms >= ?"
	args := []any{ms(f.Since)}
	if f.Since.IsZero() {
		args[0] = int64(-1 << 62)
	}
	if f.Subject != "" {
		q += " AND subject = ?"
		args = append(args, f.Subject)
	}
	q += " ORDER BY id"
	var out []scoring.AuditEntry
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e scoring.AuditEntry
			var at int64
			if err := rows.Scan(&at, &e.Actor, &e.Action, &e.Subject, &e.Detail); err != nil {
				return err
			}
			e.At = time.UnixMilli(at).UTC()
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("audit trail: %w", err)
	}
	return out, nil
}
