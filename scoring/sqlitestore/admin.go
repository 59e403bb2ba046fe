package sqlitestore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"hailong/kiosk/scoring"
)

// ms is an instant as stored: UTC Unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// nullMS stores the zero time as NULL.
func nullMS(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

// fromMS reads a stored instant; NULL is the zero time.
func fromMS(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.UnixMilli(n.Int64).UTC()
}

// exists reports whether query (a SELECT 1 …) returns a row.
func exists(ctx context.Context, tx *sql.Tx, query string, args ...any) (bool, error) {
	var one int
	err := tx.QueryRowContext(ctx, query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// SaveCentre adds or replaces a centre.
func (s *Store) SaveCentre(ctx context.Context, c scoring.Centre) (created bool, err error) {
	reasons, mapping, err := centreLists(c)
	if err != nil {
		return false, fmt.Errorf("save centre %s: %w", c.ID, err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		found, err := exists(ctx, tx, "SELECT 1 FROM centres WHERE id = ?", c.ID)
		if err != nil {
			return err
		}
		created = !found
		_, err = tx.ExecContext(ctx, `INSERT INTO centres (id, name, scale, technician_pin_hash, manager_pin_hash, reasons, mapping, updated_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, scale = excluded.scale,
				technician_pin_hash = excluded.technician_pin_hash, manager_pin_hash = excluded.manager_pin_hash,
				reasons = excluded.reasons, mapping = excluded.mapping, updated_ms = excluded.updated_ms`,
			c.ID, c.Name, c.Scale, c.TechnicianPINHash, c.ManagerPINHash, reasons, mapping, ms(c.UpdatedAt))
		return err
	})
	if err != nil {
		return false, fmt.Errorf("save centre %s: %w", c.ID, err)
	}
	return created, nil
}

// SaveOfficer adds or replaces an officer of a centre's roster.
func (s *Store) SaveOfficer(ctx context.Context, o scoring.Officer) (created bool, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, "SELECT 1 FROM centres WHERE id = ?", o.CentreID); err != nil || !ok {
			if err == nil {
				err = fmt.Errorf("centre %s: %w", o.CentreID, scoring.ErrNotFound)
			}
			return err
		}
		found, err := exists(ctx, tx, "SELECT 1 FROM officers WHERE centre_id = ? AND id = ?", o.CentreID, o.ID)
		if err != nil {
			return err
		}
		created = !found
		_, err = tx.ExecContext(ctx, `INSERT INTO officers (centre_id, id, name, title, pin_hash, updated_ms)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (centre_id, id) DO UPDATE SET name = excluded.name, title = excluded.title,
				pin_hash = excluded.pin_hash, updated_ms = excluded.updated_ms`,
			o.CentreID, o.ID, o.Name, o.Title, o.PINHash, ms(o.UpdatedAt))
		if err != nil || o.Photo == nil {
			return err
		}
		sum := sha256.Sum256(o.Photo.Data)
		_, err = tx.ExecContext(ctx, "UPDATE officers SET photo = ?, photo_type = ?, photo_sha = ? WHERE centre_id = ? AND id = ?",
			o.Photo.Data, o.Photo.ContentType, hex.EncodeToString(sum[:]), o.CentreID, o.ID)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("save officer %s of centre %s: %w", o.ID, o.CentreID, err)
	}
	return created, nil
}

// Roster returns a centre and its officers, by id, without photo bytes.
func (s *Store) Roster(ctx context.Context, centreID string) (c scoring.Centre, officers []scoring.Officer, err error) {
	err = s.read(ctx, func(tx *sql.Tx) error {
		var upd int64
		var reasons, mapping string
		err := tx.QueryRowContext(ctx, `SELECT id, name, scale, technician_pin_hash, manager_pin_hash, reasons, mapping, updated_ms
			FROM centres WHERE id = ?`, centreID).
			Scan(&c.ID, &c.Name, &c.Scale, &c.TechnicianPINHash, &c.ManagerPINHash, &reasons, &mapping, &upd)
		if errors.Is(err, sql.ErrNoRows) {
			return scoring.ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := readCentreLists(&c, reasons, mapping); err != nil {
			return err
		}
		c.UpdatedAt = time.UnixMilli(upd).UTC()
		rows, err := tx.QueryContext(ctx, `SELECT id, name, title, pin_hash, photo_sha, updated_ms
			FROM officers WHERE centre_id = ? ORDER BY id`, centreID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			o := scoring.Officer{CentreID: centreID}
			if err := rows.Scan(&o.ID, &o.Name, &o.Title, &o.PINHash, &o.PhotoSHA, &upd); err != nil {
				return err
			}
			o.UpdatedAt = time.UnixMilli(upd).UTC()
			officers = append(officers, o)
		}
		return rows.Err()
	})
	if err != nil {
		return scoring.Centre{}, nil, fmt.Errorf("roster of centre %s: %w", centreID, err)
	}
	return c, officers, nil
}

// Photo returns an officer's photo.
func (s *Store) Photo(ctx context.Context, centreID, officerID string) (scoring.Photo, error) {
	var p scoring.Photo
	err := s.r.QueryRowContext(ctx, `SELECT photo_type, photo FROM officers
		WHERE centre_id = ? AND id = ? AND photo IS NOT NULL`, centreID, officerID).Scan(&p.ContentType, &p.Data)
	if errors.Is(err, sql.ErrNoRows) {
		err = scoring.ErrNotFound
	}
	if err != nil {
		return scoring.Photo{}, fmt.Errorf("photo of officer %s: %w", officerID, mapErr(err))
	}
	return p, nil
}

// CreateEnrolCode stores a new enrolment code's hash.
func (s *Store) CreateEnrolCode(ctx context.Context, c scoring.EnrolCode) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, "SELECT 1 FROM centres WHERE id = ?", c.CentreID); err != nil || !ok {
			if err == nil {
				err = fmt.Errorf("centre %s: %w", c.CentreID, scoring.ErrNotFound)
			}
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO enrol_codes (code_hash, centre_id, counter_id, created_ms, expires_ms)
			VALUES (?, ?, ?, ?, ?)`, c.Hash, c.CentreID, c.CounterID, ms(c.CreatedAt), ms(c.ExpiresAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("create enrolment code: %w", err)
	}
	return nil
}

// Enrol spends an enrolment code and registers the kiosk with a new token.
func (s *Store) Enrol(ctx context.Context, e scoring.Enrolment) (scoring.Kiosk, error) {
	k := scoring.Kiosk{ID: e.KioskID}
	err := s.write(ctx, func(tx *sql.Tx) error {
		var expires int64
		var used sql.NullInt64
		err := tx.QueryRowContext(ctx, "SELECT centre_id, counter_id, expires_ms, used_ms FROM enrol_codes WHERE code_hash = ?",
			e.CodeHash).Scan(&k.CentreID, &k.CounterID, &expires, &used)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return scoring.ErrCodeUnknown
		case err != nil:
			return err
		case used.Valid:
			return scoring.ErrCodeUsed
		case ms(e.At) >= expires:
			return scoring.ErrCodeExpired
		}
		var centre string
		err = tx.QueryRowContext(ctx, "SELECT centre_id FROM kiosks WHERE id = ?", e.KioskID).Scan(&centre)
		if err == nil && centre != k.CentreID {
			return scoring.ErrKioskTaken
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO kiosks (id, centre_id, counter_id, hostname, token_hash, enrolled_ms, app_version, last_seen_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET counter_id = excluded.counter_id, hostname = excluded.hostname,
				token_hash = excluded.token_hash, enrolled_ms = excluded.enrolled_ms, revoked_ms = NULL,
				app_version = excluded.app_version, last_seen_ms = excluded.last_seen_ms`,
			e.KioskID, k.CentreID, k.CounterID, e.Hostname, e.TokenHash, ms(e.At), e.AppVersion, ms(e.At)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE enrol_codes SET used_ms = ?, used_by = ? WHERE code_hash = ?", ms(e.At), e.KioskID, e.CodeHash)
		return err
	})
	if err != nil {
		return scoring.Kiosk{}, fmt.Errorf("enrol: %w", err)
	}
	return k, nil
}

