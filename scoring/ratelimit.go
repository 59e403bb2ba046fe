package scoring

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiters holds one token bucket per kiosk. There is one entry per
// enrolled kiosk that has made a request, a few thousand at most, so the
// map is never pruned.
type limiters struct {
	mu    sync.Mutex
	every rate.Limit
	burst int
	byID  map[string]*rate.Limiter
}

func newLimiters(perSecond float64, burst int) *limiters {
	return &limiters{every: rate.Limit(perSecond), burst: burst, byID: map[string]*rate.Limiter{}}
}

// allow takes one request from the kiosk's bucket at now. When the bucket
// is empty it returns false and the whole seconds to wait before the next
// request would pass (at least 1), for Retry-After.
func (l *limiters) allow(kioskID string, now time.Time) (retryAfter int, ok bool) {
	l.mu.Lock()
	lim, found := l.byID[kioskID]
	if !found {
		lim = rate.NewLimiter(l.every, l.burst)
		l.byID[kioskID] = lim
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
