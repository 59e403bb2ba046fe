package localdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
)

// Meta keys the kiosk keeps beside its responses: where and how it uploads,
// and the configuration the server gave it.
const (
	MetaServerURL  = "server_url"  // the scoring server's base URL
	MetaToken      = "token"       // the bearer token from enrolment
	MetaCAFile     = "ca_file"     // a PEM file of extra trusted CAs, "" for none
	MetaConfigJSON = "config_json" // the last protocol.KioskConfig applied
	MetaConfigETag = "config_etag" // its ETag, for If-None-Match
)

// Keys Open writes, and the longest key SetMeta takes.
const (
	metaKioskID      = "kiosk_id"
	metaCreatedAt    = "created_at"
	maxMetaKeyLength = 64
)

// reservedMeta are written once by Open; SetMeta refuses them, because
// changing the kiosk id would break the hash chain the server verifies.
var reservedMeta = []string{metaKioskID, metaCreatedAt}

// ErrReservedMeta means SetMeta was asked to change a key only Open writes.
var ErrReservedMeta = errors.New("reserved meta key")

// Meta returns the value stored under key; ok is false when there is none.
func (db *DB) Meta(ctx context.Context, key string) (value string, ok bool, err error) {
	err = db.withReadTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&value)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("meta %q: %w", key, err)
	}
	return value, true, nil
}

// SetMeta stores value under key, replacing any previous value, and commits
// durably. The kiosk's own id and creation time cannot be changed.
func (db *DB) SetMeta(ctx context.Context, key, value string) error {
	if key == "" || len(key) > maxMetaKeyLength {
		return fmt.Errorf("set meta: key %q must be 1 to %d bytes", key, maxMetaKeyLength)
	}
	if slices.Contains(reservedMeta, key) {
		return fmt.Errorf("set meta %q: %w", key, ErrReservedMeta)
	}
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		return err
	})
	if err != nil {
		return fmt.Errorf("set meta %q: %w", key, err)
	}
	return nil
}
