package scoring

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"hailong/kiosk/survey"
)

var t0 = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

const (
	lanEmail    = "lan@example.vn"
	lanPassword = "mật khẩu của Lan"
)

// signInFixture is a store with an administrator and a manager (Lan),
// with cheap password hashes.
func signInFixture(t *testing.T) (*memUserStore, context.Context) {
	t.Helper()
	cheapPasswords(t)
	st := newMemUserStore("hcm-q1")
	ctx := WithActor(context.Background(), "web:test")
	for _, u := range []struct{ email, role, centre string }{
		{lanEmail, "manager", "hcm-q1"}, {"admin@example.vn", "admin", ""},
	} {
		nu, err := NewUser(u.email, "Người dùng", u.role, u.centre, lanPassword, t0.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateUser(ctx, nu); err != nil {
			t.Fatal(err)
		}
	}
	return st, ctx
}

// countChecks counts the password checks SignIn does and the hashes they
// were against.
func countChecks(t *testing.T) *[]string {
	t.Helper()
	var hashes []string
	old := checkPassword
	checkPassword = func(hash, pw string) bool {
		hashes = append(hashes, hash)
		return old(hash, pw)
	}
	t.Cleanup(func() { checkPassword = old })
	return &hashes
}

func mustSignIn(t *testing.T, ctx context.Context, st UserStore, email, pw string, at time.Time) string {
	t.Helper()
	tok, err := SignIn(ctx, st, email, pw, at, "192.0.2.7")
	if err != nil {
		t.Fatalf("SignIn(%s) at %s: %v", email, at.Format(time.TimeOnly), err)
	}
	return tok
}

func TestSignInGivesANewTokenEachTimeAndStoresOnlyItsHash(t *testing.T) {
	st, ctx := signInFixture(t)
	a := mustSignIn(t, ctx, st, "  LAN@example.vn", lanPassword, t0)
	b := mustSignIn(t, ctx, st, lanEmail, lanPassword, t0.Add(time.Second))
	if a == b || len(a) != 43 || len(b) != 43 {
		t.Fatalf("tokens %q and %q: want two different 43-character tokens", a, b)
	}
	for _, tok := range []string{a, b} {
		s, ok := st.sessions[HashSecret(tok)]
		if !ok {
			t.Fatalf("no session stored under the token's hash")
		}
		if s.TokenHash == tok || s.Email != lanEmail {
			t.Fatalf("session %+v", s)
		}
		if !s.ExpiresAt.Equal(s.CreatedAt.Add(SessionAbsolute)) {
			t.Fatalf("session expires %s, want created + %s", s.ExpiresAt, SessionAbsolute)
		}
		if _, u, err := Authenticate(ctx, st, tok, t0.Add(time.Minute)); err != nil || u.Email != lanEmail || u.Role != RoleManager {
			t.Fatalf("Authenticate = %+v, %v", u, err)
		}
	}
	if _, ok := st.sessions[a]; ok {
		t.Fatal("a session is stored under the token itself")
	}
	u, _ := st.UserByEmail(ctx, lanEmail)
	if !u.LastSignInAt.Equal(t0.Add(time.Second)) {
		t.Fatalf("last sign-in %s", u.LastSignInAt)
	}
	if got := st.actions(); !slices.Contains(got, ActSignIn) {
		t.Fatalf("audit %v: want %s", got, ActSignIn)
	}
}

// TestBadCredentialsAreAlike: an unknown email, a wrong password and a
// disabled account give the same error, and each costs one password check
// at the same cost (an unknown email is checked against a dummy hash), so
// that neither the answer nor its time tells whether an account exists.
func TestBadCredentialsAreAlike(t *testing.T) {
	st, ctx := signInFixture(t)
	if err := st.SetDisabled(ctx, "admin@example.vn", true, t0); err != nil {
		t.Fatal(err)
	}
	checks := countChecks(t)
	var msgs []string
	for _, c := range []struct{ name, email, pw string }{
		{"unknown email", "nobody@example.vn", lanPassword},
		{"wrong password", lanEmail, lanPassword + "!"},
		{"disabled, right password", "admin@example.vn", lanPassword},
	} {
		*checks = nil
		_, err := SignIn(ctx, st, c.email, c.pw, t0, "192.0.2.7")
		if !errors.Is(err, ErrBadCredentials) || errors.Is(err, ErrLocked) {
			t.Fatalf("%s: err = %v, want ErrBadCredentials", c.name, err)
		}
		msgs = append(msgs, err.Error())
		if len(*checks) != 1 {
			t.Fatalf("%s: %d password checks, want 1", c.name, len(*checks))
		}
		if p, ok := survey.Argon2idParamsOf((*checks)[0]); !ok || p != passwordCost {
			t.Fatalf("%s: checked against a hash of cost %+v, want %+v", c.name, p, passwordCost)
		}
	}
	if msgs[0] != msgs[1] || msgs[1] != msgs[2] {
		t.Fatalf("messages differ: %q", msgs)
	}
	if n := len(st.sessions); n != 0 {
		t.Fatalf("%d sessions after failed sign-ins", n)
	}
	if got := st.actions(); slices.Index(got, ActSignInFailed) < 0 {
		t.Fatalf("audit %v: want %s", got, ActSignInFailed)
	}
}

// TestLockRule: the 10th failure within 15 minutes locks the account for
// 15 minutes; 10 failures spread over 16 minutes do not.
func TestLockRule(t *testing.T) {
	for _, c := range []struct {
		name   string
		step   time.Duration // between failures
		locked bool
	}{
		{"10 in 9 minutes", time.Minute, true},
		{"10 in 14 minutes 51 seconds", 99 * time.Second, true},
		{"10 over 16 minutes", 16 * time.Minute / 9, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, ctx := signInFixture(t)
			at := t0
			var err error
			for i := range 10 {
				at = t0.Add(time.Duration(i) * c.step)
				_, err = SignIn(ctx, st, lanEmail, "sai mật khẩu rồi", at, "192.0.2.7")
			}
			var le *LockedError
			if c.locked != errors.As(err, &le) {
				t.Fatalf("10th failure: err = %v, want locked=%v", err, c.locked)
			}
			next := at.Add(time.Second)
			_, err = SignIn(ctx, st, lanEmail, lanPassword, next, "192.0.2.7")
			if c.locked {
				if !errors.Is(err, ErrLocked) || !le.Until.Equal(at.Add(15*time.Minute)) {
					t.Fatalf("right password while locked: err = %v (until %v), want ErrLocked until %s", err, le, at.Add(15*time.Minute))
				}
			} else if err != nil {
				t.Fatalf("right password after failures over 16 minutes: %v", err)
			}
		})
	}
}

