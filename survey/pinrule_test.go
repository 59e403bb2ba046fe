package survey_test

import (
	"errors"
	"strings"
	"testing"

	"hailong/kiosk/survey"
)

func TestCheckNewPIN(t *testing.T) {
	tests := []struct {
		role survey.PINRole
		pin  string
		want string // "" for accepted, else a piece of the message
	}{
		{survey.RoleTechnician, "482619", ""},
		{survey.RoleTechnician, "909090", ""},
		{survey.RoleTechnician, "482612345678", ""},
		{survey.RoleTechnician, "4826", "từ 6 đến 12 chữ số"},
		{survey.RoleTechnician, "48261", "must have 6 to 12 digits"},
		{survey.RoleTechnician, "4826123456789", "(this one has 13)"},
		{survey.RoleManager, "4826", "mã PIN quản lý phải có từ 6"},
		{survey.RoleManager, "808080", ""},
		{survey.RoleTechnician, "000000", "too easy to guess"},
		{survey.RoleTechnician, "123456", "quá dễ đoán"},
		{survey.RoleManager, "876543", "too easy to guess"},
		{survey.RoleManager, "01234567", "too easy to guess"},
		{survey.RoleTechnician, "48 2619", "digits 0–9 only"},
		{survey.RoleTechnician, "４８２６１９", "digits 0–9 only"}, // full-width digits
		{survey.RoleTechnician, "", "chỉ gồm chữ số"},
		{survey.RoleOfficer, "1717", ""},
		{survey.RoleOfficer, "1111", ""}, // officers: length only, see docs/SECURITY.md
		{survey.RoleOfficer, "171", "an officer PIN must have 4 to 12 digits"},
		{survey.RoleOfficer, "17a7", "mã PIN cán bộ chỉ gồm chữ số"},
	}
	for _, tt := range tests {
		err := survey.CheckNewPIN(tt.role, tt.pin)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckNewPIN(%s, %q) = %v, want nil", tt.role, tt.pin, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckNewPIN(%s, %q) = %v, want an error saying %q", tt.role, tt.pin, err, tt.want)
		}
		var pe *survey.PINError
		if err != nil && (!errors.As(err, &pe) || pe.VI == "" || pe.EN == "" || !strings.Contains(pe.Error(), " / ")) {
			t.Errorf("CheckNewPIN(%s, %q) = %#v: want a *PINError in Vietnamese and English", tt.role, tt.pin, err)
		}
	}
}

func TestPINRoleMinDigits(t *testing.T) {
	for role, want := range map[survey.PINRole]int{survey.RoleTechnician: 6, survey.RoleManager: 6, survey.RoleOfficer: 4} {
		if got := role.MinPINDigits(); got != want {
			t.Errorf("%s.MinPINDigits() = %d, want %d", role, got, want)
		}
	}
}

// TestPINWarnings: a legacy bcrypt technician or manager hash still loads
// (kiosks in the field carry them) but is named, with what to do.
func TestPINWarnings(t *testing.T) {
	c := goodConfig()
	if w := c.PINWarnings(); len(w) != 0 {
		t.Errorf("argon2id staff hashes: warnings %q, want none", w)
	}
	c.TechnicianPIN = legacyBcrypt9999
	if err := c.Validate(); err != nil {
		t.Fatalf("a legacy bcrypt technician hash is refused: %v", err)
	}
	w := c.PINWarnings()
	if len(w) != 1 || !strings.Contains(w[0], "kỹ thuật viên") || !strings.Contains(w[0], "technician PIN has a legacy bcrypt hash") {
		t.Errorf("warnings %q, want one about the technician PIN", w)
	}
	c.ManagerPIN = legacyBcrypt9999
	if w := c.PINWarnings(); len(w) != 2 || !strings.Contains(w[1], "manager") {
		t.Errorf("warnings %q, want the technician's and the manager's", w)
	}
	c.Officers[0].PINHash = legacyBcrypt9999 // officers may keep 4 digits: no warning
	if w := c.PINWarnings(); len(w) != 2 {
		t.Errorf("warnings %q, want none for an officer", w)
	}
}
