package main

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Tab-separated output. Values printed by the commands come partly from
// kiosks (app_version, last_error, hostname in heartbeats and enrolments),
// so a value holding a tab or a newline could add a column or a whole forged
// row to `kiosk list` (issue 9 item 6). Every command that prints TSV goes
// through writeTSV, which escapes each field so that one record is always
// one line with the expected number of tabs.

// tsvField escapes s for one field of tab-separated output, in the style of
// PostgreSQL's COPY text format: \t \n \r and \\ as those two-character
// escapes, other C0 control bytes and DEL as \xHH, C1 controls and the
// Unicode line and paragraph separators as \uHHHH, and each byte of invalid
// UTF-8 as \xHH. Everything else, Vietnamese included, is printed as it is.
func tsvField(s string) string {
	if !needsEscape(s) {
		return s
	}
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\t':
				b.WriteString(`\t`)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c == '\\':
				b.WriteString(`\\`)
			case c < 0x20 || c == 0x7f:
				b.Write([]byte{'\\', 'x', hex[c>>4], hex[c&0xf]})
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.Write([]byte{'\\', 'x', hex[c>>4], hex[c&0xf]})
		case r >= 0x80 && r <= 0x9f, r == '\u2028', r == '\u2029':
			b.Write([]byte{'\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf]})
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// needsEscape reports whether tsvField would change s.
func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f || c == '\\' {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || (r >= 0x80 && r <= 0x9f) || r == '\u2028' || r == '\u2029' {
			return true
		}
		i += size
	}
	return false
}

// tsvLine is fields escaped and joined by tabs, with a newline.
func tsvLine(fields ...string) string {
	esc := make([]string, len(fields))
	for i, f := range fields {
		esc[i] = tsvField(f)
	}
	return strings.Join(esc, "\t") + "\n"
}

// writeTSV writes one tab-separated record, each field escaped.
func writeTSV(w io.Writer, fields ...string) error {
	_, err := io.WriteString(w, tsvLine(fields...))
	return err
}