// TestLockedAccount: while locked, an attempt is refused without checking
// the password, is not counted, and does not move the end of the lock; at
// its end the right password signs in, and the count starts from zero.
func TestLockedAccount(t *testing.T) {
	st, ctx := signInFixture(t)
	for i := range 10 {
		SignIn(ctx, st, lanEmail, "sai mật khẩu rồi", t0.Add(time.Duration(i)*time.Second), "192.0.2.7")
	}
	until := t0.Add(9*time.Second + LockFor)
	checks := countChecks(t)
	for at := t0.Add(10 * time.Second); at.Before(until); at = at.Add(time.Minute) {
		_, err := SignIn(ctx, st, lanEmail, "sai mật khẩu rồi", at, "192.0.2.7")
		var le *LockedError
		if !errors.As(err, &le) || !le.Until.Equal(until) {
			t.Fatalf("at %s: err = %v, want locked until %s", at, err, until)
		}
	}
	if len(*checks) != 0 {
		t.Fatalf("%d password checks on a locked account, want none", len(*checks))
	}
	if got := st.actions(); !slices.Contains(got, ActSignInLocked) {
		t.Fatalf("audit %v: want %s", got, ActSignInLocked)
	}
	// Still locked at the last instant, open at its end.
	if _, err := SignIn(ctx, st, lanEmail, lanPassword, until.Add(-time.Millisecond), ""); !errors.Is(err, ErrLocked) {
		t.Fatalf("just before the end: %v", err)
	}
	mustSignIn(t, ctx, st, lanEmail, lanPassword, until)
	// Nine more failures right after do not lock it again at once.
	for i := range 9 {
		if _, err := SignIn(ctx, st, lanEmail, "sai", until.Add(time.Duration(i+1)*time.Second), ""); errors.Is(err, ErrLocked) {
			t.Fatalf("failure %d after the lock ended: locked again", i+1)
		}
	}
}

// TestUnknownEmailLocksToo: an email without an account locks like one,
// so that the lock does not tell which emails have accounts.
func TestUnknownEmailLocksToo(t *testing.T) {
	st, ctx := signInFixture(t)
	var err error
	for i := range 10 {
		_, err = SignIn(ctx, st, "ghost@example.vn", "bất kỳ mật khẩu nào", t0.Add(time.Duration(i)*time.Second), "")
	}
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("10th failure for an unknown email: %v, want ErrLocked", err)
	}
}

