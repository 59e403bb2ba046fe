package scoring

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"hailong/kiosk/survey"
)

// MaxPhotoBytes bounds an officer's photo: kiosks fetch it over slow links.
const MaxPhotoBytes = 2 << 20

// CheckPIN checks a new officer PIN: 4 to 12 digits, what the kiosk's PIN
// pad can type. Technician and manager PINs follow survey.CheckNewPIN's
// stricter rule (6 digits, not guessable).
func CheckPIN(pin string) error { return survey.CheckNewPIN(survey.RoleOfficer, pin) }

// checkName accepts 1 to 200 bytes of UTF-8 without control characters.
func checkName(what, s string) error {
	if s == "" || len(s) > 200 || !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return fmt.Errorf("%s must be 1 to 200 characters of text", what)
	}
	return nil
}

// NewCentre checks a centre's fields and hashes its PINs. The technician
// PIN is required: a kiosk's configuration without one fails validation,
// and the technician could never leave full screen. managerPIN may be "".
func NewCentre(id, name, scale, technicianPIN, managerPIN string, now time.Time) (Centre, error) {
	var errs []error
	if !ValidID(id) {
		errs = append(errs, fmt.Errorf("centre id %q: want 1 to %d letters, digits, '.', '_' or '-'", id, MaxIDLen))
	}
	if err := checkName("centre name", name); err != nil {
		errs = append(errs, err)
	}
	if scale == "" {
		scale = survey.ScaleLegal3
	}
	if _, err := survey.NewScale(scale); err != nil {
		errs = append(errs, err)
	}
	// A PINError names its role, in Vietnamese first: no prefix.
	if err := survey.CheckNewPIN(survey.RoleTechnician, technicianPIN); err != nil {
		errs = append(errs, err)
	}
	if managerPIN != "" {
		if err := survey.CheckNewPIN(survey.RoleManager, managerPIN); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Centre{}, err
	}
	c := Centre{ID: id, Name: name, Scale: scale, UpdatedAt: now}
	var err error
	if c.TechnicianPINHash, err = survey.HashPIN(technicianPIN); err != nil {
		return Centre{}, fmt.Errorf("hash technician PIN: %w", err)
	}
	if managerPIN != "" {
		if c.ManagerPINHash, err = survey.HashPIN(managerPIN); err != nil {
			return Centre{}, fmt.Errorf("hash manager PIN: %w", err)
		}
	}
	return c, nil
}

// NewOfficer checks an officer's fields, hashes the PIN and, when photo
// (the file's bytes) is not nil, checks it is a PNG, JPEG or SVG
// (photoName's extension decides SVG) of at most MaxPhotoBytes.
func NewOfficer(centreID, id, name, title, pin string, photo []byte, photoName string, now time.Time) (Officer, error) {
	var errs []error
	if !ValidID(centreID) {
		errs = append(errs, fmt.Errorf("centre id %q is not an id", centreID))
	}
	if !ValidID(id) {
		errs = append(errs, fmt.Errorf("officer id %q: want 1 to %d letters, digits, '.', '_' or '-'", id, MaxIDLen))
	}
	if err := checkName("officer name", name); err != nil {
		errs = append(errs, err)
	}
	if title != "" {
		if err := checkName("title", title); err != nil {
			errs = append(errs, err)
		}
	}
	if err := CheckPIN(pin); err != nil {
		errs = append(errs, err)
	}
	var p *Photo
	if photo != nil {
		ct, err := photoType(photo, photoName)
		if err != nil {
			errs = append(errs, err)
		}
		p = &Photo{ContentType: ct, Data: photo}
	}
	if err := errors.Join(errs...); err != nil {
		return Officer{}, err
	}
	h, err := survey.HashPIN(pin)
	if err != nil {
		return Officer{}, fmt.Errorf("hash officer PIN: %w", err)
	}
	return Officer{CentreID: centreID, ID: id, Name: name, Title: title, PINHash: h, Photo: p, UpdatedAt: now}, nil
}

// photoType sniffs a photo's content type.
func photoType(b []byte, name string) (string, error) {
	if len(b) == 0 || len(b) > MaxPhotoBytes {
		return "", fmt.Errorf("photo %s: want 1 byte to %d MiB", name, MaxPhotoBytes>>20)
	}
	if strings.EqualFold(filepath.Ext(name), ".svg") && utf8.Valid(b) {
		return "image/svg+xml", nil
	}
	switch {
	case bytes.HasPrefix(b, pngSignature):
		return "image/png", nil
	case bytes.HasPrefix(b, jpegSignature):
		return "image/jpeg", nil
	default:
		return "", fmt.Errorf("photo %s is not a PNG or JPEG image: want PNG, JPEG or SVG", name)
	}
}

// The signatures by which content sniffing (the WHATWG MIME Sniffing
// Standard, net/http.DetectContentType) knows PNG and JPEG, checked here
// so that the domain needs no HTTP package.
var (
	pngSignature  = []byte("\x89PNG\x0D\x0A\x1A\x0A")
	jpegSignature = []byte("\xFF\xD8\xFF")
)
