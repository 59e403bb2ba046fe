package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/sqlitestore"
)

// Dashboard users from the command line (issue 10 item 3): user add,
// list, disable, enable and set-password. Passwords come on standard
// input, never as arguments, which other users of the machine could read
// in the process list and which shells keep in their history.

// stdin is where passwords are read from; tests replace it.
var stdin io.Reader = os.Stdin

// readPassword reads a password: on a terminal, typed twice without echo;
// otherwise the first line of stdin, without its line ending (for scripts:
// printf '%s\n' "$PW" | scoring-server user add …).
func readPassword(stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return readPasswordTerminal(int(f.Fd()), stderr)
	}
	// A password is at most MaxPasswordBytes; reading a little more lets
	// the policy say "too long" rather than cut it.
	line, err := bufio.NewReader(io.LimitReader(stdin, 4*scoring.MaxPasswordBytes)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	return checkPassword(strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"))
}

// readPasswordTerminal asks for the password twice on the terminal fd,
// echo off, and checks that both agree.
func readPasswordTerminal(fd int, stderr io.Writer) (string, error) {
	var typed [2]string
	for i, prompt := range []string{
		fmt.Sprintf("Mật khẩu (ít nhất %d ký tự) / Password (at least %d characters): ", scoring.MinPasswordChars, scoring.MinPasswordChars),
		"Nhập lại mật khẩu / Type it again: ",
	} {
		fmt.Fprint(stderr, prompt)
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("read the password from the terminal: %w", err)
		}
		typed[i] = string(b)
	}
	if typed[0] != typed[1] {
		return "", usageError{"hai lần nhập mật khẩu không khớp; hãy chạy lại lệnh / the two passwords differ; run the command again"}
	}
	return checkPassword(typed[0])
}

// checkPassword applies the password policy to what was read.
func checkPassword(line string) (string, error) {
	if line == "" {
		return "", usageError{"thiếu mật khẩu: đưa mật khẩu vào dòng đầu của đầu vào chuẩn, ví dụ printf '%s\\n' \"$PW\" | scoring-server user … / " +
			"no password: give it as the first line of standard input, e.g. printf '%s\\n' \"$PW\" | scoring-server user …"}
	}
	if err := scoring.CheckNewPassword(line); err != nil {
		return "", usageError{err.Error()}
	}
	return line, nil
}

// userError turns a store error about a user into what to do.
func userError(email, centre string, err error) error {
	switch {
	case errors.Is(err, scoring.ErrUserExists):
		return fmt.Errorf("đã có người dùng %s; để đổi mật khẩu dùng scoring-server user set-password %s / "+
			"a user %s already exists; to change the password use scoring-server user set-password %s", email, email, email, email)
	case errors.Is(err, scoring.ErrNotFound) && centre != "":
		return fmt.Errorf("trung tâm %s chưa có: kiểm tra mã, hoặc thêm bằng scoring-server centre add / "+
			"centre %s does not exist: check the id, or add it with scoring-server centre add", centre, centre)
	case errors.Is(err, scoring.ErrNotFound):
		return fmt.Errorf("không có người dùng %s: xem danh sách bằng scoring-server user list / "+
			"there is no user %s: see scoring-server user list", email, email)
	}
	return err
}

func runUserAdd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("user add", getenv, stderr)
	email := fs.String("email", "", "sign-in email")
	name := fs.String("name", "", "full name")
	role := fs.String("role", "", "admin (every centre) or manager (one centre)")
	centre := fs.String("centre", "", "a manager's centre id")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	var missing []string
	for _, f := range []struct{ flag, v string }{{"--email", *email}, {"--name", *name}, {"--role", *role}} {
		if f.v == "" {
			missing = append(missing, f.flag)
		}
	}
	if len(missing) > 0 {
		m := strings.Join(missing, ", ")
		return usageError{fmt.Sprintf("user add thiếu %s / user add needs %s\n\n%s", m, m, usage)}
	}
	r, err := scoring.ParseRole(*role)
	if err != nil {
		return usageError{err.Error()}
	}
	// The fields are checked before the password is read, so that a typo
	// in a flag does not cost typing the password.
	probe := scoring.User{Email: scoring.NormaliseEmail(*email), Name: *name, Role: r, CentreID: *centre}
	if err := probe.Validate(); err != nil {
		return usageError{err.Error()}
	}
	pw, err := readPassword(stderr)
	if err != nil {
		return err
	}
	u, err := scoring.NewUser(*email, *name, *role, *centre, pw, time.Now())
	if err != nil {
		return usageError{err.Error()}
	}
	return withStore(ctx, *db, func(st *sqlitestore.Store) error {
		if err := st.CreateUser(ctx, u); err != nil {
			return userError(u.Email, u.CentreID, err)
		}
		return writeTSV(stdout, "user", u.Email, "added")
	})
}

// userColumns is the header of `user list`.
var userColumns = []string{"email", "name", "role", "centre", "disabled", "locked_until", "last_sign_in"}

func runUserList(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("user list", getenv, stderr)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	return withStore(ctx, *db, func(st *sqlitestore.Store) error {
		users, err := st.Users(ctx)
		if err != nil {
			return err
		}
		now := time.Now()
		var b strings.Builder
		b.WriteString(tsvLine(userColumns...))
		for _, u := range users {
			locked := time.Time{}
			if u.LockedUntil.After(now) {
				locked = u.LockedUntil
			}
			b.WriteString(tsvLine(u.Email, u.Name, string(u.Role), dash(u.CentreID), yesNo(u.Disabled), when(locked), when(u.LastSignInAt)))
		}
		_, err = io.WriteString(stdout, b.String())
		return err
	})
}

// runUserSetDisabled is user disable (which ends the user's sessions) and
// user enable.
func runUserSetDisabled(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, disabled bool) error {
	name, done := "user enable", "enabled"
	if disabled {
		name, done = "user disable", "disabled"
	}
	fs, db := newFlags(name, getenv, stderr)
	if err := parseFlags(fs, args, 1); err != nil {
		return usageError{fmt.Sprintf("cách dùng / usage: scoring-server %s EMAIL\n%v", name, err)}
	}
	email := scoring.NormaliseEmail(fs.Arg(0))
	return withStore(ctx, *db, func(st *sqlitestore.Store) error {
		if err := st.SetDisabled(ctx, email, disabled, time.Now()); err != nil {
			return userError(email, "", err)
		}
		return writeTSV(stdout, "user", email, done)
	})
}

// runUserSetPassword sets a user's password from stdin, which ends their
// sessions.
func runUserSetPassword(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("user set-password", getenv, stderr)
	if err := parseFlags(fs, args, 1); err != nil {
		return usageError{fmt.Sprintf("cách dùng / usage: scoring-server user set-password EMAIL (mật khẩu ở đầu vào chuẩn / password on standard input)\n%v", err)}
	}
	email := scoring.NormaliseEmail(fs.Arg(0))
	return withStore(ctx, *db, func(st *sqlitestore.Store) error {
		// The user is looked up first, so that a typo in the email does
		// not cost typing the password.
		if _, err := st.UserByEmail(ctx, email); err != nil {
			return userError(email, "", err)
		}
		pw, err := readPassword(stderr)
		if err != nil {
			return err
		}
		if err := scoring.SetPassword(ctx, st, email, pw, time.Now()); err != nil {
			return userError(email, "", err)
		}
		return writeTSV(stdout, "user", email, "password_set")
	})
}