func TestSessionExpiry(t *testing.T) {
	st, ctx := signInFixture(t)
	idle := mustSignIn(t, ctx, st, lanEmail, lanPassword, t0)
	if _, _, err := Authenticate(ctx, st, idle, t0.Add(SessionIdle-time.Millisecond)); err != nil {
		t.Fatalf("just before idle expiry: %v", err)
	}
	// That use moved the idle expiry on.
	if _, _, err := Authenticate(ctx, st, idle, t0.Add(2*SessionIdle-2*time.Millisecond)); err != nil {
		t.Fatalf("used again within 8 h of the last use: %v", err)
	}
	if _, _, err := Authenticate(ctx, st, idle, t0.Add(3*SessionIdle)); !errors.Is(err, ErrNoSession) {
		t.Fatalf("8 h unused: err = %v, want ErrNoSession", err)
	}

	abs := mustSignIn(t, ctx, st, lanEmail, lanPassword, t0)
	at := t0
	for ; at.Before(t0.Add(SessionAbsolute)); at = at.Add(time.Hour) {
		if _, _, err := Authenticate(ctx, st, abs, at); err != nil {
			t.Fatalf("used every hour, at %s: %v", at, err)
		}
	}
	if _, _, err := Authenticate(ctx, st, abs, t0.Add(SessionAbsolute)); !errors.Is(err, ErrNoSession) {
		t.Fatalf("7 days after sign-in: err = %v, want ErrNoSession", err)
	}
}

// TestTouchIsCheap: a session's last use is written at most once a
// minute, not on every request.
func TestTouchIsCheap(t *testing.T) {
	st, ctx := signInFixture(t)
	tok := mustSignIn(t, ctx, st, lanEmail, lanPassword, t0)
	for s := range 120 {
		if _, _, err := Authenticate(ctx, st, tok, t0.Add(time.Duration(s)*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	if st.touches != 1 {
		t.Fatalf("%d touches in 2 minutes of requests every second, want 1", st.touches)
	}
}

func TestAuthenticateRefusesGarbage(t *testing.T) {
	st, ctx := signInFixture(t)
	for _, tok := range []string{"", "short", string(make([]byte, 43)), "a-very-long-token-" + string(make([]byte, 100))} {
		if _, _, err := Authenticate(ctx, st, tok, t0); !errors.Is(err, ErrNoSession) {
			t.Errorf("Authenticate(%q) = %v, want ErrNoSession", tok, err)
		}
	}
}

func TestSignOutDisableAndSetPasswordEndSessions(t *testing.T) {
	st, ctx := signInFixture(t)
	tok := mustSignIn(t, ctx, st, lanEmail, lanPassword, t0)
	if err := SignOut(ctx, st, tok, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Authenticate(ctx, st, tok, t0.Add(2*time.Minute)); !errors.Is(err, ErrNoSession) {
		t.Fatalf("after sign-out: %v", err)
	}
	if err := SignOut(ctx, st, tok, t0.Add(3*time.Minute)); err != nil {
		t.Fatalf("signing out twice: %v", err)
	}
	if got := st.actions(); !slices.Contains(got, ActSignOut) {
		t.Fatalf("audit %v: want %s", got, ActSignOut)
	}

	tok = mustSignIn(t, ctx, st, lanEmail, lanPassword, t0)
	newPassword := "một mật khẩu mới hơn"
	if err := SetPassword(ctx, st, lanEmail, newPassword, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Authenticate(ctx, st, tok, t0.Add(2*time.Minute)); !errors.Is(err, ErrNoSession) {
		t.Fatalf("after a password change: %v", err)
	}
	if _, err := SignIn(ctx, st, lanEmail, lanPassword, t0.Add(3*time.Minute), ""); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("old password: %v", err)
	}
	tok = mustSignIn(t, ctx, st, lanEmail, newPassword, t0.Add(4*time.Minute))
	if err := SetPassword(ctx, st, lanEmail, "ngắn", t0); err == nil {
		t.Fatal("SetPassword took a password the policy refuses")
	}

	if err := st.SetDisabled(ctx, lanEmail, true, t0.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Authenticate(ctx, st, tok, t0.Add(6*time.Minute)); !errors.Is(err, ErrNoSession) {
		t.Fatalf("after disabling: %v", err)
	}
}

// TestAuthenticateRefusesADisabledUsersSession: even a session that
// outlived its user's disabling (a store that failed to delete it) is
// refused.
func TestAuthenticateRefusesADisabledUsersSession(t *testing.T) {
	st, ctx := signInFixture(t)
	tok := mustSignIn(t, ctx, st, lanEmail, lanPassword, t0)
	u := st.users[lanEmail]
	u.Disabled = true
	st.users[lanEmail] = u
	if _, _, err := Authenticate(ctx, st, tok, t0.Add(time.Minute)); !errors.Is(err, ErrNoSession) {
		t.Fatalf("err = %v, want ErrNoSession", err)
	}
}
