package survey

import (
	"fmt"
	"strings"
)

// PINRole is whose PIN it is. Roles differ in how long a PIN must be,
// because they differ in what a guessed PIN opens (docs/SECURITY.md).
type PINRole string

// The PIN roles.
const (
	// RoleOfficer signs an officer in and out at a counter: typed at every
	// shift change, in view of the citizen-facing screen that then shows
	// the officer's photo and name.
	RoleOfficer PINRole = "officer"
	// RoleManager opens the manager's screens.
	RoleManager PINRole = "manager"
	// RoleTechnician opens the technician's screens, leaves full screen
	// and quits the kiosk: the keys to the machine.
	RoleTechnician PINRole = "technician"
)

// PIN lengths, in digits. MaxPINDigits is what the PIN pad accepts.
const (
	MinOfficerPINDigits = 4
	MinStaffPINDigits   = 6
	MaxPINDigits        = 12
)

// MinPINDigits is the shortest PIN a role may have.
func (r PINRole) MinPINDigits() int {
	if r == RoleOfficer {
		return MinOfficerPINDigits
	}
	return MinStaffPINDigits
}

// vi names the role in Vietnamese.
func (r PINRole) vi() string {
	switch r {
	case RoleTechnician:
		return "kỹ thuật viên"
	case RoleManager:
		return "quản lý"
	default:
		return "cán bộ"
	}
}

// a names the role in English with its article.
func (r PINRole) a() string {
	if r == RoleOfficer {
		return "an officer"
	}
	return "a " + string(r)
}

// PINError is a new PIN that breaks a rule. Its message is written for the
// administrator or technician choosing the PIN: Vietnamese first, English
// beside it, and what to do.
type PINError struct {
	Role PINRole
	VI   string
	EN   string
}

func (e *PINError) Error() string { return e.VI + " / " + e.EN }

// CheckNewPIN checks a PIN about to be hashed for role: digits only (the PIN
// pad has nothing else), MinPINDigits to MaxPINDigits of them, and, for
// manager and technician PINs, not one digit repeated nor a straight run
// such as 123456 or 987654, the first guesses anyone tries at the pad.
func CheckNewPIN(role PINRole, pin string) error {
	lo := role.MinPINDigits()
	if pin == "" || strings.Trim(pin, "0123456789") != "" {
		return &PINError{Role: role,
			VI: fmt.Sprintf("mã PIN %s chỉ gồm chữ số 0–9, từ %d đến %d chữ số; hãy nhập lại", role.vi(), lo, MaxPINDigits),
			EN: fmt.Sprintf("%s PIN is digits 0–9 only, %d to %d of them; type it again", role.a(), lo, MaxPINDigits)}
	}
	if len(pin) < lo || len(pin) > MaxPINDigits {
		return &PINError{Role: role,
			VI: fmt.Sprintf("mã PIN %s phải có từ %d đến %d chữ số (mã này có %d); hãy chọn mã khác", role.vi(), lo, MaxPINDigits, len(pin)),
			EN: fmt.Sprintf("%s PIN must have %d to %d digits (this one has %d); choose another", role.a(), lo, MaxPINDigits, len(pin))}
	}
	if role != RoleOfficer && guessable(pin) {
		return &PINError{Role: role,
			VI: fmt.Sprintf("mã PIN %s quá dễ đoán (một chữ số lặp lại hoặc dãy liên tiếp như 123456); hãy chọn mã khác", role.vi()),
			EN: fmt.Sprintf("this %s PIN is too easy to guess (one digit repeated, or a run like 123456); choose another", role)}
	}
	return nil
}

// guessable reports whether pin is one digit repeated or a run of digits
// going up or down by one.
func guessable(pin string) bool {
	same, up, down := true, true, true
	for i := 1; i < len(pin); i++ {
		d := int(pin[i]) - int(pin[i-1])
		same = same && d == 0
		up = up && d == 1
		down = down && d == -1
	}
	return same || up || down
}

// PINWarnings lists, in Vietnamese and English, the staff PIN hashes of c
// that are legacy bcrypt hashes. Such a hash may hide a 4-digit PIN (they
// were allowed until staff PINs needed 6 digits); the kiosk cannot tell from
// the hash, so it keeps accepting it, rather than locking the technician out
// of a kiosk in the field, and says what to do.
func (c Config) PINWarnings() []string {
	var out []string
	for _, h := range []struct {
		role PINRole
		hash string
	}{{RoleTechnician, c.TechnicianPIN}, {RoleManager, c.ManagerPIN}} {
		if LegacyPINHash(h.hash) {
			out = append(out, fmt.Sprintf(
				"mã PIN %s dùng kiểu băm cũ (bcrypt), có thể chỉ 4 chữ số: hãy đặt mã mới từ %d chữ số (scoring-server centre add, hoặc kiosk hash-pin) / "+
					"the %s PIN has a legacy bcrypt hash and may be only 4 digits: set a new PIN of at least %d digits (scoring-server centre add, or kiosk hash-pin)",
				h.role.vi(), MinStaffPINDigits, h.role, MinStaffPINDigits))
		}
	}
	return out
}
