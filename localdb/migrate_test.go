package localdb

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"hailong/kiosk/internal/sqlitemigrate"
	"hailong/kiosk/survey"
)

func embedded(t *testing.T) []migration {
	t.Helper()
	ms, err := sqlitemigrate.Load(migrationFS)
	if err != nil || len(ms) == 0 {
		t.Fatalf("embedded migrations: %v (%d)", err, len(ms))
	}
	return ms
}

// plus returns the embedded migrations followed by extra ones, numbered on.
func plus(t *testing.T, sqls ...string) []migration {
	ms := embedded(t)
	for _, s := range sqls {
		v := len(ms) + 1
		ms = append(ms, migration{Version: v, Name: "test", SQL: s})
	}
	return ms
}

type applied struct {
	version int
	at      string
}

func appliedMigrations(t *testing.T, db *sql.DB) []applied {
	t.Helper()
	rows, err := db.Query("SELECT version, applied_at FROM schema_migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []applied
	for rows.Next() {
		var a applied
		if err := rows.Scan(&a.version, &a.at); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func backups(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, FileName+".bak-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestReopenDoesNotReapplyMigrations(t *testing.T) {
	dir := t.TempDir()
	clock := survey.NewManualClock(testStart)
	db := openAt(t, dir, WithClock(clock))
	first := appliedMigrations(t, db.sql)
	if len(first) != len(embedded(t)) {
		t.Fatalf("applied %v, want %d migrations", first, len(embedded(t)))
	}
	saveN(t, db, 3)
	db.Close()

	clock.Advance(time.Hour)
	db = openAt(t, dir, WithClock(clock)) // 0001 has no IF NOT EXISTS: re-running it would fail
	again := appliedMigrations(t, db.sql)
	if len(again) != len(first) || again[0] != first[0] {
		t.Errorf("after reopen applied = %v, was %v", again, first)
	}
	if db.BackupPath() != "" || len(backups(t, dir)) != 0 {
		t.Errorf("reopen without pending migrations made a backup: %q %v", db.BackupPath(), backups(t, dir))
	}
	if n := count(t, db, "SELECT count(*) FROM responses"); n != 3 {
		t.Errorf("responses = %d, want 3", n)
	}
}

// A database at an older schema is copied aside, at its old version and with
// its data, before the pending migration runs.
func TestMigrationBacksUpOlderDatabase(t *testing.T) {
	dir := t.TempDir()
	clock := survey.NewManualClock(testStart)
	db := openAt(t, dir, WithClock(clock))
	if db.BackupPath() != "" {
		t.Errorf("a new database was backed up to %s", db.BackupPath())
	}
	saved := saveN(t, db, 5)
	db.Close()

	v1 := len(embedded(t))
	db = openAt(t, dir, WithClock(clock), withMigrations(plus(t, "ALTER TABLE responses ADD COLUMN note TEXT")))
	bak := db.BackupPath()
	want := regexp.MustCompile(`[/\\]kiosk\.db\.bak-v` + strconv.Itoa(int(v1)) + `-20250610T023000Z$`)
	if !want.MatchString(bak) {
		t.Fatalf("BackupPath() = %q, want match %s", bak, want)
	}
	if got := backups(t, dir); len(got) != 1 || got[0] != bak {
		t.Errorf("backup files = %v, want [%s]", got, bak)
	}
	if got := appliedMigrations(t, db.sql); len(got) != v1+1 {
		t.Errorf("live database applied %v, want %d", got, v1+1)
	}
	execSQL(t, db, "UPDATE responses SET note = 'x'") // the new column exists

	// The copy is a consistent database at the old version with every response.
	old, err := sql.Open("sqlite3", "file:"+bak+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if got := appliedMigrations(t, old); len(got) != v1 {
		t.Errorf("backup applied %v, want %d", got, v1)
	}
	var n int
	var lastHash string
	if err := old.QueryRow("SELECT count(*), max(hash) FILTER (WHERE seq = 5) FROM responses").Scan(&n, &lastHash); err != nil {
		t.Fatal(err)
	}
	if n != 5 || lastHash != saved[4].Hash {
		t.Errorf("backup has %d responses, last hash %s; want 5, %s", n, lastHash, saved[4].Hash)
	}
	if _, err := old.Exec("SELECT note FROM responses"); err == nil {
		t.Error("backup already has the new column")
	}
	var check string
	if err := old.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("backup integrity_check = %q, %v", check, err)
	}
}

// A migration that fails leaves the database at its previous version with
// nothing of the failed migration in it, and the backup in place.
func TestFailedMigrationRollsBack(t *testing.T) {
	dir := t.TempDir()
	db := openAt(t, dir)
	saveN(t, db, 2)
	db.Close()

	_, err := Open(dir, withMigrations(plus(t, "CREATE TABLE half (x INTEGER); INSERT INTO no_such_table VALUES (1);")))
	if err == nil {
		t.Fatal("Open with a broken migration succeeded")
	}
	if len(backups(t, dir)) != 1 {
		t.Errorf("backups = %v, want one", backups(t, dir))
	}
	db = openAt(t, dir)
	if got := appliedMigrations(t, db.sql); len(got) != len(embedded(t)) {
		t.Errorf("applied %v after a failed migration", got)
	}
	if n := count(t, db, "SELECT count(*) FROM sqlite_schema WHERE name = 'half'"); n != 0 {
		t.Error("the failed migration's table is there")
	}
	if err := db.VerifyChain(context.Background()); err != nil {
		t.Error(err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	dir := t.TempDir()
	db := openAt(t, dir, withMigrations(plus(t, "CREATE TABLE later (x INTEGER)")))
	db.Close()
	_, err := Open(dir)
	if !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("Open of a newer database = %v, want ErrSchemaTooNew", err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); err != nil {
		t.Fatal(err)
	}
}
