package sqlitestore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
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
var ErrSchemaTooNew = errors.New("database schema is newer than this program")

type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the embedded migrations in version order and checks
// that they run 1, 2, 3… with no gap.
func loadMigrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var ms []migration
	for _, n := range names {
		base := path.Base(n)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and '_'", base)
		}
		b, err := fs.ReadFile(migrationFS, n)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", base, err)
		}
		ms = append(ms, migration{version: v, name: strings.TrimSuffix(base, ".sql"), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: want version %d", m.name, i+1)
		}
	}
	return ms, nil
}

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
		backup = fmt.Sprintf("%s.bak-v%d-%s", dbPath, version, time.Now().UTC().Format("20060102T150405Z"))
		if _, err := db.ExecContext(ctx, "VACUUM INTO ?", backup); err != nil {
			return version, "", fmt.Errorf("migrate: copy aside to %s: %w", backup, err)
		}
	}
	for _, m := range ms[version:] {
		err := inTx(ctx, db, func(tx *sql.Tx) error {
			// Another process may have migrated since the version was read.
			var done int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&done); err != nil || done > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)",
				m.version, m.name, time.Now().UnixMilli())
			return err
		})
		if err != nil {
			return version, backup, fmt.Errorf("migrate to %s: %w", m.name, err)
		}
		version = m.version
	}
	return version, backup, nil
}
