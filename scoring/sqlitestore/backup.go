package sqlitestore

// Online backup and restore of the server's database file (docs/BACKUP.md).
// Both work on files, not on an open Store: backup runs in its own process
// beside a running server, and restore only when none is running.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/mattn/go-sqlite3"

	"hailong/kiosk/internal/sqlitedurable"
	"hailong/kiosk/internal/sqlitemigrate"
)

// ErrInUse means another connection, a running server most likely, has
// the database open: restore refuses to replace it under them.
var ErrInUse = errors.New("the database is open in another process")

// ErrNotScoringDB means a file is not a scoring server database that this
// program can use: not SQLite, damaged, without its schema, or newer.
var ErrNotScoringDB = errors.New("not a usable scoring server database")

// CopyInfo describes a checked database file.
type CopyInfo struct {
	Path          string
	Size          int64 // bytes
	Responses     int64 // rows of the responses table
	SchemaVersion int
}

// Backup writes a consistent copy of the database at dbPath to out while
// other connections, a running server's included, go on writing: VACUUM
// INTO reads one snapshot (a WAL read transaction, which never blocks the
// writer) and writes a compact file holding every transaction committed
// before it began. The copy is written beside out, checked
// (integrity_check, schema version) and synced, then linked to out, which
// is never overwritten: an existing out fails with fs.ErrExist.
func Backup(ctx context.Context, dbPath, out string) (CopyInfo, error) {
	if _, err := os.Lstat(out); err == nil {
		return CopyInfo{}, fmt.Errorf("backup to %s: %w", out, fs.ErrExist)
	}
	if _, err := os.Stat(dbPath); err != nil {
		return CopyInfo{}, fmt.Errorf("backup of %s: %w", dbPath, err)
	}
	partial := fmt.Sprintf("%s.partial-%d", out, os.Getpid())
	os.Remove(partial) // a copy a killed backup of this pid left
	defer os.Remove(partial)
	if err := vacuumInto(ctx, dbPath, partial); err != nil {
		return CopyInfo{}, fmt.Errorf("backup of %s: %w", dbPath, err)
	}
	info, err := CheckCopy(ctx, partial)
	if err != nil {
		return CopyInfo{}, fmt.Errorf("backup of %s: the copy: %w", dbPath, err)
	}
	// The copy holds what the database does (PIN and password hashes):
	// readable by its owner only, whatever the umask.
	if err := os.Chmod(partial, 0o600); err != nil {
		return CopyInfo{}, fmt.Errorf("backup: %w", err)
	}
	if err := sqlitedurable.SyncPath(partial); err != nil {
		return CopyInfo{}, fmt.Errorf("backup: %w", err)
	}
	if err := publish(partial, out); err != nil {
		return CopyInfo{}, fmt.Errorf("backup to %s: %w", out, err)
	}
	info.Path = out
	return info, sqlitedurable.SyncPath(filepath.Dir(out))
}

// publish gives the file partial the name out unless out exists: a hard
// link fails rather than replace; where links are not supported (a FAT
// USB stick) a rename after a last look.
func publish(partial, out string) error {
	err := os.Link(partial, out)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	if _, err := os.Lstat(out); err == nil {
		return fs.ErrExist
	}
	return os.Rename(partial, out)
}

// vacuumInto copies the database at src into the new file dst.
func vacuumInto(ctx context.Context, src, dst string) error {
	// Not read-only: a WAL database whose last connection closed has no
	// -shm, and a read-only connection could not make one.
	db, err := sql.Open("sqlite3", DSN(src, "_busy_timeout=5000&_txlock=deferred"))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	return nil
}

// CheckCopy checks a database file that no server uses: SQLite's full
// integrity_check, a schema version this program knows, and the count of
// responses it holds.
func CheckCopy(ctx context.Context, path string) (CopyInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return CopyInfo{}, err
	}
	info := CopyInfo{Path: path, Size: st.Size()}
	// mode=rw: never create a file that is not there.
	db, err := sql.Open("sqlite3", DSN(path, "mode=rw&_busy_timeout=5000&_query_only=1"))
	if err != nil {
		return info, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&result); err != nil {
		return info, fmt.Errorf("%w: %w", ErrNotScoringDB, err)
	}
	if result != "ok" {
		return info, fmt.Errorf("%w: integrity_check: %s", ErrNotScoringDB, result)
	}
	if err := db.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&info.SchemaVersion); err != nil {
		return info, fmt.Errorf("%w: no schema version: %w", ErrNotScoringDB, err)
	}
	ms, err := sqlitemigrate.Load(migrationFS)
	if err != nil {
		return info, err
	}
	if info.SchemaVersion < 1 || info.SchemaVersion > len(ms) {
		return info, fmt.Errorf("%w: schema version %d, this program knows 1 to %d", ErrNotScoringDB, info.SchemaVersion, len(ms))
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM responses").Scan(&info.Responses); err != nil {
		return info, fmt.Errorf("%w: %w", ErrNotScoringDB, err)
	}
	return info, nil
}

