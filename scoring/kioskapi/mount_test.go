package kioskapi_test

import (
	"net/http"
	"strings"
	"testing"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// Mounted on a shared mux beside another handler at "/" (the dashboard),
// the kiosk API answers every path of its own as on its own, records its
// routes by their own patterns, and leaves every other path alone.
func TestMountLeavesTheRootToTheDashboard(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	mux := http.NewServeMux()
	kioskapi.Mount(mux, f.h)
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))
	f.h = mux

	token, _ := f.enrol("k1", "c1", "1")
	code, res, w := f.send(token, scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 3))
	if code != http.StatusOK || statuses(res)[protocol.StatusAccepted] != 3 || f.count() != 3 {
		t.Fatalf("batch through the shared mux: %d %s", code, w.Body)
	}
	for _, c := range []struct {
		method, path string
		status       int
		errCode      string // the API's JSON error, "" when none
	}{
		{"GET", protocol.PathConfig, http.StatusUnauthorized, protocol.CodeUnauthorized},
		{"PUT", protocol.PathResponses, http.StatusMethodNotAllowed, protocol.CodeMethod},
		{"GET", "/api/v1/nope", http.StatusNotFound, protocol.CodeNotFound},
		{"GET", "/healthz", http.StatusOK, ""},
		{"GET", "/readyz", http.StatusOK, ""},
		{"POST", "/metrics", http.StatusMethodNotAllowed, protocol.CodeMethod},
		{"GET", "/", http.StatusTeapot, ""},
		{"GET", "/centre/c1", http.StatusTeapot, ""},
	} {
		w := f.do(c.method, c.path, "", nil, nil)
		if w.Code != c.status || c.errCode != "" && errorCode(t, w) != c.errCode {
			t.Errorf("%s %s: %d %s, want %d %s", c.method, c.path, w.Code, w.Body, c.status, c.errCode)
		}
	}
	w = f.do("GET", "/metrics", "", nil, nil)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `route="POST /api/v1/responses"`) {
		t.Fatalf("metrics: %d, no latency by the API's own route pattern", w.Code)
	}
}
