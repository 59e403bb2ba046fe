package scoring

import "strings"

// MaxIDLen bounds kiosk, centre, counter and officer ids.
const MaxIDLen = 64

// ValidID reports whether s can be an id: 1 to 64 ASCII letters, digits,
// '.', '_' or '-'. Ids appear in URLs, logs and CSV files unescaped.
func ValidID(s string) bool {
	if s == "" || len(s) > MaxIDLen {
		return false
	}
	for _, c := range []byte(s) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

// Clip shortens free text from a kiosk to n bytes without splitting a
// UTF-8 sequence.
func Clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
