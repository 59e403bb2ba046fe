package scoring

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Session and lock rules (issue 10 item 3, docs/DASHBOARD.md).
const (
	// SessionIdle ends a session unused for this long.
	SessionIdle = 8 * time.Hour
	// SessionAbsolute ends a session this long after sign-in, used or not.
	SessionAbsolute = 7 * 24 * time.Hour
	// SessionTouchEvery is how stale a session's last use may get before
	// a request writes it: idle expiry is then up to a minute early, and
	// a page's requests do not each write to the database.
	SessionTouchEvery = time.Minute

	// MaxFailures failed sign-ins within FailureWindow lock an email for
	// LockFor.
	MaxFailures   = 10
	FailureWindow = 15 * time.Minute
	LockFor       = 15 * time.Minute
)

// DefaultLockRule is the lock rule SignIn applies.
var DefaultLockRule = LockRule{MaxFailures: MaxFailures, Window: FailureWindow, Lock: LockFor}

// Sign-in errors. Their messages are for the person signing in:
// Vietnamese first, English beside it, and what to do.
var (
	// ErrBadCredentials: the email has no account, the password is wrong,
	// or the account is disabled; which one is not said.
	ErrBadCredentials = errors.New("sai email hoặc mật khẩu; hãy kiểm tra và thử lại / wrong email or password; check them and try again")
	// ErrLocked: too many failed sign-ins; a *LockedError says until when.
	ErrLocked = errors.New("tài khoản tạm khoá / account locked")
	// ErrNoSession: the session token is unknown, expired or signed out,
	// or its user disabled.
	ErrNoSession = errors.New("phiên đăng nhập đã hết hạn; hãy đăng nhập lại / the session has ended; sign in again")
)

// LockedError is a sign-in refused because its email is locked until
// Until. errors.Is(err, ErrLocked) holds.
type LockedError struct {
	Until time.Time
}

func (e *LockedError) Error() string {
	// The time is UTC here; the dashboard shows it in the centre's zone.
	u := e.Until.UTC().Format("15:04 UTC")
	return fmt.Sprintf("tài khoản tạm khoá vì đăng nhập sai %d lần trong %d phút; hãy thử lại sau %s / "+
		"account locked after %d failed sign-ins within %d minutes; try again after %s",
		MaxFailures, int(FailureWindow/time.Minute), u, MaxFailures, int(FailureWindow/time.Minute), u)
}

// Is makes errors.Is(err, ErrLocked) hold.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// checkPassword is CheckPassword, a variable so that a test can count
// the checks SignIn does.
var checkPassword = CheckPassword

// SignIn checks an email and password and, when they match an enabled
// account that is not locked, stores a new session and returns its token
// (a new one at every sign-in, so a token planted before sign-in is never
// promoted). remote is the client's address, for the audit trail.
//
// Every refusal is ErrBadCredentials, whatever the cause: an unknown email
// is checked against a dummy hash of the same cost, so that it takes as
// long as a wrong password, and a disabled account's password is checked
// too. A locked email (MaxFailures failures within FailureWindow, whether
// or not it has an account, so the lock reveals nothing either) is refused
// with a *LockedError before its password is checked; such attempts are
// not counted and do not move the end of the lock, which therefore ends
// LockFor after the failure that set it. Failures before a lock do not
// count after it.
func SignIn(ctx context.Context, st UserStore, email, password string, now time.Time, remote string) (string, error) {
	email = NormaliseEmail(email)
	lock, err := st.SignInLock(ctx, email, now, DefaultLockRule)
	if err != nil {
		return "", fmt.Errorf("sign in: %w", err)
	}
	if lock.Locked(now) {
		err := st.RecordAudit(ctx, AuditEntry{At: now, Action: ActSignInLocked, Subject: SubjectUser(email),
			Detail: AuditDetail(map[string]any{"remote": remote, "locked_until": lock.LockedUntil.UTC().Format(time.RFC3339)})})
		if err != nil {
			return "", fmt.Errorf("sign in: %w", err)
		}
		return "", &LockedError{Until: lock.LockedUntil}
	}
	u, err := st.UserByEmail(ctx, email)
	reason := ""
	switch {
	case errors.Is(err, ErrNotFound):
		checkPassword(dummyPasswordHash, password)
		reason = FailUnknownEmail
	case err != nil:
		return "", fmt.Errorf("sign in: %w", err)
	case !checkPassword(u.PasswordHash, password):
		reason = FailBadPassword
	case u.Disabled:
		reason = FailDisabled
	}
	if reason != "" {
		lock, err := st.RecordSignInFailure(ctx, SignInFailure{Email: email, At: now, Remote: remote, Reason: reason}, DefaultLockRule)
		if err != nil {
			return "", fmt.Errorf("sign in: %w", err)
		}
		if lock.Locked(now) {
			return "", &LockedError{Until: lock.LockedUntil}
		}
		return "", ErrBadCredentials
	}
	token, err := NewToken()
	if err != nil {
		return "", fmt.Errorf("sign in: %w", err)
	}
	s := Session{TokenHash: HashSecret(token), Email: email, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(SessionAbsolute), Remote: remote}
	if err := st.CreateSession(ctx, s); err != nil {
		return "", fmt.Errorf("sign in: %w", err)
	}
	return token, nil
}

// Authenticate returns the session of a token and its user, as they are
// now (a changed role counts at once). ErrNoSession when the token is
// malformed or unknown, the session expired or the user disabled. It
// writes the session's last use only when the stored one is
// SessionTouchEvery old.
func Authenticate(ctx context.Context, st UserStore, token string, now time.Time) (Session, User, error) {
	// A token is 43 characters of base64url; anything else is not looked up.
	if len(token) != 43 {
		return Session{}, User{}, ErrNoSession
	}
	h := HashSecret(token)
	s, u, err := st.SessionByTokenHash(ctx, h)
	if errors.Is(err, ErrNotFound) {
		return Session{}, User{}, ErrNoSession
	}
	if err != nil {
		return Session{}, User{}, fmt.Errorf("authenticate: %w", err)
	}
	// An expired session is left for CreateSession's purge rather than
	// deleted here: a delete is a write, and would read as a sign-out in
	// the audit trail.
	if s.Expired(now) || u.Disabled {
		return Session{}, User{}, ErrNoSession
	}
	if now.Sub(s.LastSeenAt) >= SessionTouchEvery {
		// A failed touch (a busy database) costs at most a minute of idle
		// time; the request itself is served, and the next one retries.
		if st.TouchSession(ctx, h, now) == nil {
			s.LastSeenAt = now
		}
	}
	return s, u, nil
}

// SignOut ends the session of a token; a token without a session is
// already signed out.
func SignOut(ctx context.Context, st UserStore, token string, now time.Time) error {
	if err := st.DeleteSession(ctx, HashSecret(token), now); err != nil {
		return fmt.Errorf("sign out: %w", err)
	}
	return nil
}

// SetPassword checks a new password against the policy, hashes it and
// stores it, which ends the user's sessions.
func SetPassword(ctx context.Context, st UserStore, email, password string, now time.Time) error {
	h, err := HashPassword(password)
	if err != nil {
		return err
	}
	if err := st.SetPasswordHash(ctx, NormaliseEmail(email), h, now); err != nil {
		return fmt.Errorf("set password of %s: %w", email, err)
	}
	return nil
}
