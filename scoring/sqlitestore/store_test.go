package sqlitestore_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

func open(t testing.TB, path string) *sqlitestore.Store {
	t.Helper()
	st, err := sqlitestore.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// enrolled opens a store with centre c1 and kiosk k1 enrolled.
func enrolled(t testing.TB) *sqlitestore.Store {
	t.Helper()
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "s.db"))
	now := time.Now()
	if _, err := st.SaveCentre(ctx, scoring.Centre{ID: "c1", Name: "C1", Scale: "legal3", TechnicianPINHash: sqlitestore.TechHash, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateEnrolCode(ctx, scoring.EnrolCode{Hash: "h", CentreID: "c1", CounterID: "1", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: "h", KioskID: "k1", TokenHash: "t", At: now}); err != nil {
		t.Fatal(err)
	}
	return st
}

var k1 = scoringtest.Kiosk{ID: "k1", CentreID: "c1", CounterID: "1", OfficerID: "o1"}

func TestOpenIsDurable(t *testing.T) {
	st := open(t, filepath.Join(t.TempDir(), "s.db"))
	mode, syncLevel, err := st.Pragmas(context.Background())
	if err != nil || mode != "wal" || syncLevel != 2 {
		t.Fatalf("journal_mode %q synchronous %d (%v): want wal and 2 (FULL)", mode, syncLevel, err)
	}
	// A new database is at the last migration, whatever its number.
	ms, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	if err != nil || len(ms) == 0 {
		t.Fatalf("migrations: %v %v", ms, err)
	}
	if st.SchemaVersion() != len(ms) || st.BackupPath() != "" {
		t.Fatalf("version %d backup %q", st.SchemaVersion(), st.BackupPath())
	}
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	st, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveCentre(ctx, scoring.Centre{ID: "c1", Name: "C1", Scale: "legal3", TechnicianPINHash: sqlitestore.TechHash}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st = open(t, path)
	c, _, err := st.Roster(ctx, "c1")
	if err != nil || c.Name != "C1" || st.BackupPath() != "" {
		t.Fatalf("%+v %v, backup %q", c, err, st.BackupPath())
	}
}

func TestRefusesANewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	st, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	db := rawDB(t, path)
	if _, err := db.Exec("INSERT INTO schema_migrations (version, name, applied_ms) VALUES (99, 'future', 0)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := sqlitestore.Open(ctx, path); !errors.Is(err, sqlitestore.ErrSchemaTooNew) {
		t.Fatalf("%v", err)
	}
}

func TestIngestFailureMidBatchLeavesNothing(t *testing.T) {
	ctx := context.Background()
	st := enrolled(t)
	rs := scoringtest.Chain(k1, 1, survey.GenesisHash, 10)
	if _, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: "k1", Responses: rs[:2], ReceivedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	// A trigger makes the 6th insert fail, after four have gone in.
	db := rawDB(t, st.Path())
	if _, err := db.Exec(`CREATE TRIGGER boom BEFORE INSERT ON responses WHEN NEW.seq = 7
		BEGIN SELECT RAISE(ABORT, 'boom'); END`); err != nil {
		t.Fatal(err)
	}
	_, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: "k1", Responses: rs[2:], ReceivedAt: time.Now()})
	if err == nil {
		t.Fatal("the failing batch was committed")
	}
	if n, _, _ := st.Counts(ctx); n != 2 {
		t.Fatalf("%d stored after a failed batch, want the 2 of before", n)
	}
	if _, err := db.Exec("DROP TRIGGER boom"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// The writer connection is usable and outside any transaction.
	res, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: "k1", Responses: rs[2:], ReceivedAt: time.Now()})
	if err != nil || len(res.Items) != 8 || res.Items[0] != scoring.ItemAccepted || len(res.Events) != 0 {
		t.Fatalf("%+v %v", res, err)
	}
	ks, _ := st.Kiosks(ctx)
	if ks[0].LastSeq != 10 || ks[0].ContiguousSeq != 10 {
		t.Fatalf("%+v", ks[0])
	}
}

// TestIngestCheckRejectsItems: the batch log counts the items that
// b.Check rejected (that they are reported and not stored is in the
// conformance suite).
func TestIngestCheckRejectsItems(t *testing.T) {
	ctx := context.Background()
	st := enrolled(t)
	rs := scoringtest.Chain(k1, 1, survey.GenesisHash, 120)
	bad := map[int]bool{0: true, 59: true, 119: true}
	if _, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: "k1", BatchID: "b1", Responses: rs, ReceivedAt: time.Now(),
		Check: func(i int) bool { return !bad[i] }}); err != nil {
		t.Fatal(err)
	}
	db := rawDB(t, st.Path())
	defer db.Close()
	var accepted, rejected int
	if err := db.QueryRow("SELECT accepted, rejected FROM batches WHERE batch_id = 'b1'").Scan(&accepted, &rejected); err != nil {
		t.Fatal(err)
	}
	if accepted != 117 || rejected != 3 {
		t.Errorf("batch log: %d accepted, %d rejected; want 117 and 3", accepted, rejected)
	}
}
