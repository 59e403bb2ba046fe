package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/webhook"
)

// centres is a roster of centres by id.
type centres map[string]scoring.Centre

func (cs centres) Roster(_ context.Context, id string) (scoring.Centre, []scoring.Officer, error) {
	c, ok := cs[id]
	if !ok {
		return c, nil, scoring.ErrNotFound
	}
	return c, nil, nil
}

// receiver is a webhook receiver that records what it was sent and
// answers with the statuses given, then 200.
type receiver struct {
	srv      *httptest.Server
	mu       sync.Mutex
	bodies   [][]byte
	times    []time.Time
	statuses []int
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	rc := &receiver{statuses: statuses}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		n := len(rc.bodies)
		if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			b = []byte("bad request: " + r.Method + " " + r.Header.Get("Content-Type"))
		}
		rc.bodies = append(rc.bodies, b)
		rc.times = append(rc.times, time.Now())
		rc.mu.Unlock()
		if n < len(rc.statuses) {
			w.WriteHeader(rc.statuses[n])
		}
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) got() ([][]byte, []time.Time) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([][]byte(nil), rc.bodies...), append([]time.Time(nil), rc.times...)
}

// start runs a notifier until the test ends.
func start(t *testing.T, opts webhook.Options) *webhook.Notifier {
	t.Helper()
	n := webhook.New(opts)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); n.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return n
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("after 5 s: %s", what)
		}
	}
}

var silentAlert = scoring.Alert{ID: 7, CentreID: "qn", Kind: scoring.AlertSilentKiosk, Subject: "k1", State: scoring.AlertOpen,
	OpenedAt: time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC),
	Detail:   scoring.AlertDetail{LastSeen: time.Date(2026, 12, 4, 4, 0, 0, 0, time.UTC), Counter: "3"}}

// TestDeliveredOnceOnOpen: an opened alert reaches its centre's webhook
// once, as the JSON document of docs/DASHBOARD.md; a centre without a
// webhook sends nothing.
func TestDeliveredOnceOnOpen(t *testing.T) {
	rc := newReceiver(t)
	n := start(t, webhook.Options{Centres: centres{
		"qn": {ID: "qn", Name: "Trung tâm PVHCC Quảng Ninh", Webhook: rc.srv.URL + "/hooks/abc"},
		"hn": {ID: "hn", Name: "Hà Nội"},
	}, Dashboard: "https://hailong.example.vn/"})
	if !n.Notify(scoring.AlertEventOpened, silentAlert) {
		t.Fatal("the event was dropped")
	}
	other := silentAlert
	other.CentreID = "hn"
	n.Notify(scoring.AlertEventOpened, other)
	waitFor(t, "one delivery and one centre without a webhook", func() bool {
		s := n.Stats()
		return s.Delivered == 1 && s.NoWebhook == 1
	})
	time.Sleep(50 * time.Millisecond)
	bodies, _ := rc.got()
	if len(bodies) != 1 {
		t.Fatalf("%d POSTs, want 1: %q", len(bodies), bodies)
	}
	var doc map[string]any
	if err := json.Unmarshal(bodies[0], &doc); err != nil {
		t.Fatalf("%s: %v", bodies[0], err)
	}
	for k, want := range map[string]any{"event": "opened", "alert_id": 7.0, "centre": "qn", "centre_name": "Trung tâm PVHCC Quảng Ninh",
		"kind": "silent_kiosk", "subject": "k1", "opened_at": "2026-12-04T08:00:00Z", "link": "https://hailong.example.vn/alerts"} {
		if doc[k] != want {
			t.Errorf("%s = %v, want %v", k, doc[k], want)
		}
	}
	if d, _ := doc["detail"].(map[string]any); d["counter"] != "3" || d["last_seen"] != "2026-12-04T04:00:00Z" {
		t.Errorf("detail %v", doc["detail"])
	}
	text, _ := doc["text"].(string)
	for _, want := range []string{"Trung tâm PVHCC Quảng Ninh", "Cảnh báo mới", "ki-ốt k1 (quầy 3) im lặng", "liên lạc lần cuối lúc 11:00 04/12/2026",
		"New alert", "kiosk k1 (counter 3) silent", "https://hailong.example.vn/alerts"} {
		if !strings.Contains(text, want) {
			t.Errorf("text %q lacks %q", text, want)
		}
	}
	if s := n.Stats(); s.Queued != 2 || s.Retried != 0 || s.Failed != 0 || s.Dropped != 0 {
		t.Errorf("stats %+v", s)
	}
}

