package protocol

import (
	"errors"
	"net/url"
	"strings"
)

// EnrolQRScheme starts the text of an enrolment QR code. The code carries
// the server's address and the enrolment code and nothing else:
//
//	hailong-enrol:?server=https%3A%2F%2Fdiem.example.gov.vn&code=ABCD-EFGH
//
// A barcode scanner types it like a keyboard, so the setup screen takes it
// from the same keystrokes as a typed code and tells the two apart by this
// prefix.
const EnrolQRScheme = "hailong-enrol:"

// ErrNotEnrolQR means a text is not an enrolment QR code's.
var ErrNotEnrolQR = errors.New("not a Hài Lòng enrolment QR code")

// EnrolQRText is the text of the QR code for server and code.
func EnrolQRText(server, code string) string {
	v := url.Values{}
	v.Set("server", server)
	v.Set("code", code)
	return EnrolQRScheme + "?" + v.Encode()
}

// ParseEnrolQR reads the server and code back from an enrolment QR code's
// text; surrounding spaces and a scanner's line end are ignored.
func ParseEnrolQR(text string) (server, code string, err error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(text), EnrolQRScheme)
	if !ok {
		return "", "", ErrNotEnrolQR
	}
	v, err := url.ParseQuery(strings.TrimPrefix(rest, "?"))
	if err != nil {
		return "", "", ErrNotEnrolQR
	}
	server, code = v.Get("server"), v.Get("code")
	if server == "" || code == "" {
		return "", "", ErrNotEnrolQR
	}
	return server, code, nil
}
