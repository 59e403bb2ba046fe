package survey

import (
	"context"
	"fmt"
	"time"
)

// The PIN lock-out, once for every way a PIN is typed: the kiosk's PIN pad
// and `kiosk sign-in` both call TryPIN.
//
// Locks are scoped by role (PINRole): wrong PINs typed for an officer lock
// the officers' pads, never the technician's or the manager's, and the
// other way round. A counter whose officers mistyped their PINs can still be
// reached by its technician, and a technician's typos do not close the
// counter's sign-in. All officers of a counter share one scope, so trying
// PINs against each officer in turn gives no more guesses.

// PINLock is the lock-out state of one scope. It is persisted so that
// restarting the kiosk does not reset the count.
type PINLock struct {
	Failures    int
	LockedUntil time.Time
}

// Locked reports whether the scope is locked at now.
func (p PINLock) Locked(now time.Time) bool { return now.Before(p.LockedUntil) }

// Fail records one wrong PIN at now; after maxFailures it locks the scope
// for d and restarts the count.
func (p PINLock) Fail(now time.Time, maxFailures int, d time.Duration) PINLock {
	p.Failures++
	if p.Failures >= maxFailures {
		return PINLock{LockedUntil: now.Add(d)}
	}
	return p
}

// PINScopes lists every lock-out scope, for stores and tests.
var PINScopes = []PINRole{RoleOfficer, RoleTechnician, RoleManager}

// PINLockStore keeps the lock-out state of each scope durably (localdb).
type PINLockStore interface {
	PINLock(ctx context.Context, scope PINRole) (PINLock, error)
	SetPINLock(ctx context.Context, scope PINRole, p PINLock) error
}

// PINPolicy is the lock-out rule: After wrong PINs in a row lock a scope
// for For (Timings.PINLockAfter and PINLockFor).
type PINPolicy struct {
	After int
	For   time.Duration
}

// PINPolicy returns the lock-out rule of the timings.
func (t Timings) PINPolicy() PINPolicy { return PINPolicy{After: t.PINLockAfter, For: t.PINLockFor} }

// PINVerdict is what happened to one PIN typed.
type PINVerdict struct {
	Accepted bool
	// Role is whose PIN matched, when Accepted.
	Role PINRole
	// Locked: the PIN was refused because the scope is locked, or it was
	// the wrong PIN that locked it. Even the right PIN is refused while a
	// scope is locked; it is then not even checked.
	Locked      bool
	LockedUntil time.Time
	// TriesLeft is how many wrong PINs remain before the lock, after a
	// wrong PIN that did not lock.
	TriesLeft int
}

// Record applies the outcome of one PIN checked at now to l: a right PIN
// clears the count, a wrong one adds to it and may lock. It is the pure
// heart of TryPIN; l must not be locked at now.
func (p PINPolicy) Record(l PINLock, now time.Time, right bool) (PINLock, PINVerdict) {
	if right {
		return PINLock{}, PINVerdict{Accepted: true}
	}
	l = l.Fail(now, p.After, p.For)
	if l.Locked(now) {
		return l, PINVerdict{Locked: true, LockedUntil: l.LockedUntil}
	}
	return l, PINVerdict{TriesLeft: max(p.After-l.Failures, 0)}
}

// PINKey is a hash a PIN may match, and whose it is.
type PINKey struct {
	Role PINRole
	Hash string
}

// TryPIN checks pin typed on a pad of scope pad against keys, in order (the
// likeliest first: each check is deliberately slow), and counts a wrong PIN
// in pad's scope. A key of another role (the technician's PIN on the
// officer's sign-out pad) is tried only while its own scope is not locked,
// so a locked scope cannot be got round through another pad. The state is
// stored before TryPIN returns, so a restart keeps it.
func TryPIN(ctx context.Context, store PINLockStore, p PINPolicy, pad PINRole, now time.Time, pin string, keys ...PINKey) (PINVerdict, error) {
	lock, err := store.PINLock(ctx, pad)
	if err != nil {
		return PINVerdict{}, fmt.Errorf("try PIN: %w", err)
	}
	if lock.Locked(now) {
		return PINVerdict{Locked: true, LockedUntil: lock.LockedUntil}, nil
	}
	var matched PINRole
	for _, k := range keys {
		if k.Role != pad {
			other, err := store.PINLock(ctx, k.Role)
			if err != nil {
				return PINVerdict{}, fmt.Errorf("try PIN: %w", err)
			}
			if other.Locked(now) {
				continue
			}
		}
		if CheckPIN(k.Hash, pin) {
			matched = k.Role
			break
		}
	}
	next, v := p.Record(lock, now, matched != "")
	v.Role = matched
	if next.Failures != lock.Failures || !next.LockedUntil.Equal(lock.LockedUntil) {
		if err := store.SetPINLock(ctx, pad, next); err != nil {
			return PINVerdict{}, fmt.Errorf("try PIN: %w", err)
		}
	}
	return v, nil
}

// WaitText says how long until t, from now, in whole minutes when it is a
// minute or more (rounded up: "5 phút" / "5 minutes", never "4m59.9s"),
// else in seconds; Vietnamese and English.
func WaitText(now, t time.Time) (vi, en string) {
	d := t.Sub(now)
	if d >= time.Minute {
		m := int((d + time.Minute - 1) / time.Minute)
		return fmt.Sprintf("%d phút", m), plural(m, "minute")
	}
	s := max(int((d+time.Second-1)/time.Second), 1)
	return fmt.Sprintf("%d giây", s), plural(s, "second")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
