package localdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"hailong/kiosk/protocol"
)

// Enrolment is what `kiosk enrol` stores in the kiosk's database: where to
// upload, the token, the extra CA, and the last configuration from the
// server with its ETag.
type Enrolment struct {
	Server string
	Token  string
	CAFile string // a PEM file of extra trusted CAs, "" for none
	Config protocol.KioskConfig
	ETag   string
}

// Enrolment reads the enrolment in one read transaction; ok is false for a
// kiosk never enrolled.
func (db *DB) Enrolment(ctx context.Context) (e Enrolment, ok bool, err error) {
	var raw string
	err = db.withReadTx(ctx, func(tx *sql.Tx) error {
		for key, dst := range map[string]*string{MetaServerURL: &e.Server, MetaToken: &e.Token,
			MetaCAFile: &e.CAFile, MetaConfigETag: &e.ETag, MetaConfigJSON: &raw} {
			err := tx.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(dst)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Enrolment{}, false, fmt.Errorf("read enrolment: %w", err)
	}
	if e.Server == "" || e.Token == "" {
		return e, false, nil
	}
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &e.Config); err != nil {
			return e, false, fmt.Errorf("read enrolment: the stored configuration: %w", err)
		}
	}
	return e, true, nil
}

// SaveEnrolment stores every field of e in one transaction: a kiosk is
// enrolled with all of it, or not at all (a token without its server, or a
// server without its configuration, would upload nowhere or run on
// nothing).
func (db *DB) SaveEnrolment(ctx context.Context, e Enrolment) error {
	raw, err := json.Marshal(e.Config)
	if err != nil {
		return fmt.Errorf("save enrolment: %w", err)
	}
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		return setMetas(ctx, tx, map[string]string{MetaServerURL: e.Server, MetaToken: e.Token, MetaCAFile: e.CAFile,
			MetaConfigJSON: string(raw), MetaConfigETag: e.ETag})
	})
	if err != nil {
		return fmt.Errorf("save enrolment: %w", err)
	}
	return nil
}

// SaveServerConfig stores a configuration from the server and its ETag in
// one transaction, so the ETag always names the configuration stored.
func (db *DB) SaveServerConfig(ctx context.Context, cfg protocol.KioskConfig, etag string) error {
	raw, err := json.Marshal(cfg)
	if err != nil {
		return fmt.Errorf("save configuration: %w", err)
	}
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		return setMetas(ctx, tx, map[string]string{MetaConfigJSON: string(raw), MetaConfigETag: etag})
	})
	if err != nil {
		return fmt.Errorf("save configuration: %w", err)
	}
	return nil
}

func setMetas(ctx context.Context, tx *sql.Tx, kv map[string]string) error {
	for k, v := range kv {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
			return fmt.Errorf("meta %q: %w", k, err)
		}
	}
	return nil
}
