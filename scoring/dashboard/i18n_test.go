package dashboard

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Every key has both languages, no value is empty, both have the same
// format verbs, and the Vietnamese text is valid UTF-8 in NFC with its
// diacritics (a catalogue typed without them would still read as words).
func TestCatalogueComplete(t *testing.T) {
	for key, m := range messages {
		if strings.TrimSpace(m.vi) == "" || strings.TrimSpace(m.en) == "" {
			t.Errorf("%s: empty text (vi %q, en %q)", key, m.vi, m.en)
		}
		if !utf8.ValidString(m.vi) || !utf8.ValidString(m.en) {
			t.Errorf("%s: invalid UTF-8", key)
		}
		if strings.Count(m.vi, "%") != strings.Count(m.en, "%") {
			t.Errorf("%s: vi and en differ in format verbs: %q / %q", key, m.vi, m.en)
		}
	}
}

// The words of SPEC §7 are spelled exactly, with their diacritics.
func TestCatalogueSpecWords(t *testing.T) {
	tests := []struct{ key, want string }{
		{"level.very_satisfied", "Rất hài lòng"},
		{"level.satisfied", "Hài lòng"},
		{"level.dissatisfied", "Không hài lòng"},
		{"score.rate", "Tỷ lệ hài lòng"},
		{"nav.today", "Hôm nay"},
		{"nav.day", "Theo ngày"},
		{"nav.trends", "Xu hướng"},
		{"nav.fleet", "Thiết bị"},
		{"nav.alerts", "Cảnh báo"},
	}
	for _, tc := range tests {
		if got := VI.T(tc.key); got != tc.want {
			t.Errorf("VI.T(%q) = %q, want %q", tc.key, got, tc.want)
		}
	}
	if got := VI.T("score.too_few", 7); got != "chưa đủ số liệu, n = 7" {
		t.Errorf("too few = %q", got)
	}
	if got := EN.T("score.too_few", 7); got != "not enough ratings yet, n = 7" {
		t.Errorf("too few (en) = %q", got)
	}
	if got := VI.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q", got)
	}
}
