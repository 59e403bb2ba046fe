// Package localdb is the kiosk's SQLite store: the adapter that implements
// survey.Recorder, and the outbox the uploader drains.
//
// One file, kiosk.db, in the kiosk's data directory, in WAL mode with
// synchronous=FULL, so that a response is on disk (one fsync of the WAL)
// before SaveResponse returns and the thanks screen shows (SPEC §5). All
// access goes through a single connection: the kiosk is the only writer, and
// one connection means every statement runs with the pragmas checked when it
// was opened. Migrations are embedded and versioned, and the database is
// copied aside before any of them runs on existing data.
package localdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/mattn/go-sqlite3"

	"hailong/kiosk/survey"
)

// FileName is the name of the database file inside the data directory.
const FileName = "kiosk.db"

// DSN parameters: WAL with synchronous=FULL (go-sqlite3 would otherwise leave
// WAL at NORMAL, which can lose the last commits on power loss), BEGIN
// IMMEDIATE so a write transaction never has to upgrade its lock, and foreign
// keys on.
const dsnParams = "_journal_mode=WAL&_synchronous=FULL&_busy_timeout=5000&_txlock=immediate&_foreign_keys=1"

// DB is the kiosk's local store. Its methods are safe for concurrent use;
// they run one at a time on the single connection.
type DB struct {
	sql     *sql.DB
	path    string
	dir     string
	clock   survey.Clock
	kioskID string
	backup  string       // the copy made before migrating, "" when none
	conns   atomic.Int64 // connections opened, for tests
}

var _ survey.Recorder = (*DB)(nil)

type options struct {
	clock      survey.Clock
	maxPages   int64
	dsnParams  string      // DSN query; tests override it
	migrations []migration // tests only: nil means the embedded ones
}

// Option configures Open.
type Option func(*options)

// WithClock sets the clock used for default timestamps and backup names.
// The default is survey.SystemClock{}.
func WithClock(c survey.Clock) Option {
	return func(o *options) { o.clock = c }
}

// WithMaxPages caps the database at n pages (PRAGMA max_page_count) on every
// connection. Tests use it to simulate a full disk; 0 means no cap.
func WithMaxPages(n int64) Option {
	return func(o *options) { o.maxPages = n }
}

// Open opens (creating if needed) dataDir/kiosk.db, migrates it to the
// current schema, copying the file aside first when it already holds data,
// and makes sure the kiosk has an id.
func Open(dataDir string, opts ...Option) (*DB, error) {
	o := options{clock: survey.SystemClock{}, dsnParams: dsnParams}
	for _, opt := range opts {
		opt(&o)
	}
	if o.migrations == nil {
		ms, err := loadMigrations(migrationFS)
		if err != nil {
			return nil, fmt.Errorf("open local db: %w", err)
		}
		o.migrations = ms
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("open local db: create data dir: %w", err)
	}
	dir, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, fmt.Errorf("open local db: %w", err)
	}
	db := &DB{path: filepath.Join(dir, FileName), dir: dir, clock: o.clock}
	db.sql = sql.OpenDB(db.connector(o.dsnParams, o.maxPages))
	// One connection, kept for the life of the DB: per-connection pragmas
	// (max_page_count) stay in force, and writes are serialised here rather
	// than by SQLite's busy handler.
	db.sql.SetMaxOpenConns(1)
	db.sql.SetMaxIdleConns(1)
	db.sql.SetConnMaxLifetime(0)
	db.sql.SetConnMaxIdleTime(0)

	ctx := context.Background()
	if err := db.init(ctx, o.migrations); err != nil {
		db.sql.Close()
		return nil, fmt.Errorf("open local db %s: %w", db.path, err)
	}
	return db, nil
}

func (db *DB) init(ctx context.Context, ms []migration) error {
	backup, err := migrate(ctx, db.sql, db.path, ms, db.clock.Now())
	if err != nil {
		return err
	}
	db.backup = backup
	id, err := ensureKioskID(ctx, db.sql, db.clock.Now())
	if err != nil {
		return err
	}
	db.kioskID = id
	return nil
}

// Close closes the database; SQLite checkpoints the WAL into the main file.
func (db *DB) Close() error {
	if err := db.sql.Close(); err != nil {
		return fmt.Errorf("close local db: %w", err)
	}
	return nil
}

// Path returns the database file's absolute path.
func (db *DB) Path() string { return db.path }

// KioskID returns the kiosk's id, made once when the database was created.
func (db *DB) KioskID() string { return db.kioskID }

// BackupPath returns the copy Open made before migrating, or "" when Open
// had nothing to migrate or the database was new.
func (db *DB) BackupPath() string { return db.backup }

// Pragmas reads back the journal mode and synchronous level in force on the
// connection every write uses (SPEC §5 promises "wal" and 2, FULL).
func (db *DB) Pragmas(ctx context.Context) (journalMode string, synchronous int, err error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return "", 0, fmt.Errorf("pragmas: %w", err)
	}
	defer conn.Close()
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journalMode); err != nil {
		return "", 0, fmt.Errorf("pragmas: journal_mode: %w", err)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&synchronous); err != nil {
		return "", 0, fmt.Errorf("pragmas: synchronous: %w", err)
	}
	return journalMode, synchronous, nil
}

// IntegrityCheck runs PRAGMA integrity_check and fails unless it says "ok".
func (db *DB) IntegrityCheck(ctx context.Context) error {
	rows, err := db.sql.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		msgs = append(msgs, m)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(msgs) != 1 || msgs[0] != "ok" {
		return fmt.Errorf("integrity check: %q", msgs)
	}
	return nil
}

// withTx runs f in one transaction (BEGIN IMMEDIATE, from the DSN) and
// commits; it rolls back if f fails.
func (db *DB) withTx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// connector opens connections with the durable DSN, applies the page cap,
// and refuses any connection whose pragmas are not WAL and FULL: a
// connection that could acknowledge a save without an fsync never exists.
func (db *DB) connector(params string, maxPages int64) driver.Connector {
	u := url.URL{Scheme: "file", Path: db.path, RawQuery: params}
	drv := &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		if maxPages > 0 {
			if _, err := c.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", maxPages), nil); err != nil {
				return fmt.Errorf("set max_page_count: %w", err)
			}
		}
		if err := checkDurable(c); err != nil {
			return err
		}
		db.conns.Add(1)
		return nil
	}}
	return dsnConnector{drv: drv, dsn: u.String()}
}

type dsnConnector struct {
	drv *sqlite3.SQLiteDriver
	dsn string
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.drv }

// checkDurable reads back the pragmas the DSN asked for.
func checkDurable(c *sqlite3.SQLiteConn) error {
	mode, err := pragmaValue(c, "journal_mode")
	if err != nil {
		return err
	}
	sync, err := pragmaValue(c, "synchronous")
	if err != nil {
		return err
	}
	if s, _ := mode.(string); s != "wal" {
		return fmt.Errorf("journal_mode is %v, want wal", mode)
	}
	if n, _ := sync.(int64); n < 2 {
		return fmt.Errorf("synchronous is %v, want 2 (FULL) or more", sync)
	}
	return nil
}

func pragmaValue(c *sqlite3.SQLiteConn, name string) (driver.Value, error) {
	rows, err := c.Query("PRAGMA "+name, nil)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer rows.Close()
	dest := make([]driver.Value, 1)
	if err := rows.Next(dest); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return dest[0], nil
}
