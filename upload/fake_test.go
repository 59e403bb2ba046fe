package upload

import (
	"cmp"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

const testToken = "tok-test-0042"

// fakeServer is a scoring server for tests: it checks every batch request
// the way the real one must (bearer token, JSON, gzip, Idempotency-Key equal
// to batch_id, at most the protocol's limits), stores each response once by
// id, and answers per item. behave, when set, may answer a request itself
// before (commit=false) or after (commit=true) the batch is stored.
type fakeServer struct {
	t   testing.TB
	srv *httptest.Server

	mu         sync.Mutex
	stored     map[string]survey.Response
	order      []int64           // seqs in the order they were first stored
	keys       map[string]string // Idempotency-Key → the ids it carried, joined
	keyLog     []string          // Idempotency-Key of each batch request, in order
	headers    []http.Header     // of each batch request
	requests   int               // batch requests that reached the handler
	duplicates int
	reject     map[string]string // id → reason to reject it with
	badIDs     map[string]bool   // ids whose presence makes a batch badStatus
	badStatus  int               // 400 unless set
	hugeIDs    map[string]bool   // ids whose presence makes a batch 413
	maxItems   int               // a batch with more items is 413; 0 for the protocol's limit
	behave     func(n int, b protocol.Batch) action
	serverTime func() time.Time
	configVer  string
	heartbeats []protocol.Heartbeat
	badHeaders []string
	check      bool // verify every stored response's hash (off for benchmarks)

	hits       []hit // every request, with the time by now
	now        func() time.Time
	healthCode int // the status of GET /healthz; 200 unless set
	// hbStall, when set, holds every heartbeat until it is closed.
	hbStall chan struct{}
}

// hit is one request the fake server saw (or the cutOff of probe_test.go
// refused).
type hit struct {
	at   time.Time
	path string
	down bool // refused: the network was down
}

// action is what behave wants done with a request.
type action struct {
	status     int    // answer with this status and an error body
	retryAfter string // its Retry-After header
	reset      bool   // hijack and reset the connection
	redirect   string // answer 308 to this location
	afterStore bool   // do it after storing the batch (the acknowledgement is lost)
}

func newFakeServer(t testing.TB) *fakeServer {
	f := &fakeServer{t: t, stored: map[string]survey.Response{}, keys: map[string]string{},
		reject: map[string]string{}, badIDs: map[string]bool{}, hugeIDs: map[string]bool{},
		serverTime: time.Now, configVer: "cfg-1", check: true, now: time.Now}
	f.srv = httptest.NewServer(f.handler())
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeServer) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+protocol.PathResponses, f.responses)
	mux.HandleFunc("POST "+protocol.PathHeartbeat, f.heartbeat)
	mux.HandleFunc("GET "+protocol.PathConfig, f.config)
	mux.HandleFunc("GET /healthz", f.health)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.hits = append(f.hits, hit{at: f.now(), path: r.URL.Path})
		f.mu.Unlock()
		mux.ServeHTTP(w, r)
	})
}

