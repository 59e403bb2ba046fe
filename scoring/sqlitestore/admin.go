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

// hoursName is a centre's opening hours as the audit trail shows them.
func hoursName(h string) string {
	if h == "" {
		return "default: " + scoring.DefaultOpeningHours().String()
	}
	return h
}

// zoneName is a centre's time zone, "" being the default one.
func zoneName(z string) string {
	if z == "" {
		return scoring.DefaultTimeZone
	}
	return z
}

// SaveCentre adds or replaces a centre.
func (s *Store) SaveCentre(ctx context.Context, c scoring.Centre) (created bool, err error) {
	reasons, mapping, err := centreLists(c)
	if err != nil {
		return false, fmt.Errorf("save centre %s: %w", c.ID, err)
	}
	if _, err := scoring.LoadZone(c.TimeZone); err != nil {
		return false, fmt.Errorf("save centre %s: %w", c.ID, err)
	}
	if err := c.Hours.Check(); err != nil {
		return false, fmt.Errorf("save centre %s: %w", c.ID, err)
	}
	if err := scoring.CheckWebhookURL(c.Webhook); err != nil {
		return false, fmt.Errorf("save centre %s: %w", c.ID, err)
	}
	hours := c.Hours.String()
	err = s.write(ctx, func(tx *sql.Tx) error {
		// A centre not stored yet has had its responses, if any, counted
		// in the default zone ("").
		var oldName, oldScale, oldZone, oldHours, oldWebhook string
		err := tx.QueryRowContext(ctx, "SELECT name, scale, time_zone, opening_hours, webhook_url FROM centres WHERE id = ?", c.ID).
			Scan(&oldName, &oldScale, &oldZone, &oldHours, &oldWebhook)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		created = err != nil
		_, err = tx.ExecContext(ctx, `INSERT INTO centres (id, name, scale, technician_pin_hash, manager_pin_hash, reasons, mapping, time_zone,
				opening_hours, webhook_url, updated_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, scale = excluded.scale,
				technician_pin_hash = excluded.technician_pin_hash, manager_pin_hash = excluded.manager_pin_hash,
				reasons = excluded.reasons, mapping = excluded.mapping, time_zone = excluded.time_zone,
				opening_hours = excluded.opening_hours, webhook_url = excluded.webhook_url, updated_ms = excluded.updated_ms`,
			c.ID, c.Name, c.Scale, c.TechnicianPINHash, c.ManagerPINHash, reasons, mapping, c.TimeZone, hours, c.Webhook, ms(c.UpdatedAt))
		if err != nil {
			return err
		}
		// Another zone moves the centre's responses to other days and
		// hours: its rollups are rebuilt in this transaction, so that they
		// are never counted in two zones.
		if zoneName(c.TimeZone) != zoneName(oldZone) {
			if _, err := rebuildRollups(ctx, tx, []string{c.ID}); err != nil {
				return err
			}
		}
		// PINs are set anew by every save; their hashes stay out of the
		// trail, and so does the webhook's path (chat tools put their
		// tokens there): only its host shows.
		detail := map[string]any{"name": c.Name, "scale": c.Scale, "manager_pin": c.ManagerPINHash != "",
			"reasons": len(c.Reasons), "mapping": c.Mapping, "time_zone": zoneName(c.TimeZone),
			"opening_hours": hoursName(hours), "webhook": scoring.RedactWebhook(c.Webhook)}
		action := scoring.ActCentreUpdate
		if created {
			action = scoring.ActCentreAdd
		} else {
			detail["previous_name"], detail["previous_scale"], detail["previous_time_zone"] = oldName, oldScale, zoneName(oldZone)
			detail["previous_opening_hours"] = hoursName(oldHours)
			if oldWebhook != c.Webhook {
				// Another URL on the same host would otherwise look unchanged.
				detail["webhook_changed"] = true
				detail["previous_webhook"] = scoring.RedactWebhook(oldWebhook)
			}
		}
		return appendAudit(ctx, tx, c.UpdatedAt, action, scoring.SubjectCentre(c.ID), detail)
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
		var oldName, oldTitle string
		err := tx.QueryRowContext(ctx, "SELECT name, title FROM officers WHERE centre_id = ? AND id = ?", o.CentreID, o.ID).
			Scan(&oldName, &oldTitle)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		created = err != nil
		_, err = tx.ExecContext(ctx, `INSERT INTO officers (centre_id, id, name, title, pin_hash, updated_ms)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (centre_id, id) DO UPDATE SET name = excluded.name, title = excluded.title,
				pin_hash = excluded.pin_hash, updated_ms = excluded.updated_ms`,
			o.CentreID, o.ID, o.Name, o.Title, o.PINHash, ms(o.UpdatedAt))
		if err != nil {
			return err
		}
		detail := map[string]any{"name": o.Name, "title": o.Title, "photo": o.Photo != nil}
		action := scoring.ActOfficerAdd
		if !created {
			action = scoring.ActOfficerUpdate
			detail["previous_name"], detail["previous_title"] = oldName, oldTitle
		}
		if err := appendAudit(ctx, tx, o.UpdatedAt, action, scoring.SubjectOfficer(o.CentreID, o.ID), detail); err != nil || o.Photo == nil {
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
		var err error
		c, err = scanCentre(tx.QueryRowContext(ctx, "SELECT "+centreColumns+" FROM centres WHERE id = ?", centreID))
		if errors.Is(err, sql.ErrNoRows) {
			return scoring.ErrNotFound
		}
		if err != nil {
			return err
		}
		var upd int64
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

// centreColumns are the columns scanCentre reads, in its order.
const centreColumns = "id, name, scale, technician_pin_hash, manager_pin_hash, reasons, mapping, time_zone, opening_hours, webhook_url, updated_ms"

// scanCentre reads a centre from a row of centreColumns.
func scanCentre(row interface{ Scan(...any) error }) (scoring.Centre, error) {
	var c scoring.Centre
	var reasons, mapping, hours string
	var upd int64
	if err := row.Scan(&c.ID, &c.Name, &c.Scale, &c.TechnicianPINHash, &c.ManagerPINHash, &reasons, &mapping, &c.TimeZone,
		&hours, &c.Webhook, &upd); err != nil {
		return c, err
	}
	c.UpdatedAt = time.UnixMilli(upd).UTC()
	if hours != "" {
		h, err := scoring.ParseOpeningHours(hours)
		if err != nil {
			return c, fmt.Errorf("opening hours of centre %s: %w", c.ID, err)
		}
		c.Hours = h
	}
	return c, readCentreLists(&c, reasons, mapping)
}

// Centres lists every centre ordered by id, without officers.
func (s *Store) Centres(ctx context.Context) ([]scoring.Centre, error) {
	var out []scoring.Centre
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+centreColumns+" FROM centres ORDER BY id")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCentre(rows)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("centres: %w", err)
	}
	return out, nil
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
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, c.CreatedAt, scoring.ActEnrolCodeCreate, scoring.SubjectEnrolCode(c.Hash),
			map[string]any{"centre": c.CentreID, "counter": c.CounterID, "expires_at": c.ExpiresAt.UTC().Format(time.RFC3339)})
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
		var prev struct {
			centre, counter, hostname string
			enrolled                  int64
			revoked                   sql.NullInt64
		}
		err = tx.QueryRowContext(ctx, "SELECT centre_id, counter_id, hostname, enrolled_ms, revoked_ms FROM kiosks WHERE id = ?", e.KioskID).
			Scan(&prev.centre, &prev.counter, &prev.hostname, &prev.enrolled, &prev.revoked)
		reEnrol := err == nil
		if reEnrol && prev.centre != k.CentreID {
			return scoring.ErrKioskTaken
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// A second active kiosk at a counter, or a new token for an
		// active kiosk, may be a take-over with another code of the
		// centre: the trail names what was there.
		others, err := activeAtCounter(ctx, tx, k.CentreID, k.CounterID, e.KioskID)
		if err != nil {
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
		if _, err := tx.ExecContext(ctx, "UPDATE enrol_codes SET used_ms = ?, used_by = ? WHERE code_hash = ?", ms(e.At), e.KioskID, e.CodeHash); err != nil {
			return err
		}
		detail := map[string]any{"centre": k.CentreID, "counter": k.CounterID, "hostname": e.Hostname,
			"app_version": e.AppVersion, "remote": e.Remote, "code": scoring.CodeRef(e.CodeHash)}
		if len(others) > 0 {
			detail["other_active_kiosks_at_counter"] = others
		}
		action, event := scoring.ActKioskEnrol, historyEnrol
		if reEnrol {
			action, event = scoring.ActKioskReEnrol, historyReEnrol
			detail["previous_counter"], detail["previous_hostname"] = prev.counter, prev.hostname
			detail["previous_enrolled_at"] = fromMS(sql.NullInt64{Int64: prev.enrolled, Valid: true}).Format(time.RFC3339)
			detail["previous_active"] = !prev.revoked.Valid
		}
		if err := appendAudit(ctx, tx, e.At, action, scoring.SubjectKiosk(e.KioskID), detail); err != nil {
			return err
		}
		return appendHistory(ctx, tx, historyRow{kioskID: e.KioskID, event: event, centreID: k.CentreID, counterID: k.CounterID,
			hostname: e.Hostname, appVersion: e.AppVersion, remote: e.Remote, at: e.At})
	})
	if err != nil {
		// The code's centre and counter, when known, go back with the error.
		return k, fmt.Errorf("enrol: %w", err)
	}
	return k, nil
}

// activeAtCounter lists the active kiosks of a centre's counter other
// than except.
func activeAtCounter(ctx context.Context, tx *sql.Tx, centre, counter, except string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM kiosks WHERE centre_id = ? AND counter_id = ? AND revoked_ms IS NULL
		AND id != ? ORDER BY id`, centre, counter, except)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
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
		var centre, counter string
		var revoked sql.NullInt64
		err := tx.QueryRowContext(ctx, "SELECT centre_id, counter_id, revoked_ms FROM kiosks WHERE id = ?", kioskID).
			Scan(&centre, &counter, &revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return scoring.ErrNotFound
		}
		if err != nil {
			return err
		}
		detail := map[string]any{"centre": centre, "counter": counter}
		if revoked.Valid { // revoking twice keeps the first time
			detail["already_revoked_at"] = fromMS(revoked).Format(time.RFC3339)
			return appendAudit(ctx, tx, at, scoring.ActKioskRevoke, scoring.SubjectKiosk(kioskID), detail)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE kiosks SET revoked_ms = ? WHERE id = ?", ms(at), kioskID); err != nil {
			return err
		}
		if err := appendAudit(ctx, tx, at, scoring.ActKioskRevoke, scoring.SubjectKiosk(kioskID), detail); err != nil {
			return err
		}
		return appendHistory(ctx, tx, historyRow{kioskID: kioskID, event: historyRevoke, centreID: centre, counterID: counter, at: at})
	})
	if err != nil {
		return fmt.Errorf("revoke kiosk %s: %w", kioskID, err)
	}
	return nil
}

// RecordHeartbeat stores a kiosk's last heartbeat, and its checks when it
// carries any (kioskchecks.go).
func (s *Store) RecordHeartbeat(ctx context.Context, h scoring.HeartbeatRecord) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE kiosks SET app_version = ?, heartbeat_ms = ?, pending = ?,
			oldest_pending_ms = ?, last_error = ?, disk_free = ?, clock_skew_ms = ?, reported_last_seq = ?,
			last_seen_ms = ? WHERE id = ?`,
			h.AppVersion, ms(h.ReceivedAt), h.Pending, nullMS(h.OldestPendingAt), h.LastError, h.DiskFree,
			h.KioskClock.Sub(h.ReceivedAt).Milliseconds(), h.LastSeq, ms(h.ReceivedAt), h.KioskID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 || h.Checks == nil {
			return err // an unknown kiosk has nothing to check
		}
		return replaceChecks(ctx, tx, h.KioskID, h.Checks, h.ReceivedAt)
	})
	if err != nil {
		return fmt.Errorf("record heartbeat of kiosk %s: %w", h.KioskID, err)
	}
	return nil
}
