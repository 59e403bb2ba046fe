package dashboard

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Sign-in attempts per client address: the per-account lock (10 failures
// in 15 minutes) stops guessing one password, this stops one address from
// trying many accounts, and from filling the audit trail, which records
// every attempt. 30 a minute with a burst of 10 is far above a person.
const (
	signInPerMinute = 30
	signInBurst     = 10
	// maxSignInAddresses bounds the table; when full it starts again
	// empty, which at worst lets an address try again early.
	maxSignInAddresses = 10000
)

// signInGate limits sign-in attempts per address.
type signInGate struct {
	mu sync.Mutex
	m  map[string]*rate.Limiter
}

func newSignInGate() *signInGate { return &signInGate{m: map[string]*rate.Limiter{}} }

// allow reports whether address may try to sign in at now.
func (g *signInGate) allow(address string, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	l := g.m[address]
	if l == nil {
		if len(g.m) >= maxSignInAddresses {
			g.m = map[string]*rate.Limiter{}
		}
		l = rate.NewLimiter(rate.Limit(signInPerMinute/60.0), signInBurst)
		g.m[address] = l
	}
	return l.AllowN(now, 1)
}

// dashboardZone is the time zone the dashboard shows times in until a
// page knows its centre's (SPEC §7: Asia/Ho_Chi_Minh by default; Vietnam
// keeps no daylight saving time, so the fixed zone is the same).
var dashboardZone = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
		return loc
	}
	return time.FixedZone("ICT", 7*3600)
}()
