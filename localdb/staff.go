package localdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"hailong/kiosk/survey"
)

// ErrNotOpen means an invitation was already used or expired.
var ErrNotOpen = errors.New("invitation is not open")

// RecordInvitation stores a new invitation. ID and ExpiresAt are required;
// an empty Status means open and a zero CreatedAt means now.
func (db *DB) RecordInvitation(ctx context.Context, inv survey.Invitation) error {
	if inv.Status == "" {
		inv.Status = survey.InvitationOpen
	}
	if inv.CreatedAt.IsZero() {
		inv.CreatedAt = db.clock.Now()
	}
	switch {
	case inv.ID == "":
		return errors.New("record invitation: empty id")
	case inv.ExpiresAt.IsZero():
		return fmt.Errorf("record invitation %s: no expiry", inv.ID)
	case !validInvitationStatus(inv.Status):
		return fmt.Errorf("record invitation %s: unknown status %q", inv.ID, inv.Status)
	}
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO invitations
			(id, source, officer_id, ticket, dossier_code, created_at, expires_at, status, response_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			inv.ID, inv.Source, inv.OfficerID, inv.Ticket, inv.DossierCode, formatLocal(inv.CreatedAt),
			formatLocal(inv.ExpiresAt), inv.Status, inv.ResponseID)
		return err
	})
	if err != nil {
		return fmt.Errorf("record invitation %s: %w", inv.ID, err)
	}
	return nil
}

// CloseInvitation marks an open invitation used by the response responseID,
// or expired (with no response). Closing an unknown invitation fails with
// ErrNotFound, one already closed with ErrNotOpen. A zero at means now.
func (db *DB) CloseInvitation(ctx context.Context, id, status, responseID string, at time.Time) error {
	if at.IsZero() {
		at = db.clock.Now()
	}
	switch {
	case status == survey.InvitationUsed && responseID == "":
		return fmt.Errorf("close invitation %s: used without a response id", id)
	case status == survey.InvitationExpired && responseID != "":
		return fmt.Errorf("close invitation %s: expired with a response id", id)
	case status != survey.InvitationUsed && status != survey.InvitationExpired:
		return fmt.Errorf("close invitation %s: cannot close as %q", id, status)
	}
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		var current string
		err := tx.QueryRowContext(ctx, "SELECT status FROM invitations WHERE id = ?", id).Scan(&current)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if current != survey.InvitationOpen {
			return fmt.Errorf("%w (it is %s)", ErrNotOpen, current)
		}
		_, err = tx.ExecContext(ctx,
			"UPDATE invitations SET status = ?, response_id = ?, closed_at = ? WHERE id = ?",
			status, responseID, formatLocal(at), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("close invitation %s: %w", id, err)
	}
	return nil
}

// Invitation returns the invitation with this id, or ErrNotFound.
func (db *DB) Invitation(ctx context.Context, id string) (survey.Invitation, error) {
	var inv survey.Invitation
	err := db.withReadTx(ctx, func(tx *sql.Tx) error {
		var created, expires string
		err := tx.QueryRowContext(ctx, `SELECT id, source, officer_id, ticket, dossier_code, created_at,
			expires_at, status, response_id FROM invitations WHERE id = ?`, id).Scan(
			&inv.ID, &inv.Source, &inv.OfficerID, &inv.Ticket, &inv.DossierCode, &created, &expires, &inv.Status, &inv.ResponseID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if inv.CreatedAt, err = parseLocal(created); err != nil {
			return err
		}
		inv.ExpiresAt, err = parseLocal(expires)
		return err
	})
	if err != nil {
		return survey.Invitation{}, fmt.Errorf("invitation %s: %w", id, err)
	}
	return inv, nil
}

func validInvitationStatus(s string) bool {
	return s == survey.InvitationOpen || s == survey.InvitationUsed || s == survey.InvitationExpired
}

// RecordShift appends a sign-in or sign-out event. A zero At means now.
func (db *DB) RecordShift(ctx context.Context, e survey.ShiftEvent) error {
	if e.At.IsZero() {
		e.At = db.clock.Now()
	}
	if e.OfficerID == "" {
		return errors.New("record shift: empty officer id")
	}
	if e.Kind != survey.ShiftSignIn && e.Kind != survey.ShiftSignOut {
		return fmt.Errorf("record shift: unknown kind %q", e.Kind)
	}
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			"INSERT INTO shifts (officer_id, kind, source, at, at_ms) VALUES (?, ?, ?, ?, ?)",
			e.OfficerID, e.Kind, e.Source, formatLocal(e.At), e.At.UnixMilli())
		return err
	})
	if err != nil {
		return fmt.Errorf("record shift %s %s: %w", e.Kind, e.OfficerID, err)
	}
	return nil
}

// CurrentOfficer returns the officer signed in now: the officer of the last
// shift event recorded if it was a sign-in, "" if it was a sign-out.
// everSignedIn is false when no shift was ever recorded. The last event is
// the last one recorded, whatever its timestamp, so a clock that jumps back
// cannot resurrect an old shift.
func (db *DB) CurrentOfficer(ctx context.Context) (officerID string, everSignedIn bool, err error) {
	err = db.withReadTx(ctx, func(tx *sql.Tx) error {
		var id, kind string
		err := tx.QueryRowContext(ctx,
			"SELECT officer_id, kind FROM shifts ORDER BY id DESC LIMIT 1").Scan(&id, &kind)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		everSignedIn = true
		if kind == survey.ShiftSignIn {
			officerID = id
		}
		return nil
	})
	if err != nil {
		return "", false, fmt.Errorf("current officer: %w", err)
	}
	return officerID, everSignedIn, nil
}

// PINLock returns the persisted lock-out state of one scope (a role,
// survey.TryPIN); a scope never locked has the zero state.
func (db *DB) PINLock(ctx context.Context, scope survey.PINRole) (survey.PINLock, error) {
	var p survey.PINLock
	err := db.withReadTx(ctx, func(tx *sql.Tx) error {
		var until string
		err := tx.QueryRowContext(ctx,
			"SELECT failures, locked_until FROM pin_locks WHERE scope = ?", string(scope)).Scan(&p.Failures, &until)
		if errors.Is(err, sql.ErrNoRows) || err == nil && until == "" {
			return nil
		}
		if err != nil {
			return err
		}
		p.LockedUntil, err = time.Parse(time.RFC3339Nano, until)
		return err
	})
	if err != nil {
		return survey.PINLock{}, fmt.Errorf("pin lock %s: %w", scope, err)
	}
	return p, nil
}

// SetPINLock persists the lock-out state of one scope, so a restart does
// not reset it.
func (db *DB) SetPINLock(ctx context.Context, scope survey.PINRole, p survey.PINLock) error {
	if p.Failures < 0 {
		return fmt.Errorf("set pin lock %s: negative failures %d", scope, p.Failures)
	}
	until := ""
	if !p.LockedUntil.IsZero() {
		until = p.LockedUntil.UTC().Format(time.RFC3339Nano)
	}
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO pin_locks (scope, failures, locked_until) VALUES (?, ?, ?)
			 ON CONFLICT (scope) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
			string(scope), p.Failures, until)
		return err
	})
	if err != nil {
		return fmt.Errorf("set pin lock %s: %w", scope, err)
	}
	return nil
}

// formatLocal writes t as the kiosk records times: RFC 3339, milliseconds,
// with its UTC offset.
func formatLocal(t time.Time) string { return t.Format(survey.TimeLayout) }

func parseLocal(s string) (time.Time, error) {
	t, err := time.Parse(survey.TimeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("parse time %q: %w", s, err)
	}
	return t, nil
}
