package localdb

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// migrationFS holds the schema history, one file per version, named
// NNNN_description.sql. A released migration is never edited; a change is a
// new file.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrSchemaTooNew means the database was written by a newer kiosk; this one
// refuses to touch it rather than guess.
var ErrSchemaTooNew = errors.New("database schema is newer than this program")

type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads migrations/*.sql from fsys, sorted by version, and
// checks that the versions run 1, 2, 3… with no gap or duplicate.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var ms []migration
	for _, n := range names {
		base := filepath.Base(n)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and '_'", base)
		}
		b, err := fs.ReadFile(fsys, n)
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
		if backup, err = backupCopy(ctx, db, path, current, now); err != nil {
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
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	defer tx.Rollback() // a no-op after Commit
	const ddl = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	) STRICT`
	if _, err := tx.ExecContext(ctx, ddl); err != nil {
		return fmt.Errorf("migration %s: create schema_migrations: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx,
		"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, now.UTC().Format(utcLayout)); err != nil {
		return fmt.Errorf("migration %s: record: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", m.name, err)
	}
	return nil
}

// backupCopy writes a consistent copy of the database (VACUUM INTO reads a
// snapshot that includes the WAL) next to it as kiosk.db.bak-v<from>-<UTC
// time>, and syncs it and its directory before any migration runs.
func backupCopy(ctx context.Context, db *sql.DB, path string, from int, now time.Time) (string, error) {
	base := fmt.Sprintf("%s.bak-v%d-%s", path, from, now.UTC().Format("20060102T150405Z"))
	dst := base
	for i := 2; ; i++ {
		if _, err := os.Stat(dst); errors.Is(err, fs.ErrNotExist) {
			break
		} else if err != nil {
			return "", fmt.Errorf("backup before migrating: %w", err)
		}
		dst = fmt.Sprintf("%s-%d", base, i)
	}
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		return "", fmt.Errorf("backup before migrating to %s: %w", dst, err)
	}
	if err := syncFile(dst); err != nil {
		return "", fmt.Errorf("backup before migrating: %w", err)
	}
	if err := syncFile(filepath.Dir(dst)); err != nil {
		return "", fmt.Errorf("backup before migrating: %w", err)
	}
	return dst, nil
}

func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", name, err)
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
