package kioskapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

// PIN hashes are slow on purpose; the tests make them once.
var (
	hashOnce            sync.Once
	techHash, offHash   string
	techPIN, officerPIN = "909090", "1111"
)

func pinHashes(t testing.TB) (tech, officer string) {
	hashOnce.Do(func() {
		var err error
		if techHash, err = survey.HashPIN(techPIN); err != nil {
			panic(err)
		}
		if offHash, err = survey.HashPIN(officerPIN); err != nil {
			panic(err)
		}
	})
	return techHash, offHash
}

// testClock is a settable clock for kioskapi.Config.Now.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// fixture is a server on a real SQLite store in a temporary directory,
// with centres c1 and c2, each with officer o1.
type fixture struct {
	t     testing.TB
	st    *sqlitestore.Store
	h     http.Handler
	reg   *prometheus.Registry
	clock *testClock
	logs  *syncBuffer
	// kiosks are the kiosks enrol enrolled, with the configuration each
	// was sent, for kioskOf.
	kiosks map[string]scoringtest.Kiosk
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newFixture(t testing.TB, cfg kioskapi.Config) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "scoring.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	tech, off := pinHashes(t)
	for _, c := range []string{"c1", "c2"} {
		if _, err := st.SaveCentre(ctx, scoring.Centre{ID: c, Name: "Trung tâm " + c, Scale: survey.ScaleLegal3,
			TechnicianPINHash: tech, UpdatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.SaveOfficer(ctx, scoring.Officer{CentreID: c, ID: "o1", Name: "Nguyễn Thị Lan",
			Title: "Chuyên viên", PINHash: off, UpdatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{t: t, st: st, reg: prometheus.NewRegistry(), logs: &syncBuffer{},
		clock: &testClock{now: time.Date(2025, 11, 24, 2, 0, 0, 0, time.UTC)}}
	if cfg.Now == nil {
		cfg.Now = f.clock.Now
	}
	// Tests that want 429 say so.
	if cfg.RatePerSecond == 0 {
		cfg.RatePerSecond, cfg.RateBurst = 1e6, 1e6
	}
	if cfg.BatchRatePerSecond == 0 {
		cfg.BatchRatePerSecond, cfg.BatchBurst = 1e6, 1e6
	}
	if cfg.EnrolPerMinute == 0 {
		cfg.EnrolPerMinute, cfg.EnrolBurst = 1e9, 1e6
	}
	log := slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.h = kioskapi.NewServer(log, st, f.reg, cfg)
	return f
}

// code issues an enrolment code for a counter of a centre.
func (f *fixture) code(centre, counter string) string {
	f.t.Helper()
	c, err := scoring.IssueEnrolCode(context.Background(), f.st, centre, counter, f.clock.Now(), scoring.DefaultEnrolCodeTTL)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// enrol enrols kioskID at a centre's counter and returns its token.
func (f *fixture) enrol(kioskID, centre, counter string) (string, protocol.EnrolResponse) {
	f.t.Helper()
	w := f.do("POST", protocol.PathEnrol, "", jsonBody(f.t, protocol.EnrolRequest{
		Code: f.code(centre, counter), KioskID: kioskID, Hostname: "kiosk-" + counter, AppVersion: "0.1.0"}), nil)
	if w.Code != http.StatusOK {
		f.t.Fatalf("enrol: %d %s", w.Code, w.Body)
	}
	var er protocol.EnrolResponse
	decodeInto(f.t, w.Body.Bytes(), &er)
	if f.kiosks == nil {
		f.kiosks = map[string]scoringtest.Kiosk{}
	}
	f.kiosks[kioskID] = scoringtest.Kiosk{ID: kioskID, CentreID: centre, CounterID: counter, OfficerID: "o1",
		ConfigVersion: er.Config.Version}
	return er.Token, er
}

// kioskOf describes the responses of a kiosk for scoringtest: where enrol
// enrolled it, under the configuration it was sent; a kiosk never enrolled
// is at counter 1 of centre c1.
func (f *fixture) kioskOf(id string) scoringtest.Kiosk {
	if k, ok := f.kiosks[id]; ok {
		return k
	}
	return kioskOf(id)
}

// do sends one request to the handler.
func (f *fixture) do(method, path, token string, body []byte, hdr map[string]string) *httptest.ResponseRecorder {
	f.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	r := httptest.NewRequest(method, path, rd)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

// send posts a batch of rs (gzip'd) and decodes a 200 answer.
func (f *fixture) send(token string, rs []survey.Response) (int, protocol.BatchResult, *httptest.ResponseRecorder) {
	f.t.Helper()
	w := f.do("POST", protocol.PathResponses, token, scoringtest.Body("b", rs, true),
		map[string]string{"Content-Encoding": "gzip", protocol.HeaderIdempotencyKey: scoringtest.BatchID("b")})
	var res protocol.BatchResult
	if w.Code == http.StatusOK {
		decodeInto(f.t, w.Body.Bytes(), &res)
		if len(res.Results) != len(rs) {
			f.t.Fatalf("%d results for %d responses", len(res.Results), len(rs))
		}
	}
	return w.Code, res, w
}

// count is the number of stored responses.
func (f *fixture) count() int {
	f.t.Helper()
	n, _, err := f.st.Counts(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

// kiosk returns a kiosk's status from the store.
func (f *fixture) kiosk(id string) scoring.KioskStatus {
	f.t.Helper()
	ks, err := f.st.Kiosks(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	for _, k := range ks {
		if k.ID == id {
			return k
		}
	}
	f.t.Fatalf("no kiosk %s", id)
	return scoring.KioskStatus{}
}

// errorCode decodes an error answer and checks its shape.
func errorCode(t testing.TB, w *httptest.ResponseRecorder) string {
	t.Helper()
	var eb protocol.ErrorBody
	decodeInto(t, w.Body.Bytes(), &eb)
	if eb.Error.Code == "" || eb.Error.Message == "" {
		t.Fatalf("error answer without code or message: %s", w.Body)
	}
	return eb.Error.Code
}

func jsonBody(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decodeInto(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %q: %v", b, err)
	}
}

// kioskOf describes the responses of a kiosk of centre c1 for scoringtest.
func kioskOf(id string) scoringtest.Kiosk {
	return scoringtest.Kiosk{ID: id, CentreID: "c1", CounterID: "1", OfficerID: "o1"}
}

// statuses tallies the item statuses (and reasons) of a batch result.
func statuses(res protocol.BatchResult) map[string]int {
	m := map[string]int{}
	for _, r := range res.Results {
		k := r.Status
		if r.Reason != "" {
			k += ":" + r.Reason
		}
		m[k]++
	}
	return m
}
