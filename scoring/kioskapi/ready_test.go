package kioskapi_test

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

// TestReadyzFailsWhileTheDatabaseIsWriteLocked is issue 9 item 9: while
// another connection holds the database's write lock (so uploads would
// get 503), /readyz answers 503 with a JSON error, within a couple of
// seconds; /healthz, liveness, stays 200; released, /readyz is 200 again.
func TestReadyzFailsWhileTheDatabaseIsWriteLocked(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	if w := f.do("GET", "/readyz", "", nil, nil); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"ready"`) {
		t.Fatalf("readyz before: %d %s", w.Code, w.Body)
	}
	other, err := sql.Open("sqlite3", sqlitestore.DSN(f.st.Path(), "_txlock=immediate&_busy_timeout=100"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Begin() // BEGIN IMMEDIATE: holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	w := f.do("GET", "/readyz", "", nil, nil)
	if w.Code != http.StatusServiceUnavailable || errorCode(t, w) != protocol.CodeUnavailable || w.Header().Get("Retry-After") == "" {
		t.Fatalf("readyz while locked: %d %s", w.Code, w.Body)
	}
	if !strings.Contains(w.Body.String(), "write") {
		t.Fatalf("the error does not say what is wrong: %s", w.Body)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("readyz took %v to answer", d)
	}
	if w := f.do("GET", "/healthz", "", nil, nil); w.Code != http.StatusOK {
		t.Fatalf("healthz (liveness) while locked: %d %s", w.Code, w.Body)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if w := f.do("GET", "/readyz", "", nil, nil); w.Code != http.StatusOK {
		t.Fatalf("readyz after release: %d %s", w.Code, w.Body)
	}
}

// failingIngest is a store whose ingests fail, as on a full disk, while
// everything else works.
type failingIngest struct {
	scoring.Store
	fail bool
}

func (s *failingIngest) Ingest(ctx context.Context, b scoring.IngestBatch) (scoring.IngestResult, error) {
	if s.fail {
		return scoring.IngestResult{}, errors.New("disk I/O error")
	}
	return s.Store.Ingest(ctx, b)
}

// TestReadyzFailsWhileIngestsFail: the write probe passes on a full disk
// (it writes nothing), so readiness also fails while the last ingest
// failed on the server's side, until one succeeds or ReadyWindow passes.
func TestReadyzFailsWhileIngestsFail(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	st := &failingIngest{Store: f.st, fail: true}
	f.h = kioskapi.NewServer(nil, st, nil, kioskapi.Config{Now: f.clock.Now})
	rs := scoringtest.Chain(kioskOf("k1"), 1, survey.GenesisHash, 3)
	if code, _, w := f.send(token, rs[:1]); code != http.StatusInternalServerError {
		t.Fatalf("failing ingest: %d %s", code, w.Body)
	}
	w := f.do("GET", "/readyz", "", nil, nil)
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "ingest") {
		t.Fatalf("readyz after a failed ingest: %d %s", w.Code, w.Body)
	}
	f.clock.Advance(kioskapi.ReadyWindow + time.Second)
	if w := f.do("GET", "/readyz", "", nil, nil); w.Code != http.StatusOK {
		t.Fatalf("readyz once the window passed: %d %s", w.Code, w.Body)
	}
	if code, _, w := f.send(token, rs[1:2]); code != http.StatusInternalServerError {
		t.Fatalf("failing ingest: %d %s", code, w.Body)
	}
	st.fail = false
	if code, _, w := f.send(token, rs[:1]); code != http.StatusOK {
		t.Fatalf("ingest: %d %s", code, w.Body)
	}
	if w := f.do("GET", "/readyz", "", nil, nil); w.Code != http.StatusOK {
		t.Fatalf("readyz after a good ingest: %d %s", w.Code, w.Body)
	}
}
