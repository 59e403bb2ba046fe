package e2e

import (
	"testing"
	"time"
)

// TestDrainThroughNetworkFaults: 10,000 thanked ratings reach the real
// server exactly once while a proxy resets connections after the server
// committed, truncates requests and answers, stalls past the client's
// timeout and adds latency on a third of the requests.
func TestDrainThroughNetworkFaults(t *testing.T) {
	n := 10000
	if testing.Short() {
		n = 2000
	}
	s := startServer(t, nil)
	k := newKiosk(t)
	res, err := k.enrol(t, s.URL, s.code(t), "")
	if err != nil {
		t.Fatal(err)
	}
	k.save(t, n)
	proxy := startFaultProxy(t, s.URL, 0.35, 2500*time.Millisecond)
	// Small batches so that there are enough requests for the faults to bite.
	u := k.runBatch(t, proxy.URL, res.Token, 100)
	k.waitDrained(t, 3*time.Minute)
	share, counts := proxy.report()
	t.Logf("faults: %.0f%% of requests: %s; uploader: %+v", share*100, counts, u.Status().LastError)
	if share < 0.20 {
		t.Fatalf("only %.0f%% of requests were faulted", share*100)
	}
	checkExactlyOnce(t, s, k, n)
}
