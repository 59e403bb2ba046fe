package survey_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"hailong/kiosk/survey"
)

// TestSecurityDocMatchesPINRules: docs/SECURITY.md exists, the README links
// it, and it states the argon2id parameters and PIN lengths the code uses,
// so that a change to either shows up here.
func TestSecurityDocMatchesPINRules(t *testing.T) {
	doc, err := os.ReadFile("../docs/SECURITY.md")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "(docs/SECURITY.md)") {
		t.Error("README.md does not link docs/SECURITY.md")
	}
	for _, want := range []string{
		fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$", survey.PINArgonMemoryKiB, survey.PINArgonTime, survey.PINArgonThreads),
		fmt.Sprintf("%d–%d digits, not one digit repeated", survey.MinStaffPINDigits, survey.MaxPINDigits),
		fmt.Sprintf("| officer | signs the officer in and out at a counter | at every shift change | %d–%d digits |", survey.MinOfficerPINDigits, survey.MaxPINDigits),
		"stolen kiosk", "leaked token", "Legacy bcrypt hashes", "pepper",
	} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("docs/SECURITY.md does not say %q", want)
		}
	}
}
