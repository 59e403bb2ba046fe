package localdb

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestOpenCreatesPrivateDirAndKioskID(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "hài-lòng") // non-ASCII path goes through the URI escaping
	db := openAt(t, dir)
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o700 && runtime.GOOS != "windows" { // Windows has ACLs, not modes
		t.Errorf("data dir mode = %o, want 700", perm)
	}
	if want := filepath.Join(dir, FileName); db.Path() != want {
		t.Errorf("Path() = %q, want %q", db.Path(), want)
	}
	if _, err := os.Stat(db.Path()); err != nil {
		t.Errorf("database file: %v", err)
	}
	id, err := uuid.Parse(db.KioskID())
	if err != nil || id.Version() != 7 {
		t.Fatalf("kiosk id %q is not a UUIDv7 (%v)", db.KioskID(), err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	again := openAt(t, dir)
	if again.KioskID() != db.KioskID() {
		t.Errorf("kiosk id changed on reopen: %s, then %s", db.KioskID(), again.KioskID())
	}
}

func TestPragmasAreWALAndFull(t *testing.T) {
	db := openTest(t)
	mode, sync, err := db.Pragmas(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if mode != "wal" || sync != 2 {
		t.Errorf("Pragmas() = %q, %d; want \"wal\", 2 (FULL)", mode, sync)
	}
}

// Every save runs on the one connection, and that connection was checked
// for WAL and FULL when it opened and still is after each save.
func TestEverySaveIsOnTheDurableConnection(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	for i := range 50 {
		if _, err := db.SaveResponse(ctx, sample(i, testStart)); err != nil {
			t.Fatal(err)
		}
		mode, sync, err := db.Pragmas(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if mode != "wal" || sync != 2 {
			t.Fatalf("after save %d: Pragmas() = %q, %d; want \"wal\", 2", i, mode, sync)
		}
	}
	if n := db.conns.Load(); n != 1 {
		t.Errorf("%d connections were opened, want exactly 1", n)
	}
}

func TestOpenRefusesConnectionsThatAreNotDurable(t *testing.T) {
	for _, params := range []string{
		"_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate",
		"_journal_mode=WAL&_synchronous=OFF&_txlock=immediate",
		"_journal_mode=DELETE&_synchronous=FULL&_txlock=immediate",
	} {
		t.Run(params, func(t *testing.T) {
			db, err := Open(t.TempDir(), withDSNParams(params))
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded on a connection that would not fsync every commit as promised")
			}
		})
	}
}

func TestIntegrityCheck(t *testing.T) {
	db := openTest(t)
	saveN(t, db, 20)
	ctx := context.Background()
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatalf("fresh database: %v", err)
	}
	// integrity_check also checks CHECK constraints: break one behind
	// SQLite's back and it must say so.
	execSQL(t, db, "PRAGMA ignore_check_constraints = ON")
	execSQL(t, db, "UPDATE pin_locks SET failures = -1 WHERE scope = 'officer'")
	execSQL(t, db, "PRAGMA ignore_check_constraints = OFF")
	err := db.IntegrityCheck(ctx)
	if err == nil || !strings.Contains(err.Error(), "pin_locks") {
		t.Fatalf("IntegrityCheck after breaking a constraint = %v, want an error naming pin_locks", err)
	}
}

// blockingWriter blocks its second Write (the first is the BOM) until
// release is closed, signalling blocked when it starts waiting.
type blockingWriter struct {
	writes  int
	blocked chan struct{}
	release chan struct{}
}

func (w *blockingWriter) Write(p []byte) (int, error) {
	w.writes++
	if w.writes == 2 {
		close(w.blocked)
		<-w.release
	}
	return len(p), nil
}

// A slow reader (an export to a USB stick, kiosk doctor) must not hold up a
// citizen's save.
func TestLongReadDoesNotBlockSaves(t *testing.T) {
	db := openTest(t)
	saveN(t, db, 100) // more than csv.Writer's 4 KiB buffer, so it writes mid-query
	w := &blockingWriter{blocked: make(chan struct{}), release: make(chan struct{})}
	done := make(chan error, 1)
	go func() {
		_, err := db.ExportCSV(context.Background(), w, time.Time{}, testStart.AddDate(1, 0, 0))
		done <- err
	}()
	<-w.blocked // the export is inside its read transaction now

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := db.SaveResponse(ctx, sample(0, testStart))
	close(w.release)
	if err != nil {
		t.Fatalf("SaveResponse during an export: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := db.VerifyChain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestWALIsCutBackAfterCheckpoint(t *testing.T) {
	db := openTest(t)
	var limit int64
	if err := db.sql.QueryRowContext(context.Background(), "PRAGMA journal_size_limit").Scan(&limit); err != nil {
		t.Fatal(err)
	}
	if limit != walSizeLimit {
		t.Fatalf("journal_size_limit = %d, want %d", limit, walSizeLimit)
	}
}
