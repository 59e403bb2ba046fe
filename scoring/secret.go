package scoring

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

// TokenBytes is the length of a kiosk token before encoding.
const TokenBytes = 32

// NewToken returns a new kiosk token: 32 random bytes, base64url without
// padding (43 characters). Only HashSecret(token) is stored.
func NewToken() (string, error) {
	b := make([]byte, TokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("new token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// HashSecret returns the hex SHA-256 of a token or a normalised enrolment
// code. Both are high-entropy random strings, so a fast hash is enough: a
// stolen database gives no usable token or code.
func HashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// codeAlphabet has no 0/O, 1/I/L or U/V look-alikes, so a code read off a
// screen or paper is typed right on a kiosk's keyboard.
const codeAlphabet = "ABCDEFGHJKMNPQRSTWXYZ23456789"

// CodeLength is the number of symbols in an enrolment code: 12 symbols of
// 29 carry 58 bits, far beyond guessing within a code's 24 hours.
const CodeLength = 12

// NewEnrolCode returns a new enrolment code, printed in groups of four
// (ABCD-EFGH-JKMN) for reading aloud; NormaliseEnrolCode undoes the
// grouping and case.
func NewEnrolCode() (string, error) {
	var sb strings.Builder
	b := make([]byte, 1)
	for sb.Len() < CodeLength+CodeLength/4-1 {
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("new enrolment code: %w", err)
		}
		// Rejection sampling keeps every symbol equally likely.
		if int(b[0]) >= 256/len(codeAlphabet)*len(codeAlphabet) {
			continue
		}
		if n := sb.Len(); n > 0 && (n+1)%5 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[int(b[0])%len(codeAlphabet)])
	}
	return sb.String(), nil
}

// NormaliseEnrolCode upper-cases a typed code and drops spaces and dashes.
func NormaliseEnrolCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, s)
}
