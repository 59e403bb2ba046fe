package localapi

import (
	"encoding/json"
	"testing"
	"time"
)

// pinController is a fakeController that also signs in with a PIN: "1111"
// is right, "0000" locks, any other PIN is wrong with 2 tries left.
type pinController struct{ fakeController }

var lockedUntil = time.Date(2026, 12, 4, 9, 5, 0, 0, time.UTC)

func (p *pinController) SignInWithPIN(id, pin string) error {
	if err := p.record("SignInWithPIN(" + id + "," + pin + ")"); err != nil {
		return err
	}
	switch pin {
	case "1111":
		return nil
	case "0000":
		return &PINRefused{Locked: true, LockedUntil: lockedUntil}
	}
	return &PINRefused{TriesLeft: 2}
}

// TestOfficerPIN: POST /officer/pin signs in with the officer's own PIN,
// with or without a secret (the PIN is the credential), and says how many
// tries are left or until when the pad is locked.
func TestOfficerPIN(t *testing.T) {
	cases := []struct {
		name, secret, auth, body string
		status                   int
		code                     string
		triesLeft                int
		locked                   bool
		wantCalls                string
	}{
		{"right PIN, no secret", "", "", `{"officer_id":"cb01","pin":"1111"}`, 204, "", 0, false, "SignInWithPIN(cb01,1111)"},
		{"right PIN, secret", secret, bearerAuth, `{"officer_id":"cb01","pin":"1111"}`, 204, "", 0, false, "SignInWithPIN(cb01,1111)"},
		{"secret configured, none sent", secret, "", `{"officer_id":"cb01","pin":"1111"}`, 401, "unauthorized", 0, false, ""},
		{"wrong PIN", "", "", `{"officer_id":"cb01","pin":"1234"}`, 403, "wrong_pin", 2, false, "SignInWithPIN(cb01,1234)"},
		{"locked", "", "", `{"officer_id":"cb01","pin":"0000"}`, 423, "pin_locked", 0, true, "SignInWithPIN(cb01,0000)"},
		{"PIN with a letter", "", "", `{"officer_id":"cb01","pin":"11a1"}`, 400, "bad_request", 0, false, ""},
		{"no PIN", "", "", `{"officer_id":"cb01"}`, 400, "bad_request", 0, false, ""},
		{"no officer", "", "", `{"pin":"1111"}`, 400, "bad_request", 0, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctl := &pinController{}
			rec := call(New(ctl, c.secret), "POST", "/officer/pin", c.body, c.auth)
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.status, rec.Body)
			}
			if got := ctl.Calls(); got != c.wantCalls {
				t.Errorf("calls %q, want %q", got, c.wantCalls)
			}
			if c.code == "" {
				return
			}
			var b PINRefusedBody
			if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
				t.Fatalf("body %s: %v", rec.Body, err)
			}
			if b.Error.Code != c.code || b.TriesLeft != c.triesLeft || (c.locked != b.LockedUntil.Equal(lockedUntil)) {
				t.Errorf("body %s", rec.Body)
			}
		})
	}
}

// TestOfficerPINNeedsTheController: a Controller without PIN sign-in has no
// such route (404), so an older kiosk answers the command line plainly.
func TestOfficerPINNeedsTheController(t *testing.T) {
	rec := call(New(&fakeController{}, ""), "POST", "/officer/pin", `{"officer_id":"cb01","pin":"1111"}`, "")
	if rec.Code != 404 {
		t.Fatalf("status %d, want 404: %s", rec.Code, rec.Body)
	}
}
