package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/scoring/webhook"
	"hailong/kiosk/survey"
)

// hookReceiver records the JSON documents POSTed to it.
type hookReceiver struct {
	srv  *httptest.Server
	mu   sync.Mutex
	docs []map[string]any
}

func newHookReceiver(t *testing.T) *hookReceiver {
	rc := &hookReceiver{}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var doc map[string]any
		if err := json.Unmarshal(b, &doc); err != nil {
			doc = map[string]any{"unreadable": string(b)}
		}
		rc.mu.Lock()
		rc.docs = append(rc.docs, doc)
		rc.mu.Unlock()
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *hookReceiver) got() []map[string]any {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]map[string]any(nil), rc.docs...)
}

// TestServeSendsAlertWebhook: serve POSTs a new alert to its centre's
// webhook once, with the link to the dashboard's Alerts page, and keeps
// evaluating without sending it again.
func TestServeSendsAlertWebhook(t *testing.T) {
	rc := newHookReceiver(t)
	db := filepath.Join(t.TempDir(), "scoring.db")
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Trung tâm PVHCC", "--technician-pin", "909090")
	mustCLI(t, db, "centre", "set", "--id", "qn", "--webhook", rc.srv.URL+"/hooks/qn")
	mustCLI(t, db, "officer", "add", "--centre", "qn", "--id", "cb01", "--name", "Nguyễn Thị Lan", "--pin", "1111")
	code := strings.TrimSpace(mustCLI(t, db, "enrol-code", "--centre", "qn", "--counter", "3"))
	base, stop := serve(t, db, "--alert-every", "50ms", "--dashboard-url", "https://hailong.example.vn")
	defer stop()
	status, body := post(t, base+protocol.PathEnrol, "", protocol.EnrolRequest{Code: code, KioskID: "k1", Hostname: "quay-3", AppVersion: "0.1.0"})
	if status != http.StatusOK {
		t.Fatalf("enrol: %d %s", status, body)
	}
	var er protocol.EnrolResponse
	json.Unmarshal(body, &er)
	rs := scoringtest.Chain(scoringtest.Kiosk{ID: "k1", CentreID: "qn", CounterID: "3", OfficerID: "cb01", ConfigVersion: er.Config.Version}, 1, survey.GenesisHash, 6)
	gapped := append(rs[:2:2], rs[4:]...)
	if status, body := post(t, base+protocol.PathResponses, er.Token, protocol.Batch{BatchID: scoringtest.BatchID("b1"), Responses: gapped}); status != http.StatusOK {
		t.Fatalf("batch: %d %s", status, body)
	}
	for end := time.Now().Add(10 * time.Second); len(rc.got()) == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("no webhook POST after 10 s")
		}
	}
	time.Sleep(300 * time.Millisecond) // a few more passes
	docs := rc.got()
	if len(docs) != 1 {
		t.Fatalf("%d POSTs, want 1: %v", len(docs), docs)
	}
	d := docs[0]
	if d["event"] != "opened" || d["kind"] != "chain" || d["subject"] != "k1" || d["centre"] != "qn" ||
		d["link"] != "https://hailong.example.vn/alerts" || !strings.Contains(fmt.Sprint(d["text"]), "thiếu 2 lượt") {
		t.Fatalf("POSTed %v", d)
	}
}

// alertStore is a store with centre qn, its webhook at url, and kiosks
// k1 … kN enrolled on Monday 30 Nov 2026 and never heard of since.
func alertStore(t *testing.T, url string, kiosks int) *sqlitestore.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	at := time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC)
	c, err := scoring.NewCentre("qn", "Trung tâm PVHCC", "legal3", "909090", "", at)
	if err != nil {
		t.Fatal(err)
	}
	c.Webhook = url
	if _, err := st.SaveCentre(ctx, c); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= kiosks; i++ {
		code, err := scoring.IssueEnrolCode(ctx, st, "qn", fmt.Sprint(i), at, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprintf("k%d", i)
		if _, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: scoring.HashSecret(scoring.NormaliseEnrolCode(code)),
			KioskID: id, TokenHash: scoring.HashSecret(id), At: at}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// runHooks runs a notifier until the test ends.
func runHooks(t *testing.T, opts webhook.Options) *webhook.Notifier {
	n := webhook.New(opts)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); n.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return n
}

