package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/sqlitestore"
)

// cliIn runs a command line with input as its standard input.
func cliIn(t *testing.T, db, input string, args ...string) (string, string, error) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(input)
	defer func() { stdin = old }()
	return cli(t, db, args...)
}

func mustCLIIn(t *testing.T, db, input string, args ...string) string {
	t.Helper()
	out, errOut, err := cliIn(t, db, input, args...)
	if err != nil {
		t.Fatalf("%v: %v\n%s", args, err, errOut)
	}
	return out
}

// usersDB is a database with centre qn.
func usersDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "scoring.db")
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Trung tâm PVHCC Quảng Ninh", "--technician-pin", "909090")
	return db
}

// signIn signs in through the store the command line wrote, as the
// dashboard will.
func signIn(t *testing.T, db, email, password string) (string, error) {
	t.Helper()
	st, err := sqlitestore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	return scoring.SignIn(context.Background(), st, email, password, time.Now(), "test")
}

func TestUserCommands(t *testing.T) {
	db := usersDB(t)
	if out := mustCLIIn(t, db, "mật khẩu quản trị\n", "user", "add", "--email", "Admin@QN.gov.vn", "--name", "Quản trị tỉnh", "--role", "admin"); out != "user\tadmin@qn.gov.vn\tadded\n" {
		t.Fatalf("user add admin: %q", out)
	}
	// The password is the first line, without its line ending (CRLF too),
	// spaces inside kept; the rest of the input is ignored.
	if out := mustCLIIn(t, db, "mật khẩu của Lan\r\nthừa\n", "user", "add", "--email", "lan@qn.gov.vn", "--name", `Trần Thị Lan\QN`, "--role", "manager", "--centre", "qn"); out != "user\tlan@qn.gov.vn\tadded\n" {
		t.Fatalf("user add manager: %q", out)
	}
	if _, err := signIn(t, db, "lan@qn.gov.vn", "mật khẩu của Lan"); err != nil {
		t.Fatalf("sign in with the password given to user add: %v", err)
	}
	// No final newline (printf '%s' "$PW" | …) is fine too.
	mustCLIIn(t, db, "một mật khẩu khác", "user", "add", "--email", "binh@qn.gov.vn", "--name", "Bình", "--role", "manager", "--centre", "qn")

	out := mustCLI(t, db, "user", "list")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 || lines[0] != "email\tname\trole\tcentre\tdisabled\tlocked_until\tlast_sign_in" {
		t.Fatalf("user list:\n%s", out)
	}
	if lines[1] != "admin@qn.gov.vn\tQuản trị tỉnh\tadmin\t-\tno\t-\t-" {
		t.Fatalf("admin row %q", lines[1])
	}
	lan := strings.Split(lines[3], "\t")
	if len(lan) != 7 || lan[0] != "lan@qn.gov.vn" || lan[1] != `Trần Thị Lan\\QN` || lan[2] != "manager" || lan[3] != "qn" || lan[4] != "no" || lan[5] != "-" {
		t.Fatalf("manager row %q: want the backslash in the name escaped", lines[3])
	}
	if _, err := time.Parse(time.RFC3339, lan[6]); err != nil {
		t.Fatalf("last_sign_in %q: %v", lan[6], err)
	}

	tok, err := signIn(t, db, "lan@qn.gov.vn", "mật khẩu của Lan")
	if err != nil {
		t.Fatal(err)
	}
	if out := mustCLIIn(t, db, "mật khẩu mới của Lan\n", "user", "set-password", "LAN@qn.gov.vn"); out != "user\tlan@qn.gov.vn\tpassword_set\n" {
		t.Fatalf("set-password: %q", out)
	}
	if _, err := signIn(t, db, "lan@qn.gov.vn", "mật khẩu của Lan"); !errors.Is(err, scoring.ErrBadCredentials) {
		t.Fatalf("old password after set-password: %v", err)
	}
	st, _ := sqlitestore.Open(context.Background(), db)
	_, _, err = scoring.Authenticate(context.Background(), st, tok, time.Now())
	st.Close()
	if !errors.Is(err, scoring.ErrNoSession) {
		t.Fatalf("a session survived set-password: %v", err)
	}

	tok, err = signIn(t, db, "lan@qn.gov.vn", "mật khẩu mới của Lan")
	if err != nil {
		t.Fatal(err)
	}
	if out := mustCLI(t, db, "user", "disable", "lan@qn.gov.vn"); out != "user\tlan@qn.gov.vn\tdisabled\n" {
		t.Fatalf("disable: %q", out)
	}
	st, _ = sqlitestore.Open(context.Background(), db)
	_, _, err = scoring.Authenticate(context.Background(), st, tok, time.Now())
	st.Close()
	if !errors.Is(err, scoring.ErrNoSession) {
		t.Fatalf("a session survived disable: %v", err)
	}
	if _, err := signIn(t, db, "lan@qn.gov.vn", "mật khẩu mới của Lan"); !errors.Is(err, scoring.ErrBadCredentials) {
		t.Fatalf("disabled user signs in: %v", err)
	}
	if !strings.Contains(mustCLI(t, db, "user", "list"), "lan@qn.gov.vn\tTrần Thị Lan\\\\QN\tmanager\tqn\tyes\t") {
		t.Fatal("user list does not show lan disabled")
	}
	if out := mustCLI(t, db, "user", "enable", "lan@qn.gov.vn"); out != "user\tlan@qn.gov.vn\tenabled\n" {
		t.Fatalf("enable: %q", out)
	}
	if _, err := signIn(t, db, "lan@qn.gov.vn", "mật khẩu mới của Lan"); err != nil {
		t.Fatalf("enabled user cannot sign in: %v", err)
	}

	audit := mustCLI(t, db, "audit")
	for _, a := range []string{"user.add", "user.set_password", "user.disable", "user.enable", "sign_in", "sign_in_failed"} {
		if !strings.Contains(audit, "\t"+a+"\tuser:lan@qn.gov.vn\t") {
			t.Errorf("audit has no %s of lan:\n%s", a, audit)
		}
	}
	if strings.Contains(audit, "argon2id") {
		t.Error("a password hash is in the audit trail")
	}
}

