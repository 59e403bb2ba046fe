package kioskapi

import (
	"context"
	"net/http"
	"sync"
	"time"

	"hailong/kiosk/protocol"
)

// ReadyWindow is how long a failed ingest keeps /readyz failing, unless
// an ingest succeeds first. A load balancer that takes the server out of
// rotation stops the ingests that would clear it, so the failure must
// expire for the server to be tried again.
const ReadyWindow = 30 * time.Second

// probeTimeout bounds each check of /healthz and /readyz.
const probeTimeout = 2 * time.Second

// ingestHealth remembers the outcome of the last ingests, for /readyz.
type ingestHealth struct {
	mu               sync.Mutex
	lastOK, lastFail time.Time
	lastErr          string
}

// record notes an ingest's outcome: failed means on the server's side (a
// 5xx), not a client's bad batch.
func (h *ingestHealth) record(at time.Time, failed bool, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !failed {
		h.lastOK = at
		return
	}
	h.lastFail, h.lastErr = at, asAPIError(err).code
}

// failing reports whether the last ingest failed within ReadyWindow of
// now, and with which error code.
func (h *ingestHealth) failing(now time.Time) (string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.lastFail.IsZero() || !h.lastFail.After(h.lastOK) || now.Sub(h.lastFail) > ReadyWindow {
		return "", false
	}
	return h.lastErr, true
}

// handleHealthz answers GET /healthz, liveness: 200 {"status":"ok"} when
// the process runs and the store answers a read within two seconds, 503
// otherwise. A failing liveness check means "restart me"; a write-locked
// database or a failing disk is not cured by a restart, so it is
// /readyz's business. It needs no token.
func (s *server) handleHealthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), probeTimeout)
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

// handleReadyz answers GET /readyz, readiness, what a load balancer needs
// to know before sending uploads: 200 {"status":"ready"} when the store
// can take a write now (Store.CheckWrite, within two seconds) and the
// last ingest did not fail on the server's side in the last ReadyWindow;
// 503 with the reason and Retry-After otherwise. It needs no token.
func (s *server) handleReadyz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), probeTimeout)
		defer cancel()
		if err := s.store.CheckWrite(ctx); err != nil {
			e := fail(protocol.CodeUnavailable, "the database cannot take a write now (locked by another process, or failing): uploads would fail")
			e.err, e.retryAfter = err, 5
			respondErr(w, r, s.log, e)
			return
		}
		if code, failing := s.ingests.failing(s.cfg.Now()); failing {
			e := fail(protocol.CodeUnavailable, "the last ingest failed on the server (%s) less than %v ago: uploads are failing", code, ReadyWindow)
			e.retryAfter = 5
			respondErr(w, r, s.log, e)
			return
		}
		encode(w, http.StatusOK, map[string]string{"status": "ready"})
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
