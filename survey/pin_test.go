package survey_test

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/survey"
)

// refArgon2id is the PHC string the reference implementation (the argon2
// command of the Password Hashing Competition's phc-winner-argon2, as
// packaged by Debian) prints for PIN 482619 with the parameters HashPIN uses:
//
//	echo -n 482619 | argon2 hailongsaltdemo1 -id -t 3 -k 65536 -p 1 -l 32 -e
const refArgon2id = "$argon2id$v=19$m=65536,t=3,p=1$aGFpbG9uZ3NhbHRkZW1vMQ$7LNIW5ojwbyottL3ft+9AGcHv5fk5z4C/54RcQR6iow"

// legacyBcrypt9999 is a bcrypt hash (cost 11) of the old demo technician
// PIN 9999, as kiosks in the field carry them.
const legacyBcrypt9999 = "$2a$11$DtosMi5W2YdojaTEALihEeJD5U10vyeQOnQTNtRqmJlTceGQ38oja"

func TestHashPINRoundTrip(t *testing.T) {
	if !survey.CheckPIN(testPINHash, testPIN) {
		t.Fatalf("CheckPIN(HashPIN(%q), %q) = false", testPIN, testPIN)
	}
	if !survey.LooksLikePINHash(testPINHash) {
		t.Errorf("LooksLikePINHash(%q) = false", testPINHash)
	}
	if survey.LegacyPINHash(testPINHash) {
		t.Errorf("LegacyPINHash(%q) = true for a new hash", testPINHash)
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

// TestHashPINFormat: a new hash is argon2id in the PHC string format, with
// exactly the parameters chosen (docs/SECURITY.md), a 16-byte salt and a
// 32-byte key in unpadded standard base64.
func TestHashPINFormat(t *testing.T) {
	want := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$", survey.PINArgonMemoryKiB, survey.PINArgonTime, survey.PINArgonThreads)
	if want != "$argon2id$v=19$m=65536,t=3,p=1$" {
		t.Errorf("parameters %s, want m=65536,t=3,p=1 as measured and documented", want)
	}
	if !strings.HasPrefix(testPINHash, want) {
		t.Fatalf("hash %q does not start with %q", testPINHash, want)
	}
	parts := strings.Split(strings.TrimPrefix(testPINHash, want), "$")
	if len(parts) != 2 {
		t.Fatalf("hash %q: want salt$key after the parameters", testPINHash)
	}
	for i, n := range []int{16, 32} {
		b, err := base64.RawStdEncoding.Strict().DecodeString(parts[i])
		if err != nil || len(b) != n {
			t.Errorf("part %d %q: %d bytes, %v; want %d bytes of unpadded base64", i, parts[i], len(b), err, n)
		}
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
		{"wrong", testPINHash, "246801", false},
		{"prefix", testPINHash, testPIN[:5], false},
		{"longer", testPINHash, testPIN + "0", false},
		{"empty pin", testPINHash, "", false},
		{"empty hash", "", testPIN, false},
		{"both empty", "", "", false},
		{"plain text hash", testPIN, testPIN, false},
		{"garbage hash", strings.Repeat("x", 60), testPIN, false},
		{"reference argon2id", refArgon2id, "482619", true},
		{"reference argon2id, wrong PIN", refArgon2id, "482618", false},
		{"legacy bcrypt", legacyBcrypt9999, "9999", true},
		{"legacy bcrypt, wrong PIN", legacyBcrypt9999, "9998", false},
		{"argon2id, key changed", strings.Replace(refArgon2id, "$7LNIW", "$8LNIW", 1), "482619", false},
		{"argon2id, fewer passes", strings.Replace(refArgon2id, "t=3", "t=2", 1), "482619", false},
		{"argon2i, not argon2id", strings.Replace(refArgon2id, "argon2id", "argon2i", 1), "482619", false},
		{"argon2id, version 16", strings.Replace(refArgon2id, "v=19", "v=16", 1), "482619", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := survey.CheckPIN(tt.hash, tt.pin); got != tt.want {
				t.Errorf("CheckPIN(%q, %q) = %v, want %v", tt.hash, tt.pin, got, tt.want)
			}
		})
	}
}

func TestLooksLikePINHash(t *testing.T) {
	body := strings.Repeat("a", 56)
	salt, key := "aGFpbG9uZ3NhbHRkZW1vMQ", "7LNIW5ojwbyottL3ft+9AGcHv5fk5z4C/54RcQR6iow"
	argon := func(params string) string { return "$argon2id$v=19$" + params + "$" + salt + "$" + key }
	tests := []struct {
		s    string
		want bool
	}{
		{testPINHash, true},
		{refArgon2id, true},
		{"$2a$" + body, true},
		{"$2b$" + body, true},
		{"$2y$" + body, true},
		{"$2x$" + body, false},
		{"$2b$" + body[1:], false},
		{"$2b$" + body + "a", false},
		{"", false},
		{"1234", false},
		{argon("m=65536,t=3,p=4"), true},
		{argon("m=19456,t=2,p=1"), true},
		{argon("m=262144,t=16,p=8"), true},
		{argon("m=262145,t=3,p=1"), false}, // more memory than a kiosk should give one try
		{argon("m=65536,t=17,p=1"), false},
		{argon("m=65536,t=0,p=1"), false},
		{argon("m=65536,t=3,p=0"), false},
		{argon("m=65536,t=3,p=9"), false},
		{argon("m=7,t=1,p=1"), false},
		{argon("m=065536,t=3,p=1"), false},
		{argon("t=3,m=65536,p=1"), false},
		{argon("m=65536,t=3,p=1,keyid=x"), false},
		{argon("m=65536,t=3"), false},
		{"$argon2id$v=19$m=65536,t=3,p=1$" + salt + "==$" + key, false},
		{"$argon2id$v=19$m=65536,t=3,p=1$" + salt + "$" + key + "$", false},
		{"$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$" + key, false},     // 4-byte salt
		{"$argon2id$v=19$m=65536,t=3,p=1$" + salt + "$a2V5", false}, // 3-byte key
		{"$argon2id$v=19$m=65536,t=3,p=1$" + salt + "$" + strings.ReplaceAll(key, "+", "-"), false},
	}
	for _, tt := range tests {
		if got := survey.LooksLikePINHash(tt.s); got != tt.want {
			t.Errorf("LooksLikePINHash(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestLegacyPINHash(t *testing.T) {
	for s, want := range map[string]bool{legacyBcrypt9999: true, refArgon2id: false, testPINHash: false, "": false, "9999": false} {
		if got := survey.LegacyPINHash(s); got != want {
			t.Errorf("LegacyPINHash(%q) = %v, want %v", s, got, want)
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