// TestRetriedAfterServerError: a 500 is tried again after the backoff, a
// 4xx other than 408 and 429 is not, and an event is given up after
// Tries POSTs whose waits double.
func TestRetriedAfterServerError(t *testing.T) {
	t.Run("500 then 200", func(t *testing.T) {
		rc := newReceiver(t, http.StatusInternalServerError)
		n := start(t, webhook.Options{Centres: centres{"qn": {ID: "qn", Webhook: rc.srv.URL}}, Backoff: 20 * time.Millisecond})
		n.Notify(scoring.AlertEventOpened, silentAlert)
		waitFor(t, "delivered", func() bool { return n.Stats().Delivered == 1 })
		bodies, times := rc.got()
		if len(bodies) != 2 || string(bodies[0]) != string(bodies[1]) || times[1].Sub(times[0]) < 16*time.Millisecond {
			t.Fatalf("%d POSTs %v apart, want the same body twice at least 16 ms apart", len(bodies), times[len(times)-1].Sub(times[0]))
		}
		if s := n.Stats(); s.Retried != 1 || s.Failed != 0 {
			t.Errorf("stats %+v", s)
		}
	})
	t.Run("always 503: five tries, the waits doubling", func(t *testing.T) {
		rc := newReceiver(t, 503, 503, 503, 503, 503, 503, 503)
		n := start(t, webhook.Options{Centres: centres{"qn": {ID: "qn", Webhook: rc.srv.URL}}, Backoff: 20 * time.Millisecond})
		n.Notify(scoring.AlertEventOpened, silentAlert)
		waitFor(t, "given up", func() bool { return n.Stats().Failed == 1 })
		time.Sleep(100 * time.Millisecond)
		_, times := rc.got()
		if len(times) != webhook.DefaultTries {
			t.Fatalf("%d POSTs, want %d", len(times), webhook.DefaultTries)
		}
		for i := 1; i < len(times); i++ {
			min := time.Duration(float64(20*time.Millisecond<<(i-1)) * 0.8)
			if gap := times[i].Sub(times[i-1]); gap < min {
				t.Errorf("try %d came %v after the one before, want at least %v", i+1, gap, min)
			}
		}
		if s := n.Stats(); s.Retried != webhook.DefaultTries-1 || s.Delivered != 0 {
			t.Errorf("stats %+v", s)
		}
	})
	t.Run("404 is final", func(t *testing.T) {
		rc := newReceiver(t, http.StatusNotFound, http.StatusNotFound)
		n := start(t, webhook.Options{Centres: centres{"qn": {ID: "qn", Webhook: rc.srv.URL}}, Backoff: 5 * time.Millisecond})
		n.Notify(scoring.AlertEventOpened, silentAlert)
		waitFor(t, "given up", func() bool { return n.Stats().Failed == 1 })
		time.Sleep(50 * time.Millisecond)
		if bodies, _ := rc.got(); len(bodies) != 1 {
			t.Fatalf("%d POSTs, want 1", len(bodies))
		}
	})
	t.Run("unreachable, then retried", func(t *testing.T) {
		rc := newReceiver(t)
		url := rc.srv.URL
		rc.srv.Close() // nothing listens
		n := start(t, webhook.Options{Centres: centres{"qn": {ID: "qn", Webhook: url}}, Backoff: 5 * time.Millisecond, Tries: 2})
		n.Notify(scoring.AlertEventOpened, silentAlert)
		waitFor(t, "given up", func() bool { s := n.Stats(); return s.Failed == 1 && s.Retried == 1 })
	})
}

// TestHangingReceiverNeverBlocks: a receiver that never answers costs one
// timeout per POST on the notifier's own workers; Notify keeps returning
// at once, and beyond the queue's size it drops and counts.
func TestHangingReceiverNeverBlocks(t *testing.T) {
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hang.Close()
	defer close(release)
	n := start(t, webhook.Options{Centres: centres{"qn": {ID: "qn", Webhook: hang.URL}}, Timeout: 100 * time.Millisecond,
		Backoff: time.Hour, QueueSize: 8, Workers: 2})
	began := time.Now()
	accepted := 0
	for range 50 {
		if n.Notify(scoring.AlertEventOpened, silentAlert) {
			accepted++
		}
	}
	if took := time.Since(began); took > 100*time.Millisecond {
		t.Fatalf("50 Notify calls took %v", took)
	}
	if s := n.Stats(); accepted != 8 || s.Dropped != 42 {
		t.Fatalf("accepted %d, stats %+v; want 8 queued and 42 dropped", accepted, s)
	}
	// Each POST times out and waits for its retry (an hour away); the
	// queue stays full of them until then.
	waitFor(t, "every event tried once", func() bool { return n.Stats().Retried == 8 })
	if n.Notify(scoring.AlertEventOpened, silentAlert) {
		t.Error("the queue took a ninth event while eight wait to retry")
	}
}
