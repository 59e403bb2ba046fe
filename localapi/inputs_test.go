package localapi

import (
	"testing"

	"hailong/kiosk/survey"
)

// FuzzCheckCodeWithinResponseRules holds the local API's check of a
// ticket or dossier code to be at least as strict as the response's rule:
// whatever the API lets into an invitation, a response can carry and a
// server accepts.
func FuzzCheckCodeWithinResponseRules(f *testing.F) {
	for _, s := range []string{"", "A012", "000.00.23.H01-251124-0001", "A\x00", "A\x1b[2J", "A\t1", "A\n1",
		"hồ sơ", "\u2028", "\xff", "=HYPERLINK(\"x\")", "<b>&amp;</b>", string(make([]byte, 65))} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if checkCode("ticket", s) == nil && !survey.ValidFreeText(s) {
			t.Fatalf("the local API takes %q, which a response may not carry", s)
		}
	})
}
