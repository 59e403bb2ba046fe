package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hailong/kiosk/localdb"
	"hailong/kiosk/localdb/localdbtest"
	"hailong/kiosk/survey"
	"hailong/kiosk/upload"
)

// lossyN is the backlog of the lossy-link drain: the figure of issue 9.
const lossyN = 20_000

// TestDrainThroughLossyLink drains the same 20,000 pending responses twice
// in one run, each time into a fresh real server through the fault proxy:
// once with no faults, once with one request in five reset after the server
// committed it, 5% truncated (request or answer) and 3% stalled past the
// client's timeout. The uploader runs with the kiosk's own defaults (batch
// size, request timeout, backoff). Both drains must deliver every response
// exactly once; the faulty one must finish in a bounded time, and the two
// times are logged side by side (docs/PERFORMANCE.md, "Uploads through a
// lossy link"). LOSSY_RTT and LOSSY_RATE (bytes/s) shape both links like a
// slower one.
func TestDrainThroughLossyLink(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000 responses, twice")
	}
	shape := proxyConfig{stallFor: 2 * upload.DefaultRequestTimeout}
	if v := os.Getenv("LOSSY_RTT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatal(err)
		}
		shape.rtt = d
	}
	if v := os.Getenv("LOSSY_RATE"); v != "" {
		var rate int
		if _, err := fmt.Sscan(v, &rate); err != nil {
			t.Fatal(err)
		}
		shape.rate = rate
	}
	file := backlogFile(t, lossyN, configVersionAtCounter1(t))

	clean := drainTimed(t, file, shape, lossyN)
	faulty := shape
	faulty.resetEvery, faulty.truncate, faulty.stall = 5, 0.05, 0.03
	lossy := drainTimed(t, file, faulty, lossyN)

	ratio := float64(lossy.took) / float64(clean.took)
	t.Logf("fault-free drain %s (%d requests); faulty drain %s (%d requests: %s): %.2f× (link: rtt %s, rate %d B/s)",
		clean.took.Round(time.Millisecond), clean.requests, lossy.took.Round(time.Millisecond), lossy.requests,
		lossy.faults, ratio, shape.rtt, shape.rate)
	if lossy.resets*5 < lossy.requests-4 {
		t.Errorf("%d resets in %d requests: fewer than one in five", lossy.resets, lossy.requests)
	}
	if lossy.stalls == 0 || lossy.truncations == 0 {
		t.Errorf("the faulty drain saw %d stalls and %d truncations; the test needs some of each", lossy.stalls, lossy.truncations)
	}
}

// timedDrain is one timed drain through the proxy.
type timedDrain struct {
	took                                  time.Duration
	requests, resets, truncations, stalls int
	faults                                string
}

// drainTimed copies the backlog file into a new kiosk, enrols it with a
// fresh server, and times an uploader with the kiosk's defaults draining
// it through a proxy with cfg. It fails the test unless every response
// reaches the server exactly once within lossyBound.
func drainTimed(t *testing.T, file []byte, cfg proxyConfig, n int) timedDrain {
	t.Helper()
	const lossyBound = 2 * time.Minute
	s := startServer(t, nil)
	k := &kiosk{db: localdbtest.OpenCopy(t, file)}
	t.Cleanup(func() { k.db.Close() })
	res, err := k.enrol(t, s.URL, s.code(t), "")
	if err != nil {
		t.Fatal(err)
	}
	proxy := startProxy(t, s.URL, cfg)
	u, err := upload.New(upload.Options{ServerURL: proxy.URL, Token: res.Token, Outbox: k.db, AppVersion: "e2e"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	stop := runUploader(t, u)
	k.waitDrained(t, lossyBound)
	took := time.Since(start)
	stop()
	checkExactlyOnce(t, s, k, n)
	total, counts := proxy.tally()
	_, faults := proxy.report()
	return timedDrain{took: took, requests: total, resets: counts[faultResetAfterCommit],
		truncations: counts[faultTruncateRequest] + counts[faultTruncateResponse], stalls: counts[faultStall], faults: faults}
}

// configVersionAtCounter1 is the configuration version every e2e server
// sends a kiosk at counter 1 (their rosters are the same: e2eRoster), as a
// kiosk enrolled to one learns it.
func configVersionAtCounter1(t *testing.T) string {
	t.Helper()
	s := startServer(t, nil)
	k := newKiosk(t)
	res, err := k.enrol(t, s.URL, s.code(t), "")
	if err != nil {
		t.Fatal(err)
	}
	return res.Config.Version
}

// backlogFile makes a kiosk store holding n pending responses for the e2e
// server's centre and returns its file, so that two kiosks can start from
// the very same backlog.
func backlogFile(t *testing.T, n int, configVersion string) []byte {
	t.Helper()
	dir := t.TempDir()
	tmpl := survey.Response{CentreID: centreID, CounterID: "1", OfficerID: "cb01", Scale: "legal3",
		Outcome: survey.OutcomeSubmitted, Lang: "vi", AppVersion: "e2e", ConfigVersion: configVersion}
	localdbtest.Backlog(t, dir, n, tmpl, time.Now().Add(-time.Hour), 100*time.Millisecond)
	file, err := os.ReadFile(filepath.Join(dir, localdb.FileName))
	if err != nil {
		t.Fatal(err)
	}
	return file
}

// runUploader runs u until the returned stop is called (or the test ends).
func runUploader(t *testing.T, u *upload.Uploader) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		u.Run(ctx)
	}()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		if err := u.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		cancel()
		<-done
	}
	t.Cleanup(stop)
	return stop
}