// Restore replaces the database at dbPath by a copy of the database from
// (a file Backup wrote) when no other process has dbPath open. from is
// copied beside dbPath (VACUUM INTO, so a -wal beside from counts too) and
// checked as CheckCopy does before anything is replaced; the old database,
// its WAL folded in, is renamed to aside (dbPath.before-restore-TIME), ""
// when there was none. A running server makes it fail with ErrInUse and
// change nothing.
func Restore(ctx context.Context, from, dbPath string, now time.Time) (info CopyInfo, aside string, err error) {
	if _, err := os.Stat(from); err != nil {
		return info, "", fmt.Errorf("restore from %s: %w", from, err)
	}
	if same, _ := sameFile(from, dbPath); same {
		return info, "", fmt.Errorf("restore from %s: that is the database itself", from)
	}
	staged := dbPath + ".restoring"
	os.Remove(staged) // what an interrupted restore left
	defer os.Remove(staged)
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o750); err != nil {
		return info, "", fmt.Errorf("restore: %w", err)
	}
	if err := vacuumInto(ctx, from, staged); err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && (se.Code == sqlite3.ErrNotADB || se.Code == sqlite3.ErrCorrupt) {
			err = fmt.Errorf("%w: %w", ErrNotScoringDB, err)
		}
		return info, "", fmt.Errorf("restore from %s: %w", from, err)
	}
	if info, err = CheckCopy(ctx, staged); err != nil {
		return info, "", fmt.Errorf("restore from %s: %w", from, err)
	}
	info.Path = dbPath
	// The restored file gets the old one's mode and, for root, owner: the
	// service's user must be able to write it.
	mode := os.FileMode(0o600)
	old, statErr := os.Stat(dbPath)
	if statErr == nil {
		mode = old.Mode().Perm()
		if err := sameOwner(old, staged); err != nil {
			return info, "", fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Chmod(staged, mode); err != nil {
		return info, "", fmt.Errorf("restore: %w", err)
	}
	if err := sqlitedurable.SyncPath(staged); err != nil {
		return info, "", fmt.Errorf("restore: %w", err)
	}
	if statErr == nil {
		if err := closeOut(ctx, dbPath); err != nil {
			return info, "", err
		}
		aside = fmt.Sprintf("%s.before-restore-%s", dbPath, now.UTC().Format("20060102T150405Z"))
		if err := os.Rename(dbPath, aside); err != nil {
			return info, "", fmt.Errorf("restore: keep the old database aside: %w", err)
		}
	}
	if err := os.Rename(staged, dbPath); err != nil {
		return info, aside, fmt.Errorf("restore: %w", err)
	}
	return info, aside, sqlitedurable.SyncPath(filepath.Dir(dbPath))
}

// closeOut makes sure no other connection has the database at path open
// and leaves it one self-contained file: leaving WAL mode needs every
// other connection closed (SQLite answers busy otherwise, even to an idle
// server, whose connections stay open) and folds the WAL into the file.
// A server started between this check and the rename that follows would
// keep the old file open: docs/BACKUP.md says to stop the service first.
func closeOut(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite3", DSN(path, "mode=rw&_busy_timeout=0&_locking_mode=EXCLUSIVE"))
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode=DELETE").Scan(&mode); err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked) {
			return fmt.Errorf("restore %s: %w", path, ErrInUse)
		}
		return fmt.Errorf("restore: the current database %s: %w", path, err)
	}
	if mode != "delete" {
		return fmt.Errorf("restore %s: %w (journal mode stays %s)", path, ErrInUse, mode)
	}
	return nil
}

// sameFile says whether a and b are one file.
func sameFile(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}
