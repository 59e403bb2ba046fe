package scoring

import (
	"fmt"
	"runtime"
	"strings"
	"unicode"
	"unicode/utf8"

	"hailong/kiosk/survey"
)

// Password policy: long rather than complicated (NIST SP 800-63B): at
// least MinPasswordChars characters, Vietnamese letters counting one each,
// and at most MaxPasswordBytes bytes, which bounds the work a sign-in
// attempt can ask of the hash.
const (
	MinPasswordChars = 10
	MaxPasswordBytes = 256
)

// Argon2id cost of dashboard passwords: 64 MiB, 3 passes, 1 lane, as for
// PINs (survey.PINArgon2id). BenchmarkHashPassword: 0.18 s and 64 MiB per
// hash on the 2-core development machine at load 1.5 (0.24–0.31 s at load
// 5–6), paid once per sign-in attempt; hashSlots bounds how many run at
// once.
// Unexported and a variable only so that tests can lower it.
var passwordCost = survey.Argon2id{MemoryKiB: 64 * 1024, Time: 3, Threads: 1}

// dummyPasswordHash is checked when a sign-in names an email without an
// account, so that the answer takes as long as for a wrong password. It
// hashes a random password that was thrown away, at passwordCost
// (TestPasswordCost keeps the two in step).
var dummyPasswordHash = "$argon2id$v=19$m=65536,t=3,p=1$I5HEP3XMyXFfEBAY/JcIGg$nrRVQIY0xvcDfLtTmaAXr+ofWZGV3QhpcJ5YSTS4uMs"

// hashSlots bounds the password hashes computed at once: each takes 64 MiB,
// so a burst of sign-in attempts waits here instead of exhausting memory.
var hashSlots = make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))

// PasswordError is a new password that breaks the policy, worded for the
// person choosing it: Vietnamese first, English beside it, and what to do.
type PasswordError struct {
	VI, EN string
}

func (e *PasswordError) Error() string { return e.VI + " / " + e.EN }

// CheckNewPassword checks a password about to be set.
func CheckNewPassword(pw string) error {
	switch {
	case !utf8.ValidString(pw) || strings.ContainsFunc(pw, unicode.IsControl):
		return &PasswordError{
			VI: "mật khẩu chứa ký tự không gõ được (ký tự điều khiển hoặc không phải UTF-8); hãy chọn mật khẩu khác",
			EN: "the password holds characters that cannot be typed (control characters or invalid UTF-8); choose another"}
	case len(pw) > MaxPasswordBytes:
		return &PasswordError{
			VI: fmt.Sprintf("mật khẩu dài quá %d byte; hãy chọn mật khẩu ngắn hơn", MaxPasswordBytes),
			EN: fmt.Sprintf("the password is longer than %d bytes; choose a shorter one", MaxPasswordBytes)}
	case utf8.RuneCountInString(pw) < MinPasswordChars:
		return &PasswordError{
			VI: fmt.Sprintf("mật khẩu phải có ít nhất %d ký tự (mật khẩu này có %d); hãy chọn mật khẩu dài hơn, ví dụ một câu ngắn", MinPasswordChars, utf8.RuneCountInString(pw)),
			EN: fmt.Sprintf("the password must have at least %d characters (this one has %d); choose a longer one, a short sentence for example", MinPasswordChars, utf8.RuneCountInString(pw))}
	}
	return nil
}

// HashPassword checks pw against the policy and returns its argon2id hash
// (a PHC string that carries its cost, so the cost can be raised later).
func HashPassword(pw string) (string, error) {
	if err := CheckNewPassword(pw); err != nil {
		return "", err
	}
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	h, err := passwordCost.Hash(pw)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return h, nil
}

// CheckPassword reports whether pw matches hash. A password longer than
// MaxPasswordBytes matches nothing and costs nothing: none was ever set.
func CheckPassword(hash, pw string) bool {
	if len(pw) > MaxPasswordBytes {
		return false
	}
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return survey.CheckArgon2id(hash, pw)
}
