package survey

import (
	"unicode/utf8"
)

// Bounds of a response's fields (docs/RESPONSE.md §1 and §3). Lengths are
// in bytes of UTF-8, never in characters.
const (
	// MaxIDBytes bounds ids: kiosk, centre, counter, officer, invitation.
	MaxIDBytes = 64
	// MaxTextBytes bounds the free text of ticket and dossier_code, each
	// reason code, and app_version and config_version.
	MaxTextBytes = 64
	// MaxSeq is 2^53 − 1: every seq stays exact in any JSON implementation
	// (IEEE doubles) and in Prometheus' gauges, and a forged seq cannot
	// claim more missing responses than a fleet's sums can hold.
	MaxSeq = 1<<53 - 1
	// MaxDurationMS is a day: no screen of the kiosk stays open that long.
	MaxDurationMS = 24 * 60 * 60 * 1000
)

// ValidID reports whether s is an identifier: 1 to 64 ASCII letters,
// digits, '.', '_' or '-'. Ids are copied unescaped into URLs, logs and
// CSV files, so they carry nothing that needs escaping.
func ValidID(s string) bool {
	if s == "" || len(s) > MaxIDBytes {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// ValidUUID reports whether s is a UUID in its lowercase text form,
// 8-4-4-4-12 hex digits, of any version.
func ValidUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// ValidFreeText reports whether s may be a ticket or a dossier code: at
// most MaxTextBytes of valid UTF-8 without control characters other than
// TAB, LF and CR. Queue systems and scanners send text that may hold line
// breaks; NUL, ESC and the like only ever carry mischief (terminal escapes
// in a technician's shell, truncation in C tools reading an export).
func ValidFreeText(s string) bool {
	return len(s) <= MaxTextBytes && textOK(s, true, false)
}

// ValidReasonCode reports whether s may be a reason code: 1 to
// MaxTextBytes of valid UTF-8, no control character at all (line breaks
// included), no U+2028 or U+2029. ';', ',' and spaces are allowed: an
// export must keep them (docs/EXPORT.md).
func ValidReasonCode(s string) bool {
	return s != "" && len(s) <= MaxTextBytes && textOK(s, false, true)
}

// ValidVersionText reports whether s may be an app_version or a
// config_version: at most MaxTextBytes of printable ASCII, space included.
func ValidVersionText(s string) bool {
	if len(s) > MaxTextBytes {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// textOK reports whether s is valid UTF-8 with no C0 control (but TAB, LF
// and CR when breaks), no DEL, no C1 control, and no U+2028 or U+2029
// when noSeparators.
func textOK(s string, breaks, noSeparators bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && !(breaks && (c == '\t' || c == '\n' || c == '\r')) || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r <= 0x9f || noSeparators && (r == '\u2028' || r == '\u2029') {
			return false
		}
		i += size
	}
	return true
}
