package sqlitestore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"hailong/kiosk/internal/sqlitemigrate"
	"time"
)

// migrationFS is the schema history, one file per version, named
// NNNN_description.sql. A released migration is never edited; a change is
// a new file.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrSchemaTooNew means the database was written by a newer server; this
// one refuses to touch it rather than guess.
var ErrSchemaTooNew = sqlitemigrate.ErrSchemaTooNew

type migration = sqlitemigrate.Migration

// migrate brings the database to the last version of ms, each migration in
// its own transaction with its schema_migrations row. Before migrating a
// database that already has a schema it copies it to path.bak-<time> and
// returns that path.
func migrate(ctx context.Context, db *sql.DB, dbPath string, ms []migration) (version int, backup string, err error) {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms INTEGER NOT NULL) STRICT`); err != nil {
		return 0, "", fmt.Errorf("migrate: %w", err)
	}
	if err := db.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&version); err != nil {
		return 0, "", fmt.Errorf("migrate: read version: %w", err)
	}
	if version > len(ms) {
		return version, "", fmt.Errorf("%w: version %d, this program knows %d", ErrSchemaTooNew, version, len(ms))
	}
	if version == len(ms) {
		return version, "", nil
	}
	if version > 0 {
		if backup, err = sqlitemigrate.Backup(ctx, db, dbPath, version, time.Now()); err != nil {
			return version, "", fmt.Errorf("migrate: %w", err)
		}
	}
	for _, m := range ms[version:] {
		err := inTx(ctx, db, func(tx *sql.Tx) error {
			// Another process may have migrated since the version was read.
			var done int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", m.Version).Scan(&done); err != nil || done > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)",
				m.Version, m.Name, time.Now().UnixMilli())
			return err
		})
		if err != nil {
			return version, backup, fmt.Errorf("migrate to %s: %w", m.Name, err)
		}
		version = m.Version
	}
	return version, backup, nil
}
