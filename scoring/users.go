package scoring

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Role is what a dashboard user may see (SPEC §8).
type Role string

// The roles.
const (
	// RoleAdmin sees every centre and administers users and kiosks.
	RoleAdmin Role = "admin"
	// RoleManager sees their own centre only; any other centre's page
	// answers 404.
	RoleManager Role = "manager"
)

// ParseRole reads a role as the command line spells it.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleAdmin, RoleManager:
		return r, nil
	}
	return "", fmt.Errorf("vai trò %q không hợp lệ: chọn admin hoặc manager / role %q is not valid: choose admin|manager", s, s)
}

// ErrUserExists: a user with that email is already stored.
var ErrUserExists = errors.New("a user with this email already exists")

// MaxEmailBytes bounds an email address (RFC 5321's path limit).
const MaxEmailBytes = 254

// User is a person who signs in to the dashboard. Users are keyed by
// their email, normalised (NormaliseEmail), so that "Lan@Example.VN" and
// "lan@example.vn" are one account.
type User struct {
	Email        string
	Name         string
	Role         Role
	CentreID     string // a manager's centre; "" for an administrator
	PasswordHash string // argon2id PHC string (HashPassword)
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time

	// Filled by reads, ignored by writes.
	LastSignInAt time.Time // zero when never signed in
	LockedUntil  time.Time // the end of a sign-in lock, zero when none is recorded
}

// NormaliseEmail trims spaces and lower-cases an email address. Lower-
// casing the local part too is what users expect of an address typed on a
// phone, although RFC 5321 lets a mail server tell cases apart.
func NormaliseEmail(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// checkEmail accepts a normalised address of the form local@domain,
// without spaces or control characters, of at most MaxEmailBytes. It does
// not try to be RFC 5322: the address is a sign-in name, never mailed.
func checkEmail(email string) error {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" || domain == "" || strings.Contains(domain, "@") || len(email) > MaxEmailBytes ||
		!utf8.ValidString(email) || strings.ContainsFunc(email, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return fmt.Errorf("email %q không hợp lệ: nhập dạng ten@donvi.gov.vn, tối đa %d byte / email %q is not valid: give name@domain, at most %d bytes",
			email, MaxEmailBytes, email, MaxEmailBytes)
	}
	return nil
}

// Validate checks a user's fields (not the password, which is hashed):
// a valid normalised email, a name, a role, and a centre for a manager
// and none for an administrator.
func (u User) Validate() error {
	var errs []error
	if err := checkEmail(u.Email); err != nil {
		errs = append(errs, err)
	} else if u.Email != NormaliseEmail(u.Email) {
		errs = append(errs, fmt.Errorf("email %q is not normalised", u.Email))
	}
	if err := checkName("user name", u.Name); err != nil {
		errs = append(errs, fmt.Errorf("họ tên phải có từ 1 đến 200 ký tự / %w", err))
	}
	switch u.Role {
	case RoleManager:
		if u.CentreID == "" {
			errs = append(errs, errors.New("người quản lý cần --centre ID của trung tâm mình / a manager needs --centre ID, their centre"))
		} else if !ValidID(u.CentreID) {
			errs = append(errs, fmt.Errorf("mã trung tâm %q không hợp lệ / centre id %q is not an id", u.CentreID, u.CentreID))
		}
	case RoleAdmin:
		if u.CentreID != "" {
			errs = append(errs, errors.New("quản trị viên xem mọi trung tâm: bỏ --centre / an administrator sees every centre: leave out --centre"))
		}
	default:
		if _, err := ParseRole(string(u.Role)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// NewUser checks a new user's fields and password (CheckNewPassword) and
// hashes the password. email is normalised.
func NewUser(email, name, role, centreID, password string, now time.Time) (User, error) {
	u := User{Email: NormaliseEmail(email), Name: name, Role: Role(role), CentreID: centreID, CreatedAt: now, UpdatedAt: now}
	errs := []error{u.Validate()}
	if err := CheckNewPassword(password); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return User{}, err
	}
	h, err := HashPassword(password)
	if err != nil {
		return User{}, err
	}
	u.PasswordHash = h
	return u, nil
}

// SubjectUser names a user (or an email that has no account, for a
// refused sign-in) as an audit subject.
func SubjectUser(email string) string { return "user:" + email }
