package scoring

import (
	"errors"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/survey"
)

// cheapPasswords lowers the password hash cost for the test, so that a
// test signing in twenty times takes milliseconds, and restores it after.
func cheapPasswords(t *testing.T) {
	t.Helper()
	oldCost, oldDummy := passwordCost, dummyPasswordHash
	passwordCost = survey.Argon2id{MemoryKiB: 64, Time: 1, Threads: 1}
	h, err := passwordCost.Hash("dummy password nobody knows")
	if err != nil {
		t.Fatal(err)
	}
	dummyPasswordHash = h
	t.Cleanup(func() { passwordCost, dummyPasswordHash = oldCost, oldDummy })
}

func TestNormaliseEmail(t *testing.T) {
	for in, want := range map[string]string{
		"An.Nguyen@Example.VN":    "an.nguyen@example.vn",
		"  an@example.vn\t":       "an@example.vn",
		"ĐỨC@example.vn":          "đức@example.vn",
		"already@lower.case":      "already@lower.case",
		"MiXeD+Tag@Sub.Domain.Vn": "mixed+tag@sub.domain.vn",
	} {
		if got := NormaliseEmail(in); got != want {
			t.Errorf("NormaliseEmail(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNewUserChecksFields(t *testing.T) {
	cheapPasswords(t)
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	good := "mật khẩu rất dài"
	u, err := NewUser(" Lan@Example.VN ", "Trần Thị Lan", "manager", "hcm-q1", good, now)
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "lan@example.vn" || u.Role != RoleManager || u.CentreID != "hcm-q1" || u.Disabled ||
		!u.CreatedAt.Equal(now) || !u.UpdatedAt.Equal(now) {
		t.Fatalf("NewUser = %+v", u)
	}
	if !CheckPassword(u.PasswordHash, good) || CheckPassword(u.PasswordHash, good+"x") {
		t.Fatal("the password hash does not check the password")
	}
	if _, err := NewUser("admin@example.vn", "Quản trị", "admin", "", good, now); err != nil {
		t.Fatalf("admin without centre: %v", err)
	}
	for _, c := range []struct {
		name, email, uname, role, centre, password, wantInErr string
	}{
		{"no at", "lan.example.vn", "Lan", "admin", "", good, "email"},
		{"empty email", "", "Lan", "admin", "", good, "email"},
		{"space in email", "lan an@example.vn", "Lan", "admin", "", good, "email"},
		{"two ats", "lan@an@example.vn", "Lan", "admin", "", good, "email"},
		{"long email", strings.Repeat("a", 250) + "@example.vn", "Lan", "admin", "", good, "email"},
		{"no name", "lan@example.vn", "", "admin", "", good, "name"},
		{"bad role", "lan@example.vn", "Lan", "root", "", good, "admin|manager"},
		{"manager without centre", "lan@example.vn", "Lan", "manager", "", good, "--centre"},
		{"admin with centre", "lan@example.vn", "Lan", "admin", "hcm-q1", good, "--centre"},
		{"bad centre id", "lan@example.vn", "Lan", "manager", "hcm q1", good, "centre"},
		{"short password", "lan@example.vn", "Lan", "admin", "", "ngắn quá", "10"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewUser(c.email, c.uname, c.role, c.centre, c.password, now)
			if err == nil || !strings.Contains(err.Error(), c.wantInErr) {
				t.Fatalf("err = %v, want one mentioning %q", err, c.wantInErr)
			}
		})
	}
}

// TestCheckNewPassword: at least 10 characters (not bytes: Vietnamese
// letters take 2 or 3), at most 256 bytes, valid UTF-8 without control
// characters; each refusal says in Vietnamese, then English, what to do.
func TestCheckNewPassword(t *testing.T) {
	for _, c := range []struct {
		pw string
		ok bool
	}{
		{"0123456789", true},
		{"đường phố!", true}, // 10 characters, 14 bytes
		{"đường phố", false}, // 9 characters, 13 bytes
		{"", false},
		{"123456789", false},
		{strings.Repeat("a", MaxPasswordBytes), true},
		{strings.Repeat("a", MaxPasswordBytes+1), false},
		{"abcdefghij\xff", false},
		{"abcdefghij\x00", false},
		{"abcdefghij\n", false},
		{"  spaces are fine  ", true},
	} {
		err := CheckNewPassword(c.pw)
		if (err == nil) != c.ok {
			t.Errorf("CheckNewPassword(%q) = %v, want ok=%v", c.pw, err, c.ok)
			continue
		}
		var pe *PasswordError
		if err != nil && (!errors.As(err, &pe) || pe.VI == "" || pe.EN == "" || !strings.HasPrefix(err.Error(), pe.VI)) {
			t.Errorf("CheckNewPassword(%q) = %v: want a PasswordError, Vietnamese first", c.pw, err)
		}
	}
	if _, err := HashPassword("short"); err == nil {
		t.Error("HashPassword hashed a password the policy refuses")
	}
}

// TestPasswordCost: passwords are hashed with argon2id at 64 MiB, 3
// passes, 1 lane, and the dummy hash that unknown emails are checked
// against has exactly that cost, so that checking it takes as long.
func TestPasswordCost(t *testing.T) {
	want := survey.Argon2id{MemoryKiB: 64 * 1024, Time: 3, Threads: 1}
	if passwordCost != want {
		t.Fatalf("password cost %+v, want %+v", passwordCost, want)
	}
	if p, ok := survey.Argon2idParamsOf(dummyPasswordHash); !ok || p != passwordCost {
		t.Fatalf("dummy hash cost %+v, %v; want %+v", p, ok, passwordCost)
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("một mật khẩu đủ dài"); err != nil {
			b.Fatal(err)
		}
	}
}
