package kioskapi

import (
	"math"
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"hailong/kiosk/protocol"
)

// limiters holds one token bucket per key: a kiosk id, or a remote
// address for enrolment. Kiosks are a few thousand at most, but addresses
// are whatever the Internet sends, so once the map holds maxIdleKeys
// entries, buckets that have refilled (whose key has been quiet long
// enough to be forgotten without giving it anything) are dropped, at most
// once a minute.
type limiters struct {
	mu     sync.Mutex
	every  rate.Limit
	burst  int
	byID   map[string]*rate.Limiter
	pruned time.Time
}

// maxIdleKeys is the size beyond which full buckets are pruned.
const maxIdleKeys = 10000

func newLimiters(perSecond float64, burst int) *limiters {
	return &limiters{every: rate.Limit(perSecond), burst: burst, byID: map[string]*rate.Limiter{}}
}

// allow takes one request from the key's bucket at now. When the bucket
// is empty it returns false and the whole seconds to wait before the next
// request would pass (at least 1), for Retry-After.
func (l *limiters) allow(key string, now time.Time) (retryAfter int, ok bool) {
	l.mu.Lock()
	lim, found := l.byID[key]
	if !found {
		if len(l.byID) >= maxIdleKeys && now.Sub(l.pruned) >= time.Minute {
			l.pruneLocked(now)
		}
		lim = rate.NewLimiter(l.every, l.burst)
		l.byID[key] = lim
	}
	l.mu.Unlock()
	if lim.AllowN(now, 1) {
		return 0, true
	}
	r := lim.ReserveN(now, 1)
	d := r.DelayFrom(now)
	r.CancelAt(now) // only asking: give the token back
	return max(1, int(math.Ceil(d.Seconds()))), false
}

// pruneLocked drops the buckets that are full at now: a new bucket for
// the same key would be the same.
func (l *limiters) pruneLocked(now time.Time) {
	l.pruned = now
	for k, lim := range l.byID {
		if lim.TokensAt(now) >= float64(l.burst) {
			delete(l.byID, k)
		}
	}
}

// remoteHost is the IP address of the request's TCP peer. Behind a
// reverse proxy it is the proxy's: forwarded headers are not trusted, as
// any client can write them.
func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// enrolLimited takes each enrolment attempt from its remote address's
// bucket before the body is read: an enrolment code is short enough to be
// guessed by a client allowed to try thousands a second. A refused attempt
// is logged and counted, but not written to the audit trail, so that a
// flood cannot fill the database.
func (s *server) enrolLimited(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := remoteHost(r)
		if wait, ok := s.enrols.allow(addr, s.cfg.Now()); !ok {
			s.metrics.Enrolments.WithLabelValues(protocol.CodeRateLimited).Inc()
			s.log.Warn("enrolment attempt refused: too many from this address", "remote", addr, "retry_after_s", wait)
			e := fail(protocol.CodeRateLimited, "too many enrolment attempts from this address: retry after %d s", wait)
			e.retryAfter = wait
			refuseBody(w, r)
			respondErr(w, r, s.log, e)
			return
		}
		next.ServeHTTP(w, r)
	})
}