func (f *fakeServer) health(w http.ResponseWriter, _ *http.Request) {
	f.mu.Lock()
	code := cmp.Or(f.healthCode, http.StatusOK)
	f.mu.Unlock()
	if code != http.StatusOK {
		writeError(w, code, "unavailable", "scripted")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"status":"ok"}`))
}

// hitsTo returns the requests to path, in order.
func (f *fakeServer) hitsTo(path string) []hit {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []hit
	for _, h := range f.hits {
		if h.path == path {
			out = append(out, h)
		}
	}
	return out
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(protocol.ErrorBody{Error: protocol.Error{Code: code, Message: msg}})
}

// resetConn hijacks the connection and closes it with SO_LINGER 0, so the
// client sees a reset rather than a clean end.
func resetConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

func (f *fakeServer) responses(w http.ResponseWriter, r *http.Request) {
	var problems []string
	if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
		writeError(w, http.StatusUnauthorized, protocol.CodeUnauthorized, "bad token")
		return
	}
	if got := r.Header.Get("Content-Type"); got != "application/json" {
		problems = append(problems, "Content-Type "+got)
	}
	if got := r.Header.Get("Content-Encoding"); got != "gzip" {
		problems = append(problems, "Content-Encoding "+got)
	}
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		problems = append(problems, "body is not gzip: "+err.Error())
		f.fail(w, problems)
		return
	}
	raw, err := io.ReadAll(io.LimitReader(zr, protocol.MaxBatchBytes+1))
	if err != nil {
		problems = append(problems, "gzip body: "+err.Error())
	}
	if len(raw) > protocol.MaxBatchBytes {
		problems = append(problems, fmt.Sprintf("batch over %d bytes", protocol.MaxBatchBytes))
	}
	var b protocol.Batch
	if err := json.Unmarshal(raw, &b); err != nil {
		problems = append(problems, "batch JSON: "+err.Error())
	}
	key := r.Header.Get(protocol.HeaderIdempotencyKey)
	if key == "" || key != b.BatchID {
		problems = append(problems, fmt.Sprintf("Idempotency-Key %q, batch_id %q", key, b.BatchID))
	}
	if len(b.Responses) == 0 || len(b.Responses) > protocol.MaxBatchResponses {
		problems = append(problems, fmt.Sprintf("%d responses", len(b.Responses)))
	}
	if len(problems) > 0 {
		f.fail(w, problems)
		return
	}

	f.mu.Lock()
	f.requests++
	n := f.requests
	ids := make([]string, len(b.Responses))
	for i, resp := range b.Responses {
		ids[i] = resp.ID
	}
	joined := strings.Join(ids, ",")
	if prev, ok := f.keys[key]; ok && prev != joined {
		f.badHeaders = append(f.badHeaders, "Idempotency-Key "+key+" reused for another set of responses")
	}
	f.keys[key] = joined
	f.keyLog = append(f.keyLog, key)
	f.headers = append(f.headers, r.Header.Clone())
	behave := f.behave
	status, code := 0, ""
	for _, resp := range b.Responses {
		switch {
		case f.hugeIDs[resp.ID]:
			status, code = http.StatusRequestEntityTooLarge, protocol.CodeTooLarge
		case f.badIDs[resp.ID] && status == 0:
			status, code = cmp.Or(f.badStatus, http.StatusBadRequest), protocol.CodeBadRequest
		}
	}
	if f.maxItems > 0 && len(b.Responses) > f.maxItems {
		status, code = http.StatusRequestEntityTooLarge, protocol.CodeTooLarge
	}
	f.mu.Unlock()

	var act action
	if behave != nil { // outside the lock: it may block
		act = behave(n, b)
	}
	if !act.afterStore && f.act(w, act) {
		return
	}
	if status != 0 {
		writeError(w, status, code, "refused by the test")
		return
	}
	res := f.store(b)
	if act.afterStore && f.act(w, act) {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(res)
}

// act carries out a scripted action; it reports whether it answered.
func (f *fakeServer) act(w http.ResponseWriter, a action) bool {
	switch {
	case a.reset:
		resetConn(w)
	case a.redirect != "":
		w.Header().Set("Location", a.redirect)
		w.WriteHeader(http.StatusPermanentRedirect)
	case a.status != 0:
		if a.retryAfter != "" {
			w.Header().Set("Retry-After", a.retryAfter)
		}
		writeError(w, a.status, "scripted", http.StatusText(a.status))
	default:
		return false
	}
	return true
}

// store keeps each response once (by id) and says what happened to each.
func (f *fakeServer) store(b protocol.Batch) protocol.BatchResult {
	f.mu.Lock()
	defer f.mu.Unlock()
	res := protocol.BatchResult{Results: make([]protocol.ItemResult, len(b.Responses))}
	for i, resp := range b.Responses {
		ir := protocol.ItemResult{ID: resp.ID}
		switch prev, seen := f.stored[resp.ID]; {
		case f.reject[resp.ID] != "":
			ir.Status, ir.Reason = protocol.StatusRejected, f.reject[resp.ID]
		case f.check && resp.Validate() != nil:
			ir.Status, ir.Reason, ir.Detail = protocol.StatusRejected, protocol.ReasonInvalid, resp.Validate().Error()
		case seen && prev.Hash == resp.Hash:
			ir.Status = protocol.StatusDuplicate
			f.duplicates++
		case seen:
			ir.Status, ir.Reason = protocol.StatusRejected, protocol.ReasonConflict
		default:
			ir.Status = protocol.StatusAccepted
			f.stored[resp.ID] = resp
			f.order = append(f.order, resp.Seq)
		}
		res.Results[i] = ir
	}
	return res
}

func (f *fakeServer) fail(w http.ResponseWriter, problems []string) {
	f.mu.Lock()
	f.badHeaders = append(f.badHeaders, problems...)
	f.mu.Unlock()
	writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, strings.Join(problems, "; "))
}

func (f *fakeServer) heartbeat(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+testToken {
		writeError(w, http.StatusUnauthorized, protocol.CodeUnauthorized, "bad token")
		return
	}
	f.mu.Lock()
	stall := f.hbStall
	f.mu.Unlock()
	if stall != nil {
		<-stall
	}
	var hb protocol.Heartbeat
	if err := json.NewDecoder(r.Body).Decode(&hb); err != nil {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, err.Error())
		return
	}
	f.mu.Lock()
	f.heartbeats = append(f.heartbeats, hb)
	res := protocol.HeartbeatResult{ServerTime: f.serverTime(), ConfigVersion: f.configVer}
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(res)
}

func (f *fakeServer) config(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+testToken {
		writeError(w, http.StatusUnauthorized, protocol.CodeUnauthorized, "bad token")
		return
	}
	f.mu.Lock()
	ver := f.configVer
	f.mu.Unlock()
	etag := `"` + ver + `"`
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	cfg := protocol.DefaultConfig(protocol.Place{ID: "qn-halong", Name: "Trung tâm Hạ Long"}, protocol.Place{ID: "7"})
	cfg.Version = ver
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(cfg)
}

// snapshot returns what the server holds, under the lock.
func (f *fakeServer) counts() (stored, requests, duplicates int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.stored), f.requests, f.duplicates
}

// configure changes the server's script under its lock.
func (f *fakeServer) configure(edit func(f *fakeServer)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	edit(f)
}

func (f *fakeServer) setBehave(b func(n int, batch protocol.Batch) action) {
	f.configure(func(f *fakeServer) { f.behave = b })
}

// assertClean fails the test if any request broke the protocol.
func (f *fakeServer) assertClean(t testing.TB) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.badHeaders {
		t.Errorf("server saw a bad request: %s", p)
	}
}
