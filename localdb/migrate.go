package localdb

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"hailong/kiosk/internal/sqlitemigrate"
)

// migrationFS holds the schema history, one file per version, named
// NNNN_description.sql. A released migration is never edited; a change is a
// new file.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrSchemaTooNew means the database was written by a newer kiosk; this one
// refuses to touch it rather than guess.
var ErrSchemaTooNew = sqlitemigrate.ErrSchemaTooNew

type migration = sqlitemigrate.Migration

// migrate brings the database to the last version in ms. Before the first
// pending migration runs on a database that holds anything, it copies the
// database aside and returns the copy's path. Each migration runs in its own
// transaction together with its schema_migrations row, so a crash leaves the
// database at a recorded version.
func migrate(ctx context.Context, db *sql.DB, path string, ms []migration, now time.Time) (backup string, err error) {
	current, objects, err := schemaVersion(ctx, db)
	if err != nil {
		return "", err
	}
	latest := len(ms)
	if current > latest {
		return "", fmt.Errorf("%w: version %d, this program knows %d", ErrSchemaTooNew, current, latest)
	}
	if current == latest {
		return "", nil
	}
	if objects > 0 {
		if backup, err = sqlitemigrate.Backup(ctx, db, path, current, now); err != nil {
			return "", err
		}
	}
	for _, m := range ms[current:] {
		if err := applyMigration(ctx, db, m, now); err != nil {
			return backup, err
		}
	}
	return backup, nil
}

// schemaVersion returns the highest recorded migration (0 when none) and the
// number of schema objects in the database.
func schemaVersion(ctx context.Context, db *sql.DB) (version, objects int, err error) {
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&objects); err != nil {
		return 0, 0, fmt.Errorf("read schema: %w", err)
	}
	var n int
	err = db.QueryRowContext(ctx,
		"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").Scan(&n)
	if err != nil || n == 0 {
		return 0, objects, err
	}
	if err := db.QueryRowContext(ctx,
		"SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&version); err != nil {
		return 0, 0, fmt.Errorf("read schema version: %w", err)
	}
	return version, objects, nil
}

func applyMigration(ctx context.Context, db *sql.DB, m migration, now time.Time) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	defer tx.Rollback() // a no-op after Commit
	const ddl = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	) STRICT`
	if _, err := tx.ExecContext(ctx, ddl); err != nil {
		return fmt.Errorf("migration %s: create schema_migrations: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx,
		"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.Version, m.Name, now.UTC().Format(utcLayout)); err != nil {
		return fmt.Errorf("migration %s: record: %w", m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", m.Name, err)
	}
	return nil
}

// ensureKioskID returns the kiosk's id, making it (a UUIDv7) the first time.
func ensureKioskID(ctx context.Context, db *sql.DB, now time.Time) (string, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("kiosk id: %w", err)
	}
	defer tx.Rollback() // a no-op after Commit
	var id string
	err = tx.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'kiosk_id'").Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("kiosk id: %w", err)
	}
	u, err := uuid.NewV7()
	if err != nil {
		return "", fmt.Errorf("kiosk id: %w", err)
	}
	id = u.String()
	if _, err := tx.ExecContext(ctx,
		"INSERT INTO meta (key, value) VALUES ('kiosk_id', ?), ('created_at', ?)",
		id, now.UTC().Format(utcLayout)); err != nil {
		return "", fmt.Errorf("kiosk id: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("kiosk id: commit: %w", err)
	}
	return id, nil
}
