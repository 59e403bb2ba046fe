package kioskapp

import (
	"context"
	"errors"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/prometheus/client_golang/prometheus"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/survey"
)

// TestReenrolKeepsPendingRatingsAndSequence: the technician screen's Enrol
// again (boot.reenrol) on a kiosk whose server moved: a wrong code
// changes nothing; the right code for a new server saves the new
// enrolment, replaces the uploader, installs the new configuration, and
// the ratings that were waiting, and the next one, reach the new server
// in one unbroken sequence and hash chain.
func TestReenrolKeepsPendingRatingsAndSequence(t *testing.T) {
	test.NewTempApp(t) // reenrol shows the new uploader on the UI thread
	ctx := context.Background()
	oldSrv, st := demoServer(t)
	// The province's server moved: the same database behind a new address
	// (a server that never sent this kiosk its configuration would
	// quarantine the waiting ratings: scoring's trust rules).
	newSrv := httptest.NewServer(kioskapi.NewServer(slog.New(slog.DiscardHandler), st, prometheus.NewRegistry(), kioskapi.Config{}))
	t.Cleanup(newSrv.Close)
	data := t.TempDir()
	code, err := scoring.IssueEnrolCode(ctx, st, "hl-honggai", "2", time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "", "enrol", "--data-dir", data, "--server", oldSrv.URL, "--code", code); err != nil {
		t.Fatal(err)
	}
	oldSrv.Close() // the old server is gone: ratings wait in the outbox

	db, err := openStore(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e, _, err := db.Enrolment(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// stamped with the configuration in force, as the screens do
	rate := func() survey.Response {
		t.Helper()
		r, err := db.SaveResponse(ctx, survey.Response{CentreID: "hl-honggai", CounterID: "2", OfficerID: "hg-017",
			Scale: survey.ScaleFace4, RawValue: 4, Level: survey.VerySatisfied, Outcome: survey.OutcomeSubmitted, Reasons: []string{},
			Lang: "vi", CreatedAt: time.Now().Format(survey.TimeLayout), AppVersion: "test", ConfigVersion: e.Config.Version})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	saved := []survey.Response{rate(), rate(), rate()}

	log := slog.New(slog.NewTextHandler(testWriter{t}, nil))
	b := &boot{env: &env{Build: Build{Version: "test"}}, log: log, db: db, provincePath: "/nonexistent/kiosk.toml"}
	var applied []protocol.KioskConfig
	b.apply = func(pc protocol.KioskConfig) error { applied = append(applied, pc); return nil }
	b.photos = func(protocol.KioskConfig) {}
	b.setSync = func(*syncer) {}
	first, err := newSyncer(db, e, "test", log)
	if err != nil {
		t.Fatal(err)
	}
	b.sync.replace(ctx, first, func(s *syncer) { s.start(ctx, b.apply, b.photos) })
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		b.sync.stop(stopCtx)
	})

	err = b.reenrol(ctx, newSrv.URL, "WXYZ-2345-6789")
	if err == nil || !strings.Contains(err.Error(), "The enrolment code is wrong") {
		t.Fatalf("a wrong code: %v", err)
	}
	if e2, _, _ := db.Enrolment(ctx); e2.Server != oldSrv.URL || b.sync.current() != first || len(applied) != 0 {
		t.Fatalf("a wrong code changed the enrolment (%s) or the uploader", e2.Server)
	}

	// A new code for the same counter.
	code, err = scoring.IssueEnrolCode(ctx, st, "hl-honggai", "2", time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.reenrol(ctx, newSrv.URL, code); err != nil {
		t.Fatal(err)
	}
	e2, _, err := db.Enrolment(ctx)
	if err != nil || e2.Server != newSrv.URL || e2.Config.Counter.ID != "2" || e2.Token == e.Token {
		t.Fatalf("enrolment after Enrol again: %v %s %s", err, e2.Server, e2.Config.Counter.ID)
	}
	if b.sync.current() == first || len(applied) != 1 || applied[0].Version != e.Config.Version {
		t.Fatalf("uploader replaced: %v, configurations installed: %d", b.sync.current() != first, len(applied))
	}
	saved = append(saved, rate())
	b.sync.current().up.Notify() // as the screens do after each save (Deps.OnSaved)
	for i, r := range saved {
		if r.Seq != int64(i+1) {
			t.Fatalf("rating %d has seq %d", i, r.Seq)
		}
	}
	deadline := time.Now().Add(15 * time.Second)
	for _, r := range saved {
		for {
			_, err := st.Response(ctx, r.ID)
			if err == nil {
				break
			}
			if !errors.Is(err, scoring.ErrNotFound) || time.Now().After(deadline) {
				t.Fatalf("rating %d (%s) not on the new server: %v", r.Seq, r.ID, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	if err := db.VerifyChain(ctx); err != nil {
		t.Fatalf("hash chain after Enrol again: %v", err)
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
