package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"hailong/kiosk/scoring"
)

// Dashboard users (scoring.UserStore, migration 0005). Sessions and the
// sign-in lock are in signin.go.

var _ scoring.UserStore = (*Store)(nil)

// nullString stores "" as NULL (a user's centre_id).
func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// userID returns the row id of a user. scoring.ErrNotFound when none.
func userID(ctx context.Context, tx *sql.Tx, email string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM users WHERE email = ?", email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("user %s: %w", email, scoring.ErrNotFound)
	}
	return id, err
}

// checkCentre fails with scoring.ErrNotFound when a user's centre does
// not exist ("" is no centre).
func checkCentre(ctx context.Context, tx *sql.Tx, centreID string) error {
	if centreID == "" {
		return nil
	}
	ok, err := exists(ctx, tx, "SELECT 1 FROM centres WHERE id = ?", centreID)
	if err == nil && !ok {
		err = fmt.Errorf("centre %s: %w", centreID, scoring.ErrNotFound)
	}
	return err
}

// CreateUser adds a user.
func (s *Store) CreateUser(ctx context.Context, u scoring.User) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, "SELECT 1 FROM users WHERE email = ?", u.Email); err != nil || ok {
			if err == nil {
				err = scoring.ErrUserExists
			}
			return err
		}
		if err := checkCentre(ctx, tx, u.CentreID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO users (email, name, role, centre_id, password_hash, disabled, created_ms, updated_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			u.Email, u.Name, string(u.Role), nullString(u.CentreID), u.PasswordHash, u.Disabled, ms(u.CreatedAt), ms(u.UpdatedAt))
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, u.CreatedAt, scoring.ActUserAdd, scoring.SubjectUser(u.Email),
			map[string]any{"name": u.Name, "role": u.Role, "centre": u.CentreID})
	})
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.Email, err)
	}
	return nil
}

// UpdateUser changes a user's name, role and centre.
func (s *Store) UpdateUser(ctx context.Context, u scoring.User) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		var oldName, oldRole string
		var oldCentre sql.NullString
		err := tx.QueryRowContext(ctx, "SELECT name, role, centre_id FROM users WHERE email = ?", u.Email).Scan(&oldName, &oldRole, &oldCentre)
		if errors.Is(err, sql.ErrNoRows) {
			return scoring.ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := checkCentre(ctx, tx, u.CentreID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE users SET name = ?, role = ?, centre_id = ?, updated_ms = ? WHERE email = ?",
			u.Name, string(u.Role), nullString(u.CentreID), ms(u.UpdatedAt), u.Email)
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, u.UpdatedAt, scoring.ActUserUpdate, scoring.SubjectUser(u.Email), map[string]any{
			"name": u.Name, "role": u.Role, "centre": u.CentreID,
			"previous_name": oldName, "previous_role": oldRole, "previous_centre": oldCentre.String})
	})
	if err != nil {
		return fmt.Errorf("update user %s: %w", u.Email, err)
	}
	return nil
}

// userColumns are what scanUser reads, from users u left-joined with
// sign_in_locks l.
const userColumns = `u.email, u.name, u.role, coalesce(u.centre_id, ''), u.password_hash, u.disabled,
	u.created_ms, u.updated_ms, u.last_sign_in_ms, l.until_ms`

const userFrom = " FROM users u LEFT JOIN sign_in_locks l ON l.email = u.email"

type rowScanner interface{ Scan(...any) error }

func scanUser(r rowScanner, extra ...any) (scoring.User, error) {
	var u scoring.User
	var role string
	var created, updated int64
	var lastSignIn, lockedUntil sql.NullInt64
	dest := append([]any{&u.Email, &u.Name, &role, &u.CentreID, &u.PasswordHash, &u.Disabled,
		&created, &updated, &lastSignIn, &lockedUntil}, extra...)
	if err := r.Scan(dest...); err != nil {
		return u, err
	}
	u.Role = scoring.Role(role)
	u.CreatedAt, u.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	u.LastSignInAt, u.LockedUntil = fromMS(lastSignIn), fromMS(lockedUntil)
	return u, nil
}

// UserByEmail returns one user.
func (s *Store) UserByEmail(ctx context.Context, email string) (scoring.User, error) {
	var u scoring.User
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx, "SELECT "+userColumns+userFrom+" WHERE u.email = ?", email))
		if errors.Is(err, sql.ErrNoRows) {
			return scoring.ErrNotFound
		}
		return err
	})
	if err != nil {
		return scoring.User{}, fmt.Errorf("user %s: %w", email, err)
	}
	return u, nil
}

// Users lists every user by email.
func (s *Store) Users(ctx context.Context) ([]scoring.User, error) {
	var out []scoring.User
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+userColumns+userFrom+" ORDER BY u.email")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// SetDisabled disables or enables a user; disabling ends their sessions.
func (s *Store) SetDisabled(ctx context.Context, email string, disabled bool, at time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		id, err := userID(ctx, tx, email)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET disabled = ?, updated_ms = ? WHERE id = ?", disabled, ms(at), id); err != nil {
			return err
		}
		if !disabled {
			return appendAudit(ctx, tx, at, scoring.ActUserEnable, scoring.SubjectUser(email), nil)
		}
		n, err := deleteSessionsOf(ctx, tx, id)
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, at, scoring.ActUserDisable, scoring.SubjectUser(email), map[string]any{"sessions_ended": n})
	})
	if err != nil {
		return fmt.Errorf("set user %s disabled=%v: %w", email, disabled, err)
	}
	return nil
}

// SetPasswordHash replaces a user's password hash and ends their sessions.
// The hash stays out of the audit trail.
func (s *Store) SetPasswordHash(ctx context.Context, email, hash string, at time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		id, err := userID(ctx, tx, email)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = ?, updated_ms = ? WHERE id = ?", hash, ms(at), id); err != nil {
			return err
		}
		n, err := deleteSessionsOf(ctx, tx, id)
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, at, scoring.ActUserSetPassword, scoring.SubjectUser(email), map[string]any{"sessions_ended": n})
	})
	if err != nil {
		return fmt.Errorf("set password of %s: %w", email, err)
	}
	return nil
}