// KioskByToken returns the active kiosk a token hash belongs to.
func (s *Store) KioskByToken(ctx context.Context, tokenHash string) (scoring.Kiosk, error) {
	var k scoring.Kiosk
	var revoked sql.NullInt64
	err := s.r.QueryRowContext(ctx, "SELECT id, centre_id, counter_id, revoked_ms FROM kiosks WHERE token_hash = ?", tokenHash).
		Scan(&k.ID, &k.CentreID, &k.CounterID, &revoked)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && revoked.Valid) {
		return scoring.Kiosk{}, scoring.ErrUnauthorized
	}
	if err != nil {
		return scoring.Kiosk{}, fmt.Errorf("look up token: %w", mapErr(err))
	}
	return k, nil
}

// RevokeKiosk revokes a kiosk's token; revoking twice keeps the first time.
func (s *Store) RevokeKiosk(ctx context.Context, kioskID string, at time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE kiosks SET revoked_ms = coalesce(revoked_ms, ?) WHERE id = ?", ms(at), kioskID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = scoring.ErrNotFound
			}
			return err
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("revoke kiosk %s: %w", kioskID, err)
	}
	return nil
}

// RecordHeartbeat stores a kiosk's last heartbeat.
func (s *Store) RecordHeartbeat(ctx context.Context, h scoring.HeartbeatRecord) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE kiosks SET app_version = ?, heartbeat_ms = ?, pending = ?,
			oldest_pending_ms = ?, last_error = ?, disk_free = ?, clock_skew_ms = ?, reported_last_seq = ?,
			last_seen_ms = ? WHERE id = ?`,
			h.AppVersion, ms(h.ReceivedAt), h.Pending, nullMS(h.OldestPendingAt), h.LastError, h.DiskFree,
			h.KioskClock.Sub(h.ReceivedAt).Milliseconds(), h.LastSeq, ms(h.ReceivedAt), h.KioskID)
		return err
	})
	if err != nil {
		return fmt.Errorf("record heartbeat of kiosk %s: %w", h.KioskID, err)
	}
	return nil
}
