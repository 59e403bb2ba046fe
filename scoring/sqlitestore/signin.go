package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"hailong/kiosk/scoring"
)

// Sessions and the sign-in lock (scoring.UserStore, migration 0005).

// RecordSignInFailure records a failed sign-in and locks the email when
// it reaches rule.MaxFailures within rule.Window. Old failures and ended
// locks of every email are deleted here, so the tables stay small.
func (s *Store) RecordSignInFailure(ctx context.Context, f scoring.SignInFailure, rule scoring.LockRule) (scoring.SignInLock, error) {
	var l scoring.SignInLock
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		if l, err = lockState(ctx, tx, f.Email, f.At, rule); err != nil || l.Locked(f.At) {
			return err
		}
		since := ms(f.At.Add(-rule.Window))
		if _, err := tx.ExecContext(ctx, "DELETE FROM sign_in_failures WHERE at_ms <= ?", since); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sign_in_locks WHERE until_ms <= ?", ms(f.At)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO sign_in_failures (email, at_ms) VALUES (?, ?)", f.Email, ms(f.At)); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sign_in_failures WHERE email = ? AND at_ms > ?",
			f.Email, since).Scan(&l.Failures); err != nil {
			return err
		}
		detail := map[string]any{"remote": f.Remote, "reason": f.Reason, "failures": l.Failures}
		if l.Failures >= rule.MaxFailures {
			// The failures that made the lock are spent: after it, the count
			// starts again from zero.
			l = scoring.SignInLock{LockedUntil: f.At.Add(rule.Lock)}
			if _, err := tx.ExecContext(ctx, `INSERT INTO sign_in_locks (email, until_ms) VALUES (?, ?)
				ON CONFLICT (email) DO UPDATE SET until_ms = excluded.until_ms`, f.Email, ms(l.LockedUntil)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM sign_in_failures WHERE email = ?", f.Email); err != nil {
				return err
			}
			detail["locked_until"] = l.LockedUntil.UTC().Format(time.RFC3339)
		}
		return appendAudit(ctx, tx, f.At, scoring.ActSignInFailed, scoring.SubjectUser(f.Email), detail)
	})
	if err != nil {
		return scoring.SignInLock{}, fmt.Errorf("record sign-in failure of %s: %w", f.Email, err)
	}
	return l, nil
}

// lockState reads an email's lock state at at.
func lockState(ctx context.Context, tx *sql.Tx, email string, at time.Time, rule scoring.LockRule) (scoring.SignInLock, error) {
	var l scoring.SignInLock
	var until int64
	err := tx.QueryRowContext(ctx, "SELECT until_ms FROM sign_in_locks WHERE email = ?", email).Scan(&until)
	switch {
	case err == nil:
		if u := time.UnixMilli(until).UTC(); at.Before(u) {
			l.LockedUntil = u
		}
	case !errors.Is(err, sql.ErrNoRows):
		return l, err
	}
	err = tx.QueryRowContext(ctx, "SELECT count(*) FROM sign_in_failures WHERE email = ? AND at_ms > ? AND at_ms <= ?",
		email, ms(at.Add(-rule.Window)), ms(at)).Scan(&l.Failures)
	return l, err
}

// SignInLock returns an email's lock state at at.
func (s *Store) SignInLock(ctx context.Context, email string, at time.Time, rule scoring.LockRule) (scoring.SignInLock, error) {
	var l scoring.SignInLock
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		l, err = lockState(ctx, tx, email, at, rule)
		return err
	})
	if err != nil {
		return l, fmt.Errorf("sign-in lock of %s: %w", email, err)
	}
	return l, nil
}

// CreateSession stores a new session and deletes those past their
// absolute expiry.
func (s *Store) CreateSession(ctx context.Context, se scoring.Session) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		id, err := userID(ctx, tx, se.Email)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE expires_ms <= ?", ms(se.CreatedAt)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_ms, last_seen_ms, expires_ms, remote)
			VALUES (?, ?, ?, ?, ?, ?)`, se.TokenHash, id, ms(se.CreatedAt), ms(se.LastSeenAt), ms(se.ExpiresAt), se.Remote); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET last_sign_in_ms = ? WHERE id = ?", ms(se.CreatedAt), id); err != nil {
			return err
		}
		return appendAudit(ctx, tx, se.CreatedAt, scoring.ActSignIn, scoring.SubjectUser(se.Email), map[string]any{"remote": se.Remote})
	})
	if err != nil {
		return fmt.Errorf("create session for %s: %w", se.Email, err)
	}
	return nil
}

// SessionByTokenHash returns a session and its user.
func (s *Store) SessionByTokenHash(ctx context.Context, tokenHash string) (scoring.Session, scoring.User, error) {
	var se scoring.Session
	var u scoring.User
	err := s.read(ctx, func(tx *sql.Tx) error {
		var created, lastSeen, expires int64
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx, "SELECT "+userColumns+`, s.created_ms, s.last_seen_ms, s.expires_ms, s.remote
			FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN sign_in_locks l ON l.email = u.email
			WHERE s.token_hash = ?`, tokenHash), &created, &lastSeen, &expires, &se.Remote)
		if errors.Is(err, sql.ErrNoRows) {
			return scoring.ErrNotFound
		}
		se.TokenHash, se.Email = tokenHash, u.Email
		se.CreatedAt, se.LastSeenAt, se.ExpiresAt = time.UnixMilli(created).UTC(), time.UnixMilli(lastSeen).UTC(), time.UnixMilli(expires).UTC()
		return err
	})
	if err != nil {
		return scoring.Session{}, scoring.User{}, fmt.Errorf("session: %w", err)
	}
	return se, u, nil
}

// TouchSession moves a session's last use forward to at.
func (s *Store) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE sessions SET last_seen_ms = ? WHERE token_hash = ? AND last_seen_ms < ?",
			ms(at), tokenHash, ms(at))
		return err
	})
	if err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// DeleteSession ends a session (sign-out).
func (s *Store) DeleteSession(ctx context.Context, tokenHash string, at time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		var email string
		err := tx.QueryRowContext(ctx, `DELETE FROM sessions WHERE token_hash = ?
			RETURNING (SELECT email FROM users WHERE id = sessions.user_id)`, tokenHash).Scan(&email)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, at, scoring.ActSignOut, scoring.SubjectUser(email), nil)
	})
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of a user.
func (s *Store) DeleteUserSessions(ctx context.Context, email string, at time.Time) (int, error) {
	var n int
	err := s.write(ctx, func(tx *sql.Tx) error {
		id, err := userID(ctx, tx, email)
		if err != nil {
			return err
		}
		if n, err = deleteSessionsOf(ctx, tx, id); err != nil || n == 0 {
			return err
		}
		return appendAudit(ctx, tx, at, scoring.ActSignOut, scoring.SubjectUser(email), map[string]any{"sessions_ended": n})
	})
	if err != nil {
		return 0, fmt.Errorf("end sessions of %s: %w", email, err)
	}
	return n, nil
}

// deleteSessionsOf deletes a user's sessions in tx and counts them.
func deleteSessionsOf(ctx context.Context, tx *sql.Tx, userID int64) (int, error) {
	res, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = ?", userID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
