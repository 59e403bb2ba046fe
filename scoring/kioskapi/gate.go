package kioskapi

import (
	"net/http"
	"sync"
	"time"

	"hailong/kiosk/protocol"
)

// gate bounds the request bodies being read at once, per key (a kiosk, or
// a remote address for enrolment) and overall. Each admitted request may
// hold a buffer as large as its body limit, so limit × buffer size bounds
// the memory any number of clients can pin by sending slowly: rate limits
// alone do not, since a request admitted by its bucket can take its time.
type gate struct {
	mu       sync.Mutex
	perKey   int
	total    int
	inFlight int
	byKey    map[string]int
}

func newGate(perKey, total int) *gate {
	return &gate{perKey: perKey, total: total, byKey: map[string]int{}}
}

// Reasons enter refuses a request for.
const (
	refusedPerKey  = "per_key"
	refusedOverall = "overall"
)

// enter admits one more request of key, or says why not. A request that
// enters must call leave once done.
func (g *gate) enter(key string) (refused string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case g.byKey[key] >= g.perKey:
		return refusedPerKey
	case g.inFlight >= g.total:
		return refusedOverall
	}
	g.byKey[key]++
	g.inFlight++
	return ""
}

// leave ends a request enter admitted. Keys with nothing in flight are
// dropped, so the map holds only what is in flight.
func (g *gate) leave(key string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.inFlight--
	if g.byKey[key]--; g.byKey[key] <= 0 {
		delete(g.byKey, key)
	}
}

// bodyGate admits a request through g under the key it computes, before
// anything reads the body, and gives the body s.cfg.BodyTimeout to
// arrive. A request refused is answered at once (429 when its key has too
// many in flight, 503 when the server has, both with Retry-After) and its
// connection closed, without reading its body.
func (s *server) bodyGate(g *gate, what string, key func(*http.Request) string, next http.Handler) http.Handler {
	inFlight := s.metrics.BodiesInFlight.WithLabelValues(what)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := key(r)
		if why := g.enter(k); why != "" {
			s.metrics.BodiesRefused.WithLabelValues(what, why).Inc()
			var e *apiError
			if why == refusedPerKey {
				e = fail(protocol.CodeRateLimited, "too many %s requests in flight from this %s: retry after 1 s", what, keyNoun(what))
			} else {
				e = fail(protocol.CodeUnavailable, "the server is reading too many %s requests: retry after 1 s", what)
			}
			e.retryAfter = 1
			refuseBody(w, r)
			respondErr(w, r, s.log, e)
			return
		}
		defer g.leave(k)
		inFlight.Inc()
		defer inFlight.Dec()
		// A kiosk on a slow link sends a gzip'd batch (≈ 100 kB) in seconds;
		// one that takes longer holds a slot and a buffer for nothing. The
		// deadline is wall-clock time, not the injectable clock. Recorders in
		// tests do not support it, which is fine.
		_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(s.cfg.BodyTimeout))
		next.ServeHTTP(w, r)
	})
}

// refuseBody makes an HTTP/1 server close the connection after the answer
// instead of reading the rest of the body first (which it does for up to
// 256 kB, and which a client sending slowly would stretch out). HTTP/2
// resets the stream's unread body by itself, and would take "Connection:
// close" to mean closing every stream of the connection.
func refuseBody(w http.ResponseWriter, r *http.Request) {
	if r.ProtoMajor != 1 {
		return
	}
	w.Header().Set("Connection", "close")
	_ = http.NewResponseController(w).SetReadDeadline(time.Now())
}

func keyNoun(what string) string {
	if what == gateEnrol {
		return "address"
	}
	return "kiosk"
}

// Gate names, the label of the body metrics.
const (
	gateBatch     = "batch"
	gateHeartbeat = "heartbeat"
	gateEnrol     = "enrol"
)

// kioskKeyOf keys a request by its authenticated kiosk.
func kioskKeyOf(r *http.Request) string { return kioskFrom(r.Context()).ID }