// TestHangingWebhookNeverBlocksEvaluator: a centre's webhook that never
// answers does not hold up the alert evaluator (nor an acknowledgement):
// the events queue, the overflow is dropped and counted, and every alert
// is opened in the store all the same.
func TestHangingWebhookNeverBlocksEvaluator(t *testing.T) {
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hang.Close()
	defer close(release)
	st := alertStore(t, hang.URL, 6)
	hooks := runHooks(t, webhook.Options{Centres: st, Timeout: time.Hour, QueueSize: 2, Workers: 1})
	ns := notifyingStore{Store: st, hooks: hooks}
	now := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC) // Friday 15:00 in Vietnam: every kiosk is silent
	began := time.Now()
	pass, err := scoring.EvaluateAlerts(context.Background(), ns, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(pass.Opened) != 6 {
		t.Fatalf("opened %d alerts, want 6", len(pass.Opened))
	}
	if _, err := ns.AckAlert(context.Background(), pass.Opened[0].ID, "web:lan@example.vn", "đã gọi kỹ thuật", now); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took > 2*time.Second {
		t.Fatalf("the evaluator took %v behind a hanging webhook", took)
	}
	if s := hooks.Stats(); s.Queued != 2 || s.Dropped != 5 {
		t.Errorf("stats %+v; want 2 queued and 5 dropped", s)
	}
}

// TestWebhookToldOfAckAndClose: an acknowledgement (who, the comment) and
// a closing reach the webhook after the opening.
func TestWebhookToldOfAckAndClose(t *testing.T) {
	rc := newHookReceiver(t)
	st := alertStore(t, rc.srv.URL, 1)
	hooks := runHooks(t, webhook.Options{Centres: st})
	ns := notifyingStore{Store: st, hooks: hooks}
	ctx := context.Background()
	now := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	pass, err := scoring.EvaluateAlerts(ctx, ns, now)
	if err != nil || len(pass.Opened) != 1 {
		t.Fatalf("opened %v (%v)", pass.Opened, err)
	}
	id := pass.Opened[0].ID
	waitDocs := func(n int) []map[string]any {
		t.Helper()
		for end := time.Now().Add(5 * time.Second); len(rc.got()) < n; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(end) {
				t.Fatalf("%d POSTs after 5 s, want %d", len(rc.got()), n)
			}
		}
		return rc.got()
	}
	waitDocs(1)
	if _, err := ns.AckAlert(ctx, id, "web:lan@example.vn", "đã gọi kỹ thuật", now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	waitDocs(2)
	if _, err := ns.CloseAlert(ctx, id, "web:lan@example.vn", now.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	docs := waitDocs(3)
	for i, want := range []map[string]any{
		{"event": "opened", "kind": "silent_kiosk", "subject": "k1", "at": "2026-12-04T08:00:00Z"},
		{"event": "acknowledged", "by": "web:lan@example.vn", "comment": "đã gọi kỹ thuật", "at": "2026-12-04T08:01:00Z"},
		{"event": "closed", "by": "web:lan@example.vn", "at": "2026-12-04T08:02:00Z"},
	} {
		for k, v := range want {
			if docs[i][k] != v {
				t.Errorf("POST %d: %s = %v, want %v", i+1, k, docs[i][k], v)
			}
		}
		if docs[i]["alert_id"] != float64(id) || docs[i]["opened_at"] != "2026-12-04T08:00:00Z" {
			t.Errorf("POST %d: %v", i+1, docs[i])
		}
	}
	// A failed transition tells nobody.
	if _, err := ns.CloseAlert(ctx, id, "web:lan@example.vn", now.Add(3*time.Minute)); err == nil {
		t.Fatal("closed twice")
	}
	time.Sleep(50 * time.Millisecond)
	if n := len(rc.got()); n != 3 {
		t.Errorf("%d POSTs after a refused close, want 3", n)
	}
}
