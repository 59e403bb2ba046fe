// Package sqlitestore is the scoring server's SQLite store: the default
// implementation of scoring.Store, for one server with its database on a
// local disk.
//
// Writes go through one connection in WAL mode with synchronous=FULL and
// BEGIN IMMEDIATE, so a batch is on disk before the server answers 200 and
// writers queue in Go rather than in SQLite's busy handler. Reads (token
// look-ups, configuration, kiosk list, export) use a small pool of
// query-only connections, which in WAL never wait for the writer.
// Batches queued together are committed together (group.go).
// Migrations are embedded and run when the store opens; an existing
// database is copied aside (VACUUM INTO) before a migration touches it.
package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/mattn/go-sqlite3"

	"hailong/kiosk/internal/sqlitedurable"
	"hailong/kiosk/internal/sqlitemigrate"

	"hailong/kiosk/scoring"
)

// DSNParams are the writer's: WAL with synchronous=FULL (go-sqlite3 would
// leave WAL at NORMAL, which can lose the last commits on power loss), a
// 5 s busy timeout for the command line writing beside a running server,
// BEGIN IMMEDIATE so a transaction never upgrades its lock, foreign keys,
// and no per-call mutex: database/sql never lets two goroutines use one
// connection at once, so SQLite's own locking of each call is pure cost.
const DSNParams = "_journal_mode=WAL&_synchronous=FULL&_busy_timeout=5000&_txlock=immediate&_foreign_keys=1&_mutex=no"

// readDSNParams are the readers': deferred transactions, query only.
const readDSNParams = "_busy_timeout=5000&_txlock=deferred&_query_only=1&_mutex=no"

// probeDSNParams are /readyz's write probe's: a 1 s busy timeout, so that
// the probe answers "cannot write" while a load balancer still waits.
const probeDSNParams = "_busy_timeout=1000&_txlock=immediate"

// maxReaders bounds the read pool.
const maxReaders = 4

// Store is the SQLite scoring.Store. Its methods are safe for concurrent
// use.
type Store struct {
	w       *sql.DB // the single writer connection
	r       *sql.DB // query-only readers
	probe   *sql.DB // one connection for CheckWrite
	path    string
	version int
	backup  string

	ingests   chan *ingestReq // to the ingest goroutine (group.go)
	quit      chan struct{}   // closed by Close
	stopped   chan struct{}   // closed when the ingest goroutine has returned
	closeOnce sync.Once
}

var _ scoring.Store = (*Store)(nil)

// Open opens (creating if needed) the database file at path and migrates
// it to the current schema.
func Open(ctx context.Context, path string) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	s := &Store{path: abs}
	s.w = sql.OpenDB(sqlitedurable.Connector(&sqlite3.SQLiteDriver{ConnectHook: sqlitedurable.Check}, DSN(abs, DSNParams)))
	// One connection, kept for the life of the store.
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	s.w.SetConnMaxLifetime(0)
	s.w.SetConnMaxIdleTime(0)
	s.r = sql.OpenDB(sqlitedurable.Connector(&sqlite3.SQLiteDriver{}, DSN(abs, readDSNParams)))
	s.r.SetMaxOpenConns(maxReaders)
	s.r.SetMaxIdleConns(maxReaders)
	s.probe = sql.OpenDB(sqlitedurable.Connector(&sqlite3.SQLiteDriver{}, DSN(abs, probeDSNParams)))
	s.probe.SetMaxOpenConns(1)
	s.ingests, s.quit, s.stopped = make(chan *ingestReq, ingestQueue), make(chan struct{}), make(chan struct{})
	go s.runIngests()
	if err := s.init(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open store %s: %w", abs, err)
	}
	return s, nil
}

func (s *Store) init(ctx context.Context) error {
	ms, err := sqlitemigrate.Load(migrationFS)
	if err != nil {
		return err
	}
	s.version, s.backup, err = migrate(ctx, s.w, s.path, ms)
	return err
}

// DSN is the go-sqlite3 data source name of the file at path (escaped: the
// path may hold any character) with params.
func DSN(path, params string) string {
	return sqlitedurable.URI(path, params)
}

// SchemaVersion is the schema version after Open's migrations.
func (s *Store) SchemaVersion() int { return s.version }

// BackupPath is the copy made before migrating, "" when none was needed.
func (s *Store) BackupPath() string { return s.backup }

// Path is the database file's absolute path.
func (s *Store) Path() string { return s.path }

// Ping checks that both pools answer.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.r.PingContext(ctx); err != nil {
		return fmt.Errorf("ping readers: %w", err)
	}
	var one int
	if err := s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

// CheckWrite takes the database's write lock and gives it back at once
// (BEGIN IMMEDIATE, ROLLBACK) on a connection of its own, so that it
// neither queues behind the ingest writer in Go nor writes anything. It
// fails with scoring.ErrUnavailable after a second when another process
// holds the lock.
func (s *Store) CheckWrite(ctx context.Context) error {
	tx, err := s.probe.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("check write: %w", mapErr(err))
	}
	if err := tx.Rollback(); err != nil {
		return fmt.Errorf("check write: %w", mapErr(err))
	}
	return nil
}

// Close closes the store once the batch being written, if any, has
// committed; the last connection checkpoints the WAL.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { close(s.quit) })
	<-s.stopped
	rerr := errors.Join(s.r.Close(), s.probe.Close())
	if err := s.w.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	if rerr != nil {
		return fmt.Errorf("close store readers: %w", rerr)
	}
	return nil
}

// write runs f in one write transaction and commits it.
func (s *Store) write(ctx context.Context, f func(*sql.Tx) error) error {
	return mapErr(inTx(ctx, s.w, f))
}

// read runs f in one deferred, query-only transaction: a consistent
// snapshot that does not hold up the writer.
func (s *Store) read(ctx context.Context, f func(*sql.Tx) error) error {
	return mapErr(inTx(ctx, s.r, f))
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

// mapErr marks SQLite's busy and locked errors as scoring.ErrUnavailable,
// which the API answers 503 with Retry-After.
func mapErr(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked) {
		return fmt.Errorf("%w: %w", scoring.ErrUnavailable, err)
	}
	return err
}

// Pragmas reads back the journal mode and synchronous level in force on
// the writer connection.
func (s *Store) Pragmas(ctx context.Context) (journalMode string, synchronous int, err error) {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return "", 0, fmt.Errorf("pragmas: %w", err)
	}
	defer conn.Close()
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journalMode); err != nil {
		return "", 0, fmt.Errorf("pragmas: %w", err)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&synchronous); err != nil {
		return "", 0, fmt.Errorf("pragmas: %w", err)
	}
	return journalMode, synchronous, nil
}