// TestUserLockShows: user list shows a lock in force.
func TestUserLockShows(t *testing.T) {
	db := usersDB(t)
	mustCLIIn(t, db, "mật khẩu quản trị\n", "user", "add", "--email", "admin@qn.gov.vn", "--name", "Quản trị", "--role", "admin")
	st, _ := sqlitestore.Open(context.Background(), db)
	now := time.Now()
	for i := range scoring.MaxFailures {
		st.RecordSignInFailure(context.Background(), scoring.SignInFailure{Email: "admin@qn.gov.vn", At: now.Add(time.Duration(i) * time.Millisecond)}, scoring.DefaultLockRule)
	}
	st.Close()
	row := strings.Split(strings.Split(mustCLI(t, db, "user", "list"), "\n")[1], "\t")
	until, err := time.Parse(time.RFC3339, row[5])
	if err != nil || until.Before(now.Add(14*time.Minute)) {
		t.Fatalf("locked_until %q: want about 15 minutes from now (%v)", row[5], err)
	}
}

func TestUserCommandErrors(t *testing.T) {
	db := usersDB(t)
	mustCLIIn(t, db, "mật khẩu quản trị\n", "user", "add", "--email", "admin@qn.gov.vn", "--name", "Quản trị", "--role", "admin")
	const pw = "mật khẩu đủ dài\n"
	for _, c := range []struct {
		name  string
		input string
		args  []string
		code  int
		says  []string
	}{
		{"no email", pw, []string{"user", "add", "--name", "N", "--role", "admin"}, 2, []string{"--email", "thiếu"}},
		{"no role", pw, []string{"user", "add", "--email", "a@b.vn", "--name", "N"}, 2, []string{"--role"}},
		{"bad role", pw, []string{"user", "add", "--email", "a@b.vn", "--name", "N", "--role", "root"}, 2, []string{"admin|manager"}},
		{"admin with centre", pw, []string{"user", "add", "--email", "a@b.vn", "--name", "N", "--role", "admin", "--centre", "qn"}, 2, []string{"bỏ --centre", "leave out --centre"}},
		{"manager without centre", pw, []string{"user", "add", "--email", "a@b.vn", "--name", "N", "--role", "manager"}, 2, []string{"--centre"}},
		{"manager of an unknown centre", pw, []string{"user", "add", "--email", "a@b.vn", "--name", "N", "--role", "manager", "--centre", "hp"}, 1,
			[]string{"trung tâm hp", "centre hp does not exist", "centre add"}},
		{"bad email", pw, []string{"user", "add", "--email", "not-an-email", "--name", "N", "--role", "admin"}, 2, []string{"email"}},
		{"short password", "ngắn quá\n", []string{"user", "add", "--email", "a@b.vn", "--name", "N", "--role", "admin"}, 2,
			[]string{"ít nhất 10 ký tự", "at least 10 characters"}},
		{"no password", "", []string{"user", "add", "--email", "a@b.vn", "--name", "N", "--role", "admin"}, 2,
			[]string{"mật khẩu", "standard input"}},
		{"existing email", pw, []string{"user", "add", "--email", "ADMIN@qn.gov.vn", "--name", "N", "--role", "admin"}, 1,
			[]string{"đã có", "already exists", "set-password"}},
		{"disable unknown", "", []string{"user", "disable", "nobody@qn.gov.vn"}, 1, []string{"nobody@qn.gov.vn", "user list"}},
		{"set-password unknown", pw, []string{"user", "set-password", "nobody@qn.gov.vn"}, 1, []string{"nobody@qn.gov.vn", "user list"}},
		{"set-password short", "ngắn\n", []string{"user", "set-password", "admin@qn.gov.vn"}, 2, []string{"at least 10 characters"}},
		{"disable without email", "", []string{"user", "disable"}, 2, []string{"EMAIL"}},
		{"unknown user command", "", []string{"user", "delete", "x"}, 2, []string{"unknown command"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := cliIn(t, db, c.input, c.args...)
			if err == nil {
				t.Fatal("no error")
			}
			if got := exitCode(err); got != c.code {
				t.Errorf("exit %d, want %d: %v", got, c.code, err)
			}
			for _, s := range c.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
		})
	}
	// Nothing was added by the failures.
	if n := strings.Count(mustCLI(t, db, "user", "list"), "\n"); n != 2 {
		t.Fatalf("user list has %d lines after failed adds, want 2", n)
	}
}
