package sqlitestore_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"sync/atomic"
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

func TestIngestRefusesAnotherKiosksResponse(t *testing.T) {
	st := enrolled(t)
	rs := scoringtest.Chain(scoringtest.Kiosk{ID: "k2", CentreID: "c1", CounterID: "1", OfficerID: "o1"}, 1, survey.GenesisHash, 1)
	if _, err := st.Ingest(context.Background(), scoring.IngestBatch{KioskID: "k1", Responses: rs, ReceivedAt: time.Now()}); err == nil {
		t.Fatal("stored a response of k2 as k1's")
	}
}

func TestEnrolAndRevoke(t *testing.T) {
	ctx := context.Background()
	st := enrolled(t)
	if k, err := st.KioskByToken(ctx, "t"); err != nil || k.ID != "k1" || k.CounterID != "1" {
		t.Fatalf("%+v %v", k, err)
	}
	if _, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: "h", KioskID: "k9", TokenHash: "t9", At: time.Now()}); !errors.Is(err, scoring.ErrCodeUsed) {
		t.Fatalf("reused code: %v", err)
	}
	if err := st.RevokeKiosk(ctx, "k1", time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := st.KioskByToken(ctx, "t"); !errors.Is(err, scoring.ErrUnauthorized) {
		t.Fatalf("revoked: %v", err)
	}
	if err := st.RevokeKiosk(ctx, "nope", time.Now()); !errors.Is(err, scoring.ErrNotFound) {
		t.Fatalf("unknown kiosk: %v", err)
	}
}

// TestIngestCheckRejectsItems: items that b.Check fails are reported as
// rejected and not stored, every item is checked exactly once, across
// several of the chunks checking is cut into, and the batch log counts the
// rejected ones.
func TestIngestCheckRejectsItems(t *testing.T) {
	ctx := context.Background()
	st := enrolled(t)
	rs := scoringtest.Chain(k1, 1, survey.GenesisHash, 120)
	calls := make([]atomic.Int32, len(rs))
	bad := map[int]bool{0: true, 59: true, 119: true}
	res, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: "k1", BatchID: "b1", Responses: rs, ReceivedAt: time.Now(),
		Check: func(i int) bool {
			calls[i].Add(1)
			return !bad[i]
		}})
	if err != nil {
		t.Fatal(err)
	}
	for i, item := range res.Items {
		want := scoring.ItemAccepted
		if bad[i] {
			want = scoring.ItemRejected
		}
		if item != want {
			t.Errorf("item %d: %s, want %s", i, item, want)
		}
		if n := calls[i].Load(); n != 1 {
			t.Errorf("item %d checked %d times", i, n)
		}
	}
	if n, _, _ := st.Counts(ctx); n != 117 {
		t.Errorf("%d stored, want 117", n)
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

// TestIngestMixedBatch: in a batch of new responses, duplicates, a
// conflict and an item its check fails, each item gets its own outcome,
// the new ones are stored once, and the stored ones are unchanged.
func TestIngestMixedBatch(t *testing.T) {
	ctx := context.Background()
	st := enrolled(t)
	rs := scoringtest.Chain(k1, 1, survey.GenesisHash, 160)
	first := time.Now().Add(-time.Hour)
	if _, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: "k1", Responses: rs[:60], ReceivedAt: first}); err != nil {
		t.Fatal(err)
	}
	batch := slices.Clone(rs[40:160]) // 40–59 stored before, 60–159 new
	changed := batch[5]               // seq 46
	changed.DurationMS++
	batch[5] = scoringtest.Rehash(changed)
	res, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: "k1", Responses: batch, ReceivedAt: time.Now(),
		Check: func(i int) bool { return i != 70 }})
	if err != nil {
		t.Fatal(err)
	}
	for i, item := range res.Items {
		want := scoring.ItemAccepted
		switch {
		case i == 5:
			want = scoring.ItemConflict
		case i == 70:
			want = scoring.ItemRejected
		case i < 20:
			want = scoring.ItemDuplicate
		}
		if item != want {
			t.Errorf("item %d (seq %d): %s, want %s", i, batch[i].Seq, item, want)
		}
	}
	if n, _, _ := st.Counts(ctx); n != 159 {
		t.Errorf("%d stored, want 159 (160 less the rejected one)", n)
	}
	stored, err := st.Response(ctx, rs[45].ID)
	if err != nil || stored.Hash != rs[45].Hash || !stored.ReceivedAt.Equal(first.Truncate(time.Millisecond)) {
		t.Errorf("the conflicting id's stored response changed: %+v %v", stored, err)
	}
}
