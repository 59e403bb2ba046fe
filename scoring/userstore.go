package scoring

import (
	"context"
	"time"
)

// UserStore is what dashboard users, sign-in and sessions need of a store
// (issue 10 item 3). Each method is one unit of work, and each that
// changes something writes its audit entry (with the actor of ctx) in
// that unit. Emails are normalised (NormaliseEmail) by the caller. All
// times are UTC instants kept to the millisecond.
type UserStore interface {
	// CreateUser adds a user (ActUserAdd). ErrUserExists: the email is
	// taken; ErrNotFound: a manager's centre does not exist.
	CreateUser(ctx context.Context, u User) error
	// UpdateUser changes a user's name, role and centre (ActUserUpdate);
	// the rest is kept. ErrNotFound: no such user or centre.
	UpdateUser(ctx context.Context, u User) error
	// UserByEmail returns a user with its LastSignInAt and LockedUntil.
	// ErrNotFound: no such user.
	UserByEmail(ctx context.Context, email string) (User, error)
	// Users lists every user, by email, with LastSignInAt and LockedUntil.
	Users(ctx context.Context) ([]User, error)
	// SetDisabled disables (ActUserDisable) or enables (ActUserEnable) a
	// user; disabling deletes their sessions in the same unit of work.
	// ErrNotFound: no such user.
	SetDisabled(ctx context.Context, email string, disabled bool, at time.Time) error
	// SetPasswordHash replaces a user's password hash and deletes their
	// sessions (ActUserSetPassword). ErrNotFound: no such user.
	SetPasswordHash(ctx context.Context, email, hash string, at time.Time) error

	// RecordSignInFailure records a failed sign-in for an email, whether
	// or not it has an account (ActSignInFailed), unless it is locked at
	// f.At. When it makes rule.MaxFailures failures within rule.Window
	// (failures before the last lock do not count), it locks the email
	// until f.At + rule.Lock. It returns the state after the failure.
	// Failures and locks are persisted: a restart keeps them.
	RecordSignInFailure(ctx context.Context, f SignInFailure, rule LockRule) (SignInLock, error)
	// SignInLock returns an email's lock state at at: the failures within
	// rule.Window that count, and the end of a lock in force.
	SignInLock(ctx context.Context, email string, at time.Time, rule LockRule) (SignInLock, error)

	// CreateSession stores a new session (only its token's hash), sets
	// the user's last sign-in (ActSignIn) and deletes sessions past their
	// absolute expiry. ErrNotFound: no such user.
	CreateSession(ctx context.Context, s Session) error
	// SessionByTokenHash returns a session and its user as stored, expired
	// or not (Authenticate decides). ErrNotFound: no such session.
	SessionByTokenHash(ctx context.Context, tokenHash string) (Session, User, error)
	// TouchSession moves a session's last use to at (never back). No
	// error when the session is gone.
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	// DeleteSession ends a session (ActSignOut). No error when it is
	// already gone.
	DeleteSession(ctx context.Context, tokenHash string, at time.Time) error
	// DeleteUserSessions ends every session of a user and says how many
	// there were.
	DeleteUserSessions(ctx context.Context, email string, at time.Time) (int, error)

	// RecordAudit appends an entry for an act that changes nothing else
	// (a sign-in refused because the account is locked); the same method
	// as Store's.
	RecordAudit(ctx context.Context, e AuditEntry) error
}

// Session is a signed-in browser, as stored: the hash of its token
// (HashSecret), never the token.
type Session struct {
	TokenHash  string
	Email      string
	CreatedAt  time.Time
	LastSeenAt time.Time // last use, kept to within SessionTouchEvery
	ExpiresAt  time.Time // absolute expiry: CreatedAt + SessionAbsolute
	Remote     string    // the address it signed in from
}

// Expired reports whether the session has expired at now: unused for
// SessionIdle, or past its absolute expiry.
func (s Session) Expired(now time.Time) bool {
	return !now.Before(s.ExpiresAt) || !now.Before(s.LastSeenAt.Add(SessionIdle))
}

// SignInFailure is one failed sign-in, for the lock count and the audit
// trail.
type SignInFailure struct {
	Email  string
	At     time.Time
	Remote string
	Reason string // FailUnknownEmail, FailBadPassword or FailDisabled (audit only: the answer is the same)
}

// Reasons of a failed sign-in, in the audit trail only.
const (
	FailUnknownEmail = "unknown_email"
	FailBadPassword  = "bad_password"
	FailDisabled     = "disabled"
)

// SignInLock is an email's lock state.
type SignInLock struct {
	Failures    int       // failures within the window that count towards a lock
	LockedUntil time.Time // zero when not locked
}

// Locked reports whether sign-in is locked at now.
func (l SignInLock) Locked(now time.Time) bool { return now.Before(l.LockedUntil) }

// LockRule is when failed sign-ins lock an email: MaxFailures within
// Window lock it for Lock.
type LockRule struct {
	MaxFailures int
	Window      time.Duration
	Lock        time.Duration
}
