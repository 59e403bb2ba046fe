package sqlitestore

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// techHash is a bcrypt hash of 9999 at the minimum cost (tests only).
const techHash = "$2a$04$0Hj6ydXIcqS3iwUjjCTbe.uoW34EDZfGmFrHoDGCIVVpBGSTtYvfO"

// openWithKiosks opens a store with centre c1 and the kiosks enrolled.
func openWithKiosks(t *testing.T, kiosks ...string) *Store {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	now := time.Now()
	if _, err := s.SaveCentre(ctx, scoring.Centre{ID: "c1", Name: "C1", Scale: "legal3", TechnicianPINHash: techHash, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	for i, k := range kiosks {
		code := fmt.Sprint("code", i)
		if err := s.CreateEnrolCode(ctx, scoring.EnrolCode{Hash: code, CentreID: "c1", CounterID: fmt.Sprint(i + 1), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Enrol(ctx, scoring.Enrolment{CodeHash: code, KioskID: k, TokenHash: "token-" + k, At: now}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// TestGroupCommitKeepsBatchesApart: batches queued while the writer is
// busy are written in one group; the one that fails is rolled back alone
// and answered with its error, the others are stored and answered, and
// the failed one goes in whole once the fault is gone.
func TestGroupCommitKeepsBatchesApart(t *testing.T) {
	ctx := context.Background()
	s := openWithKiosks(t, "k1", "k2", "k3")
	var sizes []int
	testHookGroup = func(n int) { sizes = append(sizes, n) }
	t.Cleanup(func() { testHookGroup = nil })

	// Hold the writer, as an administrative write would, so that the
	// three batches queue behind it.
	conn, err := s.w.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TRIGGER boom BEFORE INSERT ON responses
		WHEN NEW.kiosk_no = (SELECT no FROM kiosks WHERE id = 'k2') AND NEW.seq = 3
		BEGIN SELECT RAISE(ABORT, 'boom'); END`); err != nil {
		t.Fatal(err)
	}
	batches := map[string][]survey.Response{}
	type answer struct {
		kiosk string
		res   scoring.IngestResult
		err   error
	}
	answers := make(chan answer, 3)
	for _, k := range []string{"k1", "k2", "k3"} {
		batches[k] = scoringtest.Chain(scoringtest.Kiosk{ID: k, CentreID: "c1", CounterID: "1", OfficerID: "o1"}, 1, survey.GenesisHash, 5)
	}
	for k, rs := range batches {
		go func() {
			res, err := s.Ingest(ctx, scoring.IngestBatch{KioskID: k, BatchID: "b-" + k, Responses: rs, ReceivedAt: time.Now()})
			answers <- answer{k, res, err}
		}()
	}
	// The goroutine has taken one batch and waits for the connection; the
	// other two wait in the queue.
	for deadline := time.Now().Add(10 * time.Second); len(s.ingests) < 2; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d batches queued, want 2", len(s.ingests))
		}
	}
	conn.Close()
	for range 3 {
		a := <-answers
		if a.kiosk == "k2" {
			if a.err == nil {
				t.Fatalf("k2's batch was stored through the failing trigger: %+v", a.res)
			}
			continue
		}
		if a.err != nil || len(a.res.Items) != 5 || slices.ContainsFunc(a.res.Items, func(it string) bool { return it != scoring.ItemAccepted }) {
			t.Fatalf("%s: %+v %v", a.kiosk, a.res, a.err)
		}
	}
	if !slices.Equal(sizes, []int{3}) {
		t.Fatalf("groups of %v, want one group of 3", sizes)
	}
	n, _, err := s.Counts(ctx)
	if err != nil || n != 10 {
		t.Fatalf("%d responses stored (%v), want k1's and k3's 10", n, err)
	}
	var logged int
	if err := s.r.QueryRowContext(ctx, "SELECT count(*) FROM batches WHERE kiosk_id = 'k2'").Scan(&logged); err != nil || logged != 0 {
		t.Fatalf("k2's failed batch logged %d times (%v)", logged, err)
	}

	if _, err := s.w.ExecContext(ctx, "DROP TRIGGER boom"); err != nil {
		t.Fatal(err)
	}
	res, err := s.Ingest(ctx, scoring.IngestBatch{KioskID: "k2", BatchID: "b-k2", Responses: batches["k2"], ReceivedAt: time.Now()})
	if err != nil || slices.ContainsFunc(res.Items, func(it string) bool { return it != scoring.ItemAccepted }) || len(res.Events) != 0 {
		t.Fatalf("k2 again: %+v %v", res, err)
	}
	ks, err := s.Kiosks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range ks {
		if k.LastSeq != 5 || k.ContiguousSeq != 5 {
			t.Errorf("kiosk %s: last seq %d, contiguous %d; want 5 and 5", k.ID, k.LastSeq, k.ContiguousSeq)
		}
	}
}

// TestIngestAfterCloseFails: a batch handed in once the store has closed
// is answered with an error rather than left waiting.
func TestIngestAfterCloseFails(t *testing.T) {
	s := openWithKiosks(t, "k1")
	s.Close()
	rs := scoringtest.Chain(scoringtest.Kiosk{ID: "k1", CentreID: "c1", CounterID: "1", OfficerID: "o1"}, 1, survey.GenesisHash, 1)
	_, err := s.Ingest(context.Background(), scoring.IngestBatch{KioskID: "k1", Responses: rs, ReceivedAt: time.Now()})
	if !errors.Is(err, errClosed) {
		t.Fatalf("got %v, want %v", err, errClosed)
	}
}
