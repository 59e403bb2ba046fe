package sqlitestore_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/sqlitestore"
)

// The users, sign-in and session behaviour of the SQLite store, written
// against scoring.UserStore so that it can join the store conformance
// suite.

var ut0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

var testRule = scoring.LockRule{MaxFailures: 3, Window: 15 * time.Minute, Lock: 15 * time.Minute}

// usersStore opens a store with centres c1 and c2, an administrator and
// a manager of c1.
func usersStore(t *testing.T, path string) (*sqlitestore.Store, context.Context) {
	t.Helper()
	st := open(t, path)
	ctx := scoring.WithActor(context.Background(), "cli:test")
	for _, id := range []string{"c1", "c2"} {
		if _, err := st.SaveCentre(ctx, scoring.Centre{ID: id, Name: id, Scale: "legal3", TechnicianPINHash: "$2a$x", UpdatedAt: ut0}); err != nil {
			t.Fatal(err)
		}
	}
	var us scoring.UserStore = st
	for _, u := range []scoring.User{
		{Email: "admin@example.vn", Name: "Quản trị", Role: scoring.RoleAdmin, PasswordHash: "h-admin", CreatedAt: ut0, UpdatedAt: ut0},
		{Email: "lan@example.vn", Name: "Trần Thị Lan", Role: scoring.RoleManager, CentreID: "c1", PasswordHash: "h-lan", CreatedAt: ut0, UpdatedAt: ut0},
	} {
		if err := us.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	return st, ctx
}

func actions(t *testing.T, st *sqlitestore.Store, subject string) []string {
	t.Helper()
	trail, err := st.AuditTrail(context.Background(), scoring.AuditFilter{Subject: subject})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range trail {
		if e.Actor == "" {
			t.Errorf("audit entry %+v has no actor", e)
		}
		out = append(out, e.Action)
	}
	return out
}

func TestUsersCreateReadList(t *testing.T) {
	st, ctx := usersStore(t, filepath.Join(t.TempDir(), "s.db"))
	var us scoring.UserStore = st
	u, err := us.UserByEmail(ctx, "lan@example.vn")
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "Trần Thị Lan" || u.Role != scoring.RoleManager || u.CentreID != "c1" || u.PasswordHash != "h-lan" ||
		u.Disabled || !u.CreatedAt.Equal(ut0) || !u.UpdatedAt.Equal(ut0) || !u.LastSignInAt.IsZero() || !u.LockedUntil.IsZero() {
		t.Fatalf("UserByEmail = %+v", u)
	}
	if _, err := us.UserByEmail(ctx, "nobody@example.vn"); !errors.Is(err, scoring.ErrNotFound) {
		t.Fatalf("unknown email: %v, want ErrNotFound", err)
	}
	dup := u
	dup.Name = "Another"
	if err := us.CreateUser(ctx, dup); !errors.Is(err, scoring.ErrUserExists) {
		t.Fatalf("same email again: %v, want ErrUserExists", err)
	}
	ghost := scoring.User{Email: "x@example.vn", Name: "X", Role: scoring.RoleManager, CentreID: "nope", PasswordHash: "h", CreatedAt: ut0, UpdatedAt: ut0}
	if err := us.CreateUser(ctx, ghost); !errors.Is(err, scoring.ErrNotFound) {
		t.Fatalf("manager of an unknown centre: %v, want ErrNotFound", err)
	}
	list, err := us.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Email != "admin@example.vn" || list[1].Email != "lan@example.vn" || list[0].Role != scoring.RoleAdmin {
		t.Fatalf("Users = %+v", list)
	}
	if got := actions(t, st, scoring.SubjectUser("lan@example.vn")); !slices.Equal(got, []string{scoring.ActUserAdd}) {
		t.Fatalf("audit %v", got)
	}

	u.Name, u.Role, u.CentreID, u.UpdatedAt = "Lan", scoring.RoleManager, "c2", ut0.Add(time.Hour)
	if err := us.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if got, _ := us.UserByEmail(ctx, u.Email); got.CentreID != "c2" || got.Name != "Lan" || got.PasswordHash != "h-lan" || !got.UpdatedAt.Equal(ut0.Add(time.Hour)) {
		t.Fatalf("after UpdateUser: %+v", got)
	}
	u.CentreID = "nope"
	if err := us.UpdateUser(ctx, u); !errors.Is(err, scoring.ErrNotFound) {
		t.Fatalf("update to an unknown centre: %v", err)
	}
	if err := us.UpdateUser(ctx, ghost); !errors.Is(err, scoring.ErrNotFound) {
		t.Fatalf("update of an unknown user: %v", err)
	}
}

func session(email, hash string, at time.Time) scoring.Session {
	return scoring.Session{TokenHash: hash, Email: email, CreatedAt: at, LastSeenAt: at, ExpiresAt: at.Add(scoring.SessionAbsolute), Remote: "192.0.2.7"}
}

func TestSessionsStore(t *testing.T) {
	st, ctx := usersStore(t, filepath.Join(t.TempDir(), "s.db"))
	var us scoring.UserStore = st
	if err := us.CreateSession(ctx, session("nobody@example.vn", "h0", ut0)); !errors.Is(err, scoring.ErrNotFound) {
		t.Fatalf("session of an unknown user: %v", err)
	}
	if err := us.CreateSession(ctx, session("lan@example.vn", "h1", ut0)); err != nil {
		t.Fatal(err)
	}
	s, u, err := us.SessionByTokenHash(ctx, "h1")
	if err != nil {
		t.Fatal(err)
	}
	if s != session("lan@example.vn", "h1", ut0) || u.Email != "lan@example.vn" || u.CentreID != "c1" {
		t.Fatalf("SessionByTokenHash = %+v, %+v", s, u)
	}
	if u, _ := us.UserByEmail(ctx, "lan@example.vn"); !u.LastSignInAt.Equal(ut0) {
		t.Fatalf("last sign-in %s", u.LastSignInAt)
	}
	if _, _, err := us.SessionByTokenHash(ctx, "nope"); !errors.Is(err, scoring.ErrNotFound) {
		t.Fatalf("unknown token hash: %v", err)
	}

	// Touch moves the last use forward, never back.
	if err := us.TouchSession(ctx, "h1", ut0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := us.TouchSession(ctx, "h1", ut0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := us.TouchSession(ctx, "gone", ut0); err != nil {
		t.Fatalf("touching a gone session: %v", err)
	}
	if s, _, _ := us.SessionByTokenHash(ctx, "h1"); !s.LastSeenAt.Equal(ut0.Add(time.Hour)) {
		t.Fatalf("last seen %s, want %s", s.LastSeenAt, ut0.Add(time.Hour))
	}

	// Sign-out.
	if err := us.DeleteSession(ctx, "h1", ut0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := us.SessionByTokenHash(ctx, "h1"); !errors.Is(err, scoring.ErrNotFound) {
		t.Fatalf("after sign-out: %v", err)
	}
	if err := us.DeleteSession(ctx, "h1", ut0.Add(2*time.Hour)); err != nil {
		t.Fatalf("signing out twice: %v", err)
	}
	if got := actions(t, st, scoring.SubjectUser("lan@example.vn")); !slices.Equal(got, []string{scoring.ActUserAdd, scoring.ActSignIn, scoring.ActSignOut}) {
		t.Fatalf("audit %v", got)
	}

	// A new sign-in deletes sessions past their absolute expiry.
	if err := us.CreateSession(ctx, session("admin@example.vn", "old", ut0)); err != nil {
		t.Fatal(err)
	}
	if err := us.CreateSession(ctx, session("admin@example.vn", "new", ut0.Add(scoring.SessionAbsolute))); err != nil {
		t.Fatal(err)
	}
	if _, _, err := us.SessionByTokenHash(ctx, "old"); !errors.Is(err, scoring.ErrNotFound) {
		t.Fatalf("a session past its absolute expiry survived a sign-in: %v", err)
	}

	// Every session of a user.
	for _, h := range []string{"a", "b"} {
		if err := us.CreateSession(ctx, session("lan@example.vn", h, ut0.Add(3*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := us.DeleteUserSessions(ctx, "lan@example.vn", ut0.Add(4*time.Hour)); err != nil || n != 2 {
		t.Fatalf("DeleteUserSessions = %d, %v; want 2", n, err)
	}
	if _, _, err := us.SessionByTokenHash(ctx, "new"); err != nil {
		t.Fatalf("another user's session went too: %v", err)
	}
}

// TestDisableAndSetPasswordEndSessions: both end the user's sessions in
// the same unit of work, and are audited without the hash.
func TestDisableAndSetPasswordEndSessions(t *testing.T) {
	st, ctx := usersStore(t, filepath.Join(t.TempDir(), "s.db"))
	var us scoring.UserStore = st
	for _, h := range []string{"s1", "s2"} {
		if err := us.CreateSession(ctx, session("lan@example.vn", h, ut0)); err != nil {
			t.Fatal(err)
		}
	}
	if err := us.CreateSession(ctx, session("admin@example.vn", "s3", ut0)); err != nil {
		t.Fatal(err)
	}
	if err := us.SetPasswordHash(ctx, "lan@example.vn", "h-new", ut0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if u, _ := us.UserByEmail(ctx, "lan@example.vn"); u.PasswordHash != "h-new" || !u.UpdatedAt.Equal(ut0.Add(time.Minute)) {
		t.Fatalf("after SetPasswordHash: %+v", u)
	}
	for _, h := range []string{"s1", "s2"} {
		if _, _, err := us.SessionByTokenHash(ctx, h); !errors.Is(err, scoring.ErrNotFound) {
			t.Fatalf("session %s survived a password change: %v", h, err)
		}
	}
	if err := us.CreateSession(ctx, session("lan@example.vn", "s4", ut0)); err != nil {
		t.Fatal(err)
	}
	if err := us.SetDisabled(ctx, "lan@example.vn", true, ut0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if u, _ := us.UserByEmail(ctx, "lan@example.vn"); !u.Disabled {
		t.Fatal("not disabled")
	}
	if _, _, err := us.SessionByTokenHash(ctx, "s4"); !errors.Is(err, scoring.ErrNotFound) {
		t.Fatalf("session survived disabling: %v", err)
	}
	if _, _, err := us.SessionByTokenHash(ctx, "s3"); err != nil {
		t.Fatalf("another user's session went too: %v", err)
	}
	if err := us.SetDisabled(ctx, "lan@example.vn", false, ut0.Add(3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if u, _ := us.UserByEmail(ctx, "lan@example.vn"); u.Disabled {
		t.Fatal("still disabled")
	}
	for _, err := range []error{
		us.SetDisabled(ctx, "nobody@example.vn", true, ut0),
		us.SetPasswordHash(ctx, "nobody@example.vn", "h", ut0),
	} {
		if !errors.Is(err, scoring.ErrNotFound) {
			t.Fatalf("unknown user: %v, want ErrNotFound", err)
		}
	}
	trail, _ := st.AuditTrail(ctx, scoring.AuditFilter{Subject: scoring.SubjectUser("lan@example.vn")})
	var got []string
	for _, e := range trail {
		got = append(got, e.Action)
		if strings.Contains(e.Detail, "h-new") || strings.Contains(e.Detail, "h-lan") {
			t.Fatalf("a password hash is in the audit trail: %+v", e)
		}
	}
	want := []string{scoring.ActUserAdd, scoring.ActSignIn, scoring.ActSignIn, scoring.ActUserSetPassword, scoring.ActSignIn,
		scoring.ActUserDisable, scoring.ActUserEnable}
	if !slices.Equal(got, want) {
		t.Fatalf("audit %v, want %v", got, want)
	}
}

func fail(t *testing.T, us scoring.UserStore, ctx context.Context, email string, at time.Time) scoring.SignInLock {
	t.Helper()
	l, err := us.RecordSignInFailure(ctx, scoring.SignInFailure{Email: email, At: at, Remote: "192.0.2.7", Reason: scoring.FailBadPassword}, testRule)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestSignInLockSurvivesRestart: failures count within the window, the
// failure that reaches the maximum locks the email, the lock is on disk
// (a closed and reopened store keeps it) and ends on time; it works for
// an email without an account too.
func TestSignInLockSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	st, ctx := usersStore(t, path)
	var us scoring.UserStore = st
	for _, email := range []string{"lan@example.vn", "ghost@example.vn"} {
		if l := fail(t, us, ctx, email, ut0); l.Failures != 1 || l.Locked(ut0) {
			t.Fatalf("%s after 1 failure: %+v", email, l)
		}
		// The first failure leaves the window before the third.
		if l := fail(t, us, ctx, email, ut0.Add(10*time.Minute)); l.Failures != 2 {
			t.Fatalf("after 2 failures: %+v", l)
		}
		if l := fail(t, us, ctx, email, ut0.Add(15*time.Minute)); l.Failures != 2 || l.Locked(ut0.Add(15*time.Minute)) {
			t.Fatalf("3 failures over 15 minutes: %+v, want 2 counted and no lock", l)
		}
		l := fail(t, us, ctx, email, ut0.Add(16*time.Minute))
		if want := ut0.Add(31 * time.Minute); !l.LockedUntil.Equal(want) {
			t.Fatalf("3 failures within 15 minutes: %+v, want locked until %s", l, want)
		}
		// A failure recorded while locked changes nothing.
		if l := fail(t, us, ctx, email, ut0.Add(20*time.Minute)); !l.LockedUntil.Equal(ut0.Add(31 * time.Minute)) {
			t.Fatalf("failure while locked moved the lock: %+v", l)
		}
	}
	st.Close()

	st2 := open(t, path)
	us = st2
	for _, email := range []string{"lan@example.vn", "ghost@example.vn"} {
		l, err := us.SignInLock(ctx, email, ut0.Add(30*time.Minute), testRule)
		if err != nil {
			t.Fatal(err)
		}
		if !l.Locked(ut0.Add(30*time.Minute)) || !l.LockedUntil.Equal(ut0.Add(31*time.Minute)) {
			t.Fatalf("%s after a restart: %+v, want locked until %s", email, l, ut0.Add(31*time.Minute))
		}
		// At the end the lock is over, and the failures before it do not count.
		if l, _ := us.SignInLock(ctx, email, ut0.Add(31*time.Minute), testRule); l.Locked(ut0.Add(31*time.Minute)) || l.Failures != 0 {
			t.Fatalf("%s at the end of the lock: %+v", email, l)
		}
	}
	if u, _ := us.UserByEmail(ctx, "lan@example.vn"); !u.LockedUntil.Equal(ut0.Add(31 * time.Minute)) {
		t.Fatalf("UserByEmail LockedUntil = %s", u.LockedUntil)
	}
	list, _ := us.Users(ctx)
	if !list[1].LockedUntil.Equal(ut0.Add(31*time.Minute)) || !list[0].LockedUntil.IsZero() {
		t.Fatalf("Users lock state: %+v", list)
	}
	// With a lock shorter than the window, the failures that made the lock
	// would still be in the window at its end: they are spent.
	short := scoring.LockRule{MaxFailures: 3, Window: 15 * time.Minute, Lock: 5 * time.Minute}
	for i := range 3 {
		if _, err := us.RecordSignInFailure(ctx, scoring.SignInFailure{Email: "short@example.vn", At: ut0.Add(time.Duration(i) * time.Minute)}, short); err != nil {
			t.Fatal(err)
		}
	}
	if l, _ := us.SignInLock(ctx, "short@example.vn", ut0.Add(7*time.Minute), short); l.Locked(ut0.Add(7*time.Minute)) || l.Failures != 0 {
		t.Fatalf("at the end of a short lock: %+v, want no lock and no failure counted", l)
	}
	got := actions(t, st2, scoring.SubjectUser("ghost@example.vn"))
	if len(got) != 4 || got[0] != scoring.ActSignInFailed {
		t.Fatalf("audit of the unknown email: %v, want 4 × %s", got, scoring.ActSignInFailed)
	}
}

// TestAuditIsAppendOnlyForUsers: the entries sign-in writes cannot be
// changed or deleted (the audit triggers of 0003 cover them).
func TestAuditIsAppendOnlyForUsers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	usersStore(t, path)
	db := rawDB(t, path)
	defer db.Close()
	if _, err := db.Exec("DELETE FROM audit WHERE action = ?", scoring.ActUserAdd); err == nil {
		t.Fatal("deleted a user.add audit entry")
	}
}

// TestSignInThroughTheStore: scoring.SignIn on the SQLite store, at the
// real password cost: ten wrong passwords lock the account, the lock
// survives a restart, and the session made after it authenticates.
func TestSignInThroughTheStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	st, ctx := usersStore(t, path)
	const pw = "mật khẩu của Lan"
	if err := scoring.SetPassword(ctx, st, "lan@example.vn", pw, ut0); err != nil {
		t.Fatal(err)
	}
	var err error
	for i := range scoring.MaxFailures {
		_, err = scoring.SignIn(ctx, st, "Lan@Example.vn", "sai mật khẩu rồi", ut0.Add(time.Duration(i)*time.Second), "192.0.2.7")
	}
	if !errors.Is(err, scoring.ErrLocked) {
		t.Fatalf("10th wrong password: %v, want ErrLocked", err)
	}
	st.Close()
	st2 := open(t, path)
	if _, err := scoring.SignIn(ctx, st2, "lan@example.vn", pw, ut0.Add(time.Minute), ""); !errors.Is(err, scoring.ErrLocked) {
		t.Fatalf("right password after a restart, while locked: %v, want ErrLocked", err)
	}
	at := ut0.Add(9*time.Second + scoring.LockFor)
	tok, err := scoring.SignIn(ctx, st2, "lan@example.vn", pw, at, "")
	if err != nil {
		t.Fatalf("at the end of the lock: %v", err)
	}
	if _, u, err := scoring.Authenticate(ctx, st2, tok, at.Add(time.Hour)); err != nil || u.CentreID != "c1" {
		t.Fatalf("Authenticate = %+v, %v", u, err)
	}
	got := actions(t, st2, scoring.SubjectUser("lan@example.vn"))
	want := []string{scoring.ActUserAdd, scoring.ActUserSetPassword}
	for range scoring.MaxFailures {
		want = append(want, scoring.ActSignInFailed)
	}
	want = append(want, scoring.ActSignInLocked, scoring.ActSignIn)
	if !slices.Equal(got, want) {
		t.Fatalf("audit %v, want %v", got, want)
	}
}

// TestConcurrentFailuresLockOnce: failures arriving together are counted
// one by one; the one that reaches the maximum locks, and those after it
// see the lock and are not counted.
func TestConcurrentFailuresLockOnce(t *testing.T) {
	st, ctx := usersStore(t, filepath.Join(t.TempDir(), "s.db"))
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Go(func() {
			_, err := st.RecordSignInFailure(ctx, scoring.SignInFailure{Email: "lan@example.vn", At: ut0.Add(time.Duration(i) * time.Millisecond)}, testRule)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	l, err := st.SignInLock(ctx, "lan@example.vn", ut0.Add(time.Second), testRule)
	if err != nil || !l.Locked(ut0.Add(time.Second)) {
		t.Fatalf("after 20 concurrent failures: %+v, %v; want locked", l, err)
	}
	n := 0
	for _, a := range actions(t, st, scoring.SubjectUser("lan@example.vn")) {
		if a == scoring.ActSignInFailed {
			n++
		}
	}
	if n != testRule.MaxFailures {
		t.Fatalf("%d failures recorded, want %d (the rest came while locked)", n, testRule.MaxFailures)
	}
}
