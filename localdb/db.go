// Package localdb is the kiosk's SQLite store: the adapter that implements
// survey.Recorder, and the outbox the uploader drains.
//
// One file, kiosk.db, in the kiosk's data directory, in WAL mode with
// synchronous=FULL, so that a response is on disk (one fsync of the WAL)
// before SaveResponse returns and the thanks screen shows (SPEC §5). Every
// write goes through a single connection whose pragmas were checked when it
// opened. Reads (reports, export, verification) use a small pool of
// query-only connections in deferred transactions: in WAL they never block a
// save, even when another process (kiosk doctor, kiosk export) is reading.
// Migrations are embedded and versioned, and the database is copied aside
// before any of them runs on existing data.
package localdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/mattn/go-sqlite3"

	"hailong/kiosk/internal/sqlitedurable"
	"hailong/kiosk/internal/sqlitemigrate"
	"hailong/kiosk/survey"
)

// FileName is the name of the database file inside the data directory.
const FileName = "kiosk.db"

// DSN parameters of the writer: WAL with synchronous=FULL (go-sqlite3 would
// otherwise leave WAL at NORMAL, which can lose the last commits on power
// loss), BEGIN IMMEDIATE so a write transaction never has to upgrade its
// lock, and foreign keys on.
const dsnParams = "_journal_mode=WAL&_synchronous=FULL&_busy_timeout=5000&_txlock=immediate&_foreign_keys=1"

// readDSNParams are the readers': plain BEGIN (deferred, so a read takes no
// write lock) and query_only, so a bug cannot write around the writer.
const readDSNParams = "_busy_timeout=5000&_txlock=deferred&_query_only=1"

// maxReaders bounds the read pool.
const maxReaders = 4

// DB is the kiosk's local store. Its methods are safe for concurrent use;
// writes run one at a time on the single writer connection.
type DB struct {
	sql     *sql.DB // the single writer connection
	rd      *sql.DB // query-only readers
	path    string
	dir     string
	clock   survey.Clock
	kioskID string
	backup  string       // the copy made before migrating, "" when none
	conns   atomic.Int64 // writer connections opened, for tests
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

// WithMaxPages caps the database at n pages (PRAGMA max_page_count) on the
// writer connection. Tests use it to simulate a full disk; 0 means no cap.
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
		ms, err := sqlitemigrate.Load(migrationFS)
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
	db.rd = sql.OpenDB(sqlitedurable.Connector(&sqlite3.SQLiteDriver{}, db.dsn(readDSNParams)))
	db.rd.SetMaxOpenConns(maxReaders)
	db.rd.SetMaxIdleConns(maxReaders)

	ctx := context.Background()
	if err := db.init(ctx, o.migrations); err != nil {
		db.sql.Close()
		db.rd.Close()
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

// Close closes the database; the last connection to close checkpoints the
// WAL into the main file.
func (db *DB) Close() error {
	rerr := db.rd.Close()
	if err := db.sql.Close(); err != nil {
		return fmt.Errorf("close local db: %w", err)
	}
	if rerr != nil {
		return fmt.Errorf("close local db readers: %w", rerr)
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
	rows, err := db.rd.QueryContext(ctx, "PRAGMA integrity_check")
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

// withTx runs f in one write transaction (BEGIN IMMEDIATE, from the DSN)
// and commits; it rolls back if f fails.
func (db *DB) withTx(ctx context.Context, f func(*sql.Tx) error) error {
	return inTx(ctx, db.sql, f)
}

// withReadTx runs f in one deferred, query-only transaction: a consistent
// snapshot that does not hold up the writer.
func (db *DB) withReadTx(ctx context.Context, f func(*sql.Tx) error) error {
	return inTx(ctx, db.rd, f)
}

func inTx(ctx context.Context, pool *sql.DB, f func(*sql.Tx) error) error {
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op after Commit
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// walSizeLimit is the journal_size_limit of every connection, in bytes.
const walSizeLimit = 4 << 20

// connector opens connections with the durable DSN, applies the page cap,
// and refuses any connection whose pragmas are not WAL and FULL: a
// connection that could acknowledge a save without an fsync never exists.
func (db *DB) connector(params string, maxPages int64) driver.Connector {
	drv := &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		if maxPages > 0 {
			if _, err := c.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", maxPages), nil); err != nil {
				return fmt.Errorf("set max_page_count: %w", err)
			}
		}
		// After a checkpoint the WAL is cut back to this size, so one large
		// prune or backlog does not leave a WAL of tens of MB behind.
		if _, err := c.Exec(fmt.Sprintf("PRAGMA journal_size_limit = %d", walSizeLimit), nil); err != nil {
			return fmt.Errorf("set journal_size_limit: %w", err)
		}
		if err := sqlitedurable.Check(c); err != nil {
			return err
		}
		db.conns.Add(1)
		return nil
	}}
	return sqlitedurable.Connector(drv, db.dsn(params))
}

// dsn is the database's URI filename (escaped: the data directory may hold
// any character) with the given query.
func (db *DB) dsn(params string) string {
	return sqlitedurable.URI(db.path, params)
}
