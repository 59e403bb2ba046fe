package chart

import (
	"strconv"
	"strings"
)

// Pct formats a percentage with one decimal as computed (SPEC §7), with a
// decimal comma when comma is true (Vietnamese) and a point otherwise.
func Pct(v float64, comma bool) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if comma {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Int formats a count with a thousands separator: "." in Vietnamese, ","
// in English.
func Int(n int, comma bool) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := ","
	if comma {
		sep = "."
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
