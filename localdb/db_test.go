package localdb

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestOpenCreatesPrivateDirAndKioskID(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "hài-lòng") // non-ASCII path goes through the URI escaping
	db := openAt(t, dir)
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o700 {
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
	exec(t, db, "PRAGMA ignore_check_constraints = ON")
	exec(t, db, "UPDATE pin_lock SET failures = -1")
	exec(t, db, "PRAGMA ignore_check_constraints = OFF")
	err := db.IntegrityCheck(ctx)
	if err == nil || !strings.Contains(err.Error(), "pin_lock") {
		t.Fatalf("IntegrityCheck after breaking a constraint = %v, want an error naming pin_lock", err)
	}
}
