package kioskapp

import (
	"context"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/internal/benchcpu"
	"hailong/kiosk/localdb"
	"hailong/kiosk/localdb/localdbtest"
	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

// serverChecks returns the checks the server holds for the only kiosk.
func storedChecks(t *testing.T, st *sqlitestore.Store) []scoring.KioskCheck {
	t.Helper()
	ks, err := st.Kiosks(context.Background())
	if err != nil || len(ks) != 1 {
		t.Fatalf("kiosks %+v (%v)", ks, err)
	}
	return ks[0].Checks
}

// enrolled enrols a kiosk in a new data directory against the real
// server in-process.
func enrolledKiosk(t *testing.T) (data string, st *sqlitestore.Store) {
	t.Helper()
	srv, st := demoServer(t)
	data = t.TempDir()
	code, err := scoring.IssueEnrolCode(context.Background(), st, "hl-honggai", "2", time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "", "enrol", "--data-dir", data, "--server", srv.URL, "--code", code); err != nil {
		t.Fatal(err)
	}
	return data, st
}

// A running kiosk's self-checks ride on its heartbeat: a disk that fills
// up shows on the server as disk=low, and clears when there is room again.
func TestHeartbeatCarriesTheSelfChecks(t *testing.T) {
	data, st := enrolledKiosk(t)
	ctx := context.Background()
	db, err := localdb.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e, _, err := db.Enrolment(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sy, err := newSyncer(db, e, "test", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	// The uploader's loop sends its first heartbeat at once, before the
	// first run of the checks: it carries none, and tells the kiosk its
	// clock offset, which the checks then judge.
	sy.start(ctx, func(protocol.KioskConfig) error { return nil }, func(protocol.KioskConfig) {})
	deadline := time.Now().Add(10 * time.Second)
	for !sy.up.Status().ClockKnown && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	sy.stop(ctx)
	if !sy.up.Status().ClockKnown {
		t.Fatal("no heartbeat from the uploader's loop")
	}
	if got := storedChecks(t, st); got != nil {
		t.Fatalf("checks before the first run: %+v", got)
	}

	defer func(v int64) { minFreeDisk = v }(minFreeDisk)
	minFreeDisk = 1 << 62 // every disk is full
	sy.health.once(ctx)
	if _, _, err := sy.up.Heartbeat(ctx); err != nil {
		t.Fatal(err)
	}
	want := []scoring.KioskCheck{{Name: "backlog", Result: "ok"}, {Name: "chain", Result: "ok"}, {Name: "database", Result: "ok"},
		{Name: "disk", Result: "low"}, {Name: "pins", Result: "ok"}, {Name: "threading", Result: "ok"}}
	got := storedChecks(t, st)
	if len(got) != 7 || got[2] != (scoring.KioskCheck{Name: "clock", Result: "ok"}) {
		t.Fatalf("stored checks %+v, want clock ok from the loop's heartbeat", got)
	}
	if got = append(got[:2], got[3:]...); !reflect.DeepEqual(got, want) {
		t.Fatalf("stored checks %+v, want %+v", got, want)
	}

	minFreeDisk = 0
	sy.health.once(ctx)
	if _, _, err := sy.up.Heartbeat(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range storedChecks(t, st) {
		if !c.OK() {
			t.Fatalf("after room was made: %+v", c)
		}
	}
}

// kiosk doctor's heartbeat carries what it found, so the Fleet page shows
// at once what a technician on site sees.
func TestDoctorSendsItsChecks(t *testing.T) {
	data, st := enrolledKiosk(t)
	defer func(v int64) { minFreeDisk = v }(minFreeDisk)
	minFreeDisk = 1 << 62
	out, _, err := runCmd(t, "", "doctor", "--data-dir", data)
	if err == nil || !strings.Contains(out, "FAIL disk") {
		t.Fatalf("doctor with a full disk: %v\n%s", err, out)
	}
	var disk string
	for _, c := range storedChecks(t, st) {
		if c.Name == protocol.CheckDisk {
			disk = c.Result
		}
	}
	if disk != "low" {
		t.Fatalf("the server holds disk=%q after doctor; want low (%+v)", disk, storedChecks(t, st))
	}
}

// The runner checks off the caller's goroutine, after its first wait, and
// stops with its context.
func TestHealthRunsAndStops(t *testing.T) {
	db, err := localdb.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := &health{db: db, first: time.Millisecond, every: time.Hour, log: slog.New(slog.DiscardHandler),
		clock: func() (time.Duration, bool) { return 3 * time.Minute, true },
		pins:  func() check { return staffPINCheck(protocol.KioskConfig{}) }}
	if h.checks() != nil {
		t.Fatal("checks before any run")
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); h.run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for h.checks() == nil && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if c := h.checks(); c[protocol.CheckClock] != "skewed" || c[protocol.CheckDatabase] != "ok" {
		t.Fatalf("checks %v", c)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("run did not stop with its context")
	}
}

// BenchmarkHealthChecks is one run of the self-checks on a kiosk that
// keeps 100,000 responses (90 days of a busy counter): deep, what the
// heartbeat costs the kiosk every deepEvery, and quick, every healthEvery.
func BenchmarkHealthChecks(b *testing.B) {
	for _, deep := range []bool{true, false} {
		name := "quick"
		if deep {
			name = "deep"
		}
		b.Run(name, func(b *testing.B) { benchHealth(b, deep) })
	}
}

func benchHealth(b *testing.B, deep bool) {
	dir := b.TempDir()
	tmpl := survey.Response{CentreID: "c1", CounterID: "1", OfficerID: "o1", Scale: survey.ScaleFace4,
		Outcome: survey.OutcomeSubmitted, Lang: "vi", AppVersion: "test", ConfigVersion: "cfg"}
	localdbtest.Backlog(b, dir, 100_000, tmpl, time.Now().Add(-90*24*time.Hour), time.Minute)
	db, err := localdb.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	h := &health{db: db, log: slog.New(slog.DiscardHandler), clock: func() (time.Duration, bool) { return 0, false },
		pins: func() check { return staffPINCheck(protocol.KioskConfig{}) }}
	if !deep {
		h.deep = 100 * 365 * 24 * time.Hour
	}
	ctx := context.Background()
	h.once(ctx) // the quick runs repeat this deep one's words
	c0 := benchcpu.Used(b)
	for b.Loop() {
		h.once(ctx)
	}
	b.ReportMetric(float64((benchcpu.Used(b)-c0).Milliseconds())/float64(b.N), "cpu-ms/op")
	if c := h.checks(); c[protocol.CheckDatabase] != "ok" || c[protocol.CheckChain] != "ok" {
		b.Fatalf("checks %v", c)
	}
}
