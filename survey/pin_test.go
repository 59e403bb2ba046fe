package survey_test

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"hailong/kiosk/survey"
)

func TestHashPINRoundTrip(t *testing.T) {
	if !survey.CheckPIN(testPINHash, testPIN) {
		t.Fatalf("CheckPIN(HashPIN(%q), %q) = false", testPIN, testPIN)
	}
	if cost, err := bcrypt.Cost([]byte(testPINHash)); err != nil || cost != survey.PINCost {
		t.Errorf("bcrypt cost = %d, %v; want %d", cost, err, survey.PINCost)
	}
	if !survey.LooksLikePINHash(testPINHash) {
		t.Errorf("LooksLikePINHash(%q) = false", testPINHash)
	}
	if strings.Contains(testPINHash, testPIN) {
		t.Errorf("the hash %q contains the PIN", testPINHash)
	}
	again, err := survey.HashPIN(testPIN)
	if err != nil {
		t.Fatal(err)
	}
	if again == testPINHash {
		t.Error("two hashes of the same PIN are equal: no salt")
	}
	if !survey.CheckPIN(again, testPIN) {
		t.Error("the second hash does not check")
	}
}

func TestCheckPIN(t *testing.T) {
	tests := []struct {
		name string
		hash string
		pin  string
		want bool
	}{
		{"right", testPINHash, testPIN, true},
		{"wrong", testPINHash, "2469", false},
		{"prefix", testPINHash, testPIN[:3], false},
		{"longer", testPINHash, testPIN + "0", false},
		{"empty pin", testPINHash, "", false},
		{"empty hash", "", testPIN, false},
		{"both empty", "", "", false},
		{"plain text hash", testPIN, testPIN, false},
		{"garbage hash", strings.Repeat("x", 60), testPIN, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // bcrypt is slow on purpose
			if got := survey.CheckPIN(tt.hash, tt.pin); got != tt.want {
				t.Errorf("CheckPIN(%q, %q) = %v, want %v", tt.hash, tt.pin, got, tt.want)
			}
		})
	}
}

func TestLooksLikePINHash(t *testing.T) {
	body := strings.Repeat("a", 56)
	tests := []struct {
		s    string
		want bool
	}{
		{testPINHash, true},
		{"$2a$" + body, true},
		{"$2b$" + body, true},
		{"$2y$" + body, true},
		{"$2x$" + body, false},
		{"$2b$" + body[1:], false},
		{"$2b$" + body + "a", false},
		{"", false},
		{"1234", false},
		{"$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", false},
	}
	for _, tt := range tests {
		if got := survey.LooksLikePINHash(tt.s); got != tt.want {
			t.Errorf("LooksLikePINHash(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestPINLock(t *testing.T) {
	const max, lockFor = 5, 5 * time.Minute
	t0 := time.Date(2025, 11, 24, 9, 0, 0, 0, time.UTC)

	var p survey.PINLock
	if p.Locked(t0) {
		t.Fatal("the zero PINLock is locked")
	}
	for i := 1; i < max; i++ {
		now := t0.Add(time.Duration(i) * time.Second)
		p = p.Fail(now, max, lockFor)
		if p.Failures != i {
			t.Fatalf("after %d failures Failures = %d", i, p.Failures)
		}
		if p.Locked(now) {
			t.Fatalf("locked after %d of %d failures", i, max)
		}
	}
	last := t0.Add(time.Minute)
	before := p
	p = p.Fail(last, max, lockFor)
	if before.Failures != max-1 {
		t.Errorf("Fail changed its receiver: Failures = %d", before.Failures)
	}
	deadline := last.Add(lockFor)
	if !p.LockedUntil.Equal(deadline) {
		t.Fatalf("LockedUntil = %v, want %v", p.LockedUntil, deadline)
	}
	if p.Failures != 0 {
		t.Errorf("Failures = %d after locking, want the count restarted", p.Failures)
	}
	tests := []struct {
		at   time.Time
		want bool
	}{
		{last, true},
		{last.Add(lockFor / 2), true},
		{deadline.Add(-time.Nanosecond), true},
		{deadline, false},
		{deadline.Add(time.Second), false},
	}
	for _, tt := range tests {
		if got := p.Locked(tt.at); got != tt.want {
			t.Errorf("Locked(deadline%+v) = %v, want %v", tt.at.Sub(deadline), got, tt.want)
		}
	}

	// After the lock, it takes max fresh failures to lock again.
	after := deadline.Add(time.Second)
	for i := 1; i < max; i++ {
		p = p.Fail(after, max, lockFor)
		if p.Locked(after) {
			t.Fatalf("locked again after %d fresh failures", i)
		}
	}
	if p = p.Fail(after, max, lockFor); !p.Locked(after) {
		t.Error("not locked again after max fresh failures")
	}
}

func TestPINLockMaxOne(t *testing.T) {
	t0 := time.Date(2025, 11, 24, 9, 0, 0, 0, time.UTC)
	p := survey.PINLock{}.Fail(t0, 1, time.Minute)
	if !p.Locked(t0) || p.Locked(t0.Add(time.Minute)) {
		t.Errorf("max 1: %+v, want locked for exactly a minute", p)
	}
}
