package scoring

import (
	"context"
	"net/http"
	"time"

	"hailong/kiosk/protocol"
)

// handleHealthz answers GET /healthz: 200 {"status":"ok"} when the store
// answers within two seconds, 503 otherwise. It needs no token, for load
// balancers.
func (s *server) handleHealthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.store.Ping(ctx); err != nil {
			e := fail(protocol.CodeUnavailable, "the store does not answer")
			e.err = err
			respondErr(w, r, s.log, e)
			return
		}
		encode(w, http.StatusOK, map[string]string{"status": "ok"})
	})
}

// handleNotFound answers any path the server does not serve.
func (s *server) handleNotFound() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		respondErr(w, r, s.log, fail(protocol.CodeNotFound, "no such endpoint: %s", r.URL.Path))
	})
}

// handleMethodNotAllowed answers a known path with the wrong method.
func (s *server) handleMethodNotAllowed(allow string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		respondErr(w, r, s.log, fail(protocol.CodeMethod, "%s does not take %s", r.URL.Path, r.Method))
	})
}
