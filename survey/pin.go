package survey

import (
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// PINCost is the bcrypt cost of staff PIN hashes: about 50 ms on a kiosk,
// which makes guessing a 4-to-8-digit PIN from a stolen config slow.
const PINCost = 11

// HashPIN returns a salted bcrypt hash of pin.
func HashPIN(pin string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pin), PINCost)
	return string(h), err
}

// CheckPIN reports whether pin matches hash. An empty hash matches nothing.
func CheckPIN(hash, pin string) bool {
	if hash == "" || pin == "" {
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pin)) == nil
}

// LooksLikePINHash reports whether s has the shape of a bcrypt hash.
func LooksLikePINHash(s string) bool {
	if len(s) != 60 {
		return false
	}
	for _, p := range []string{"$2a$", "$2b$", "$2y$"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// PINLock is the state of the kiosk's PIN pad lock-out. It is persisted so
// that restarting the kiosk does not reset the count.
type PINLock struct {
	Failures    int
	LockedUntil time.Time
}

// Locked reports whether the pad is locked at now.
func (p PINLock) Locked(now time.Time) bool { return now.Before(p.LockedUntil) }

// Fail records one wrong PIN at now; after maxFailures it locks the pad for d
// and restarts the count.
func (p PINLock) Fail(now time.Time, maxFailures int, d time.Duration) PINLock {
	p.Failures++
	if p.Failures >= maxFailures {
		return PINLock{LockedUntil: now.Add(d)}
	}
	return p
}
