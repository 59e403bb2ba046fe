package protocol

import (
	"errors"
	"testing"
)

func TestEnrolQRRoundTrip(t *testing.T) {
	for _, c := range []struct{ server, code string }{
		{"https://diem.example.gov.vn", "ABCD-EFGH"},
		{"https://10.0.0.5:8443/", "A&B=C D"},
		{"http://127.0.0.1:8080", "Ư-1"},
	} {
		text := EnrolQRText(c.server, c.code)
		s, code, err := ParseEnrolQR(" " + text + "\r\n")
		if err != nil || s != c.server || code != c.code {
			t.Errorf("%q: got %q %q %v", text, s, code, err)
		}
	}
}

func TestParseEnrolQRRefuses(t *testing.T) {
	for _, text := range []string{
		"", "ABCD-EFGH", "https://diem.example.gov.vn",
		"hailong-enrol:?server=https%3A%2F%2Fx", // no code
		"hailong-enrol:?code=X",                 // no server
		"hailong-enrol:?server=%zz&code=X",      // bad escape
	} {
		if _, _, err := ParseEnrolQR(text); !errors.Is(err, ErrNotEnrolQR) {
			t.Errorf("%q: err %v, want ErrNotEnrolQR", text, err)
		}
	}
}
