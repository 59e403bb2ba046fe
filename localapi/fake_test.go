package localapi

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fakeController records calls and answers with err (or its fields).
type fakeController struct {
	mu     sync.Mutex
	calls  []string
	err    error
	status Status
}

func (f *fakeController) record(call string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
	return f.err
}

func (f *fakeController) Invite(ticket, dossier string) (string, error) {
	if err := f.record("Invite(" + ticket + "," + dossier + ")"); err != nil {
		return "", err
	}
	return "inv-1", nil
}

func (f *fakeController) SignIn(id string) error { return f.record("SignIn(" + id + ")") }
func (f *fakeController) SignOut() error         { return f.record("SignOut()") }
func (f *fakeController) Status() Status {
	_ = f.record("Status()")
	return f.status
}

func (f *fakeController) Calls() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.calls, " ")
}

const secret = "s3cret-0123456789abcdef"

// call sends one request from the loopback to h, with the secret unless
// auth says otherwise ("" for none).
func call(h http.Handler, method, path, body, auth string, header ...string) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, "http://127.0.0.1:8765"+path, rd)
	req.RemoteAddr = "127.0.0.1:50000"
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// errorCode checks that rec is a JSON error answer and returns its code.
func errorCode(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want JSON", ct)
	}
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	dec := json.NewDecoder(rec.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		t.Fatalf("error body: %v", err)
	}
	if body.Error.Code == "" || body.Error.Message == "" {
		t.Errorf("error body %+v lacks a code or message", body)
	}
	return body.Error.Code
}
