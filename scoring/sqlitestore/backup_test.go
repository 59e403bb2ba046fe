package sqlitestore_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

// ingestN stores n responses of kiosk k1 from seq from, chained from prev,
// and returns the last hash.
func ingestN(t *testing.T, st *sqlitestore.Store, from int64, prev string, n int) string {
	t.Helper()
	rs := scoringtest.Chain(scoringtest.Kiosk{ID: "k1", CentreID: "c1", CounterID: "1"}, from, prev, n)
	res, err := st.Ingest(context.Background(), scoring.IngestBatch{KioskID: "k1", BatchID: scoringtest.BatchID(rs[0].ID), Responses: rs, ReceivedAt: time.Now()})
	if err != nil || res.Items[0] != scoring.ItemAccepted {
		t.Fatalf("ingest: %v %v", err, res.Items)
	}
	return rs[len(rs)-1].Hash
}

func responses(t *testing.T, path string) int64 {
	t.Helper()
	info, err := sqlitestore.CheckCopy(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Responses
}

// TestBackupWhileOpenAndRestoreOnlyWhenClosed: a backup of a database a
// store has open holds what was committed, never overwrites a file and
// never makes a database out of a wrong path; restore refuses while the
// store is open, then replaces the database and keeps the old one aside.
func TestBackupWhileOpenAndRestoreOnlyWhenClosed(t *testing.T) {
	ctx := context.Background()
	st := enrolled(t)
	db := st.Path()
	prev := ingestN(t, st, 1, survey.GenesisHash, 30)

	out := filepath.Join(t.TempDir(), "copy.db")
	info, err := sqlitestore.Backup(ctx, db, out)
	if err != nil {
		t.Fatal(err)
	}
	if info.Path != out || info.Responses != 30 || info.SchemaVersion != st.SchemaVersion() || info.Size <= 0 {
		t.Fatalf("backup info %+v", info)
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() != info.Size || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the copy: %v, %v (want the database's size and mode 0600)", err, fi)
	}
	if err := os.Chmod(db, 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlitestore.Backup(ctx, db, out); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("a second backup to the same file: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "nope.db")
	if _, err := sqlitestore.Backup(ctx, missing, filepath.Join(t.TempDir(), "x.db")); err == nil {
		t.Fatal("a backup of a missing database succeeded")
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("the backup of a missing database created it")
	}
	if left, _ := filepath.Glob(out + ".partial-*"); len(left) != 0 {
		t.Fatalf("left behind: %v", left)
	}

	ingestN(t, st, 31, prev, 20) // after the backup: not in it
	if _, _, err := sqlitestore.Restore(ctx, out, db, time.Now()); !errors.Is(err, sqlitestore.ErrInUse) {
		t.Fatalf("restore while the store is open: %v", err)
	}
	if n, _, _ := st.Counts(ctx); n != 50 {
		t.Fatalf("the refused restore changed the database: %d responses", n)
	}
	st.Close()

	info, aside, err := sqlitestore.Restore(ctx, out, db, time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if info.Responses != 30 || aside != db+".before-restore-20261204T200000Z" {
		t.Fatalf("restore: %+v, aside %q", info, aside)
	}
	if n := responses(t, aside); n != 50 {
		t.Fatalf("the old database kept aside holds %d responses, want 50 (its WAL folded in)", n)
	}
	for _, side := range []string{db + "-wal", db + "-shm", db + ".restoring"} {
		if _, err := os.Stat(side); err == nil {
			t.Errorf("%s left beside the restored database", side)
		}
	}
	if fi, err := os.Stat(db); err != nil || fi.Mode().Perm() != 0o640 {
		t.Fatalf("the restored database's mode: %v %v, want the old one's 0640", fi, err)
	}
	st2 := open(t, db)
	if n, _, err := st2.Counts(ctx); err != nil || n != 30 {
		t.Fatalf("after restore: %d responses (%v)", n, err)
	}
	// The kiosk sends again what the backup lacked; the chain goes on.
	ingestN(t, st2, 31, prev, 20)
}

// TestRestoreRefusesWhatIsNotABackup: a file that is not SQLite, a SQLite
// file without the schema, and one from a newer server are each refused
// before the database is touched.
func TestRestoreRefusesWhatIsNotABackup(t *testing.T) {
	ctx := context.Background()
	st := enrolled(t)
	db := st.Path()
	ingestN(t, st, 1, survey.GenesisHash, 5)
	st.Close()
	dir := t.TempDir()

	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("this is not a database, just some text long enough to look like one"), 0o600)
	empty := filepath.Join(dir, "empty.db")
	raw := rawDB(t, empty)
	if _, err := raw.Exec("CREATE TABLE t (x)"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	newer := filepath.Join(dir, "newer.db")
	if _, err := sqlitestore.Backup(ctx, db, newer); err != nil {
		t.Fatal(err)
	}
	raw = rawDB(t, newer)
	if _, err := raw.Exec("INSERT INTO schema_migrations (version, name, applied_ms) VALUES (9999, '9999_future', 0)"); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	for _, from := range []string{junk, empty, newer, filepath.Join(dir, "missing.db")} {
		if _, _, err := sqlitestore.Restore(ctx, from, db, time.Now()); err == nil {
			t.Errorf("restore from %s succeeded", filepath.Base(from))
		} else {
			t.Logf("%s: %v", filepath.Base(from), err)
		}
	}
	for _, from := range []string{junk, empty, newer} {
		if _, _, err := sqlitestore.Restore(ctx, from, db, time.Now()); !errors.Is(err, sqlitestore.ErrNotScoringDB) {
			t.Errorf("%s: %v, want ErrNotScoringDB", filepath.Base(from), err)
		}
	}
	if n := responses(t, db); n != 5 {
		t.Fatalf("the database changed: %d responses", n)
	}
	if left, _ := filepath.Glob(db + ".*"); len(left) != 0 {
		t.Fatalf("refused restores left %v", left)
	}
}
