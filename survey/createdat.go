package survey

import (
	"errors"
	"fmt"
	"time"
)

// The years a created_at may name. A kiosk clock outside them is broken
// (an RTC reset to 1970 or 2000, a typo when set by hand), and a rating
// dated there would count in no real day of any report.
const (
	MinYear = 2024
	MaxYear = 2099
)

// Offsets a created_at may carry: the world's zones run from UTC−12 to
// UTC+14.
const (
	minOffsetMinutes = -12 * 60
	maxOffsetMinutes = 14 * 60
)

// CheckCreatedAt checks a created_at as docs/RESPONSE.md §3.16 defines it:
// exactly YYYY-MM-DDTHH:MM:SS.mmm then Z or ±HH:MM, a real date and time in
// MinYear…MaxYear, an offset from −12:00 to +14:00 and never −00:00. It is
// stricter than time.Parse with TimeLayout, which also takes a comma
// before the milliseconds, offsets up to ±23:59 and any year, so that one
// instant has one spelling another vendor can produce.
func CheckCreatedAt(s string) error {
	if len(s) != 24 && len(s) != 29 {
		return fmt.Errorf("created_at %q: want YYYY-MM-DDTHH:MM:SS.mmm then Z or ±HH:MM", clipText(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		var ok bool
		switch i {
		case 4, 7:
			ok = c == '-'
		case 10:
			ok = c == 'T'
		case 13, 16, 26:
			ok = c == ':'
		case 19:
			ok = c == '.'
		case 23:
			ok = len(s) == 24 && c == 'Z' || len(s) == 29 && (c == '+' || c == '-')
		default:
			ok = c >= '0' && c <= '9'
		}
		if !ok {
			return fmt.Errorf("created_at %q: want YYYY-MM-DDTHH:MM:SS.mmm then Z or ±HH:MM", clipText(s))
		}
	}
	year := num(s[0:4])
	if year < MinYear || year > MaxYear {
		return fmt.Errorf("created_at %q: the year must be from %d to %d (is the kiosk's clock set?)", s, MinYear, MaxYear)
	}
	if len(s) == 29 {
		off := num(s[24:26])*60 + num(s[27:29])
		if s[23] == '-' {
			off = -off
		}
		if num(s[27:29]) > 59 || off < minOffsetMinutes || off > maxOffsetMinutes || s[23:] == "-00:00" {
			return fmt.Errorf("created_at %q: the offset must be from -12:00 to +14:00 (UTC is Z or +00:00)", s)
		}
	}
	// The layout checks the ranges of month, day (leap years included),
	// hour, minute and second; the shape is already exact.
	if _, err := time.Parse(TimeLayout, s); err != nil {
		var pe *time.ParseError
		if errors.As(err, &pe) && pe.Message != "" {
			return fmt.Errorf("created_at %q:%s", s, pe.Message)
		}
		return fmt.Errorf("created_at %q: not a real date and time", s)
	}
	return nil
}

// num is the value of a run of ASCII digits already checked.
func num(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// clipText shortens s for an error message: a 900 kB field must not make
// a 900 kB message.
func clipText(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	for n := max; n > 0; n-- {
		if s[n]&0xC0 != 0x80 {
			return s[:n] + "…"
		}
	}
	return "…"
}
