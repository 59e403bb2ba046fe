package localapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

const bearerAuth = "Bearer " + secret

func TestTrigger(t *testing.T) {
	cases := []struct {
		name      string
		body      string
		ctlErr    error
		status    int
		code      string // error code, "" for success
		wantCalls string
	}{
		{"no body", "", nil, 202, "", "Invite(,)"},
		{"empty object", "{}", nil, 202, "", "Invite(,)"},
		{"ticket and dossier", `{"ticket":"A012","dossier_code":"000.00.00.H22-241124-0001"}`, nil, 202, "", "Invite(A012,000.00.00.H22-241124-0001)"},
		{"trailing space", "{\"ticket\":\"A012\"}\n ", nil, 202, "", "Invite(A012,)"},
		{"unknown field", `{"ticket":"A012","priority":1}`, nil, 400, "bad_json", ""},
		{"malformed", `{"ticket":`, nil, 400, "bad_json", ""},
		{"wrong type", `{"ticket":12}`, nil, 400, "bad_json", ""},
		{"two objects", `{}{}`, nil, 400, "bad_json", ""},
		{"not an object", `["A012"]`, nil, 400, "bad_json", ""},
		{"oversize", `{"ticket":"` + strings.Repeat("A", 5000) + `"}`, nil, 413, "too_large", ""},
		{"ticket too long", `{"ticket":"` + strings.Repeat("A", 65) + `"}`, nil, 400, "bad_request", ""},
		{"ticket at the limit", `{"ticket":"` + strings.Repeat("A", 64) + `"}`, nil, 202, "", "Invite(" + strings.Repeat("A", 64) + ",)"},
		{"control character", `{"ticket":"A\u0007"}`, nil, 400, "bad_request", ""},
		{"non-ASCII dossier", `{"dossier_code":"hồ sơ"}`, nil, 400, "bad_request", ""},
		{"not invite mode", "", ErrNotInviteMode, 409, "not_invite_mode", "Invite(,)"},
		{"counter closed", "", ErrCounterClosed, 409, "counter_closed", "Invite(,)"},
		{"invitation open", "", fmt.Errorf("invite: %w", ErrInvitationOpen), 409, "invitation_open", "Invite(,)"},
		{"busy", "", ErrBusy, 409, "busy", "Invite(,)"},
		{"unavailable", "", ErrUnavailable, 503, "unavailable", "Invite(,)"},
		{"other error", "", errors.New("disk on fire"), 500, "internal", "Invite(,)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctl := &fakeController{err: c.ctlErr}
			rec := call(New(ctl, secret), "POST", "/trigger", c.body, bearerAuth)
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.status, rec.Body)
			}
			if got := ctl.Calls(); got != c.wantCalls {
				t.Errorf("calls %q, want %q", got, c.wantCalls)
			}
			if c.code != "" {
				if strings.Contains(rec.Body.String(), "fire") {
					t.Errorf("answer leaks the internal error: %s", rec.Body)
				}
				if got := errorCode(t, rec); got != c.code {
					t.Errorf("code %q, want %q", got, c.code)
				}
				return
			}
			var resp triggerResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || resp.InvitationID != "inv-1" {
				t.Errorf("answer %s (%v), want invitation_id inv-1", rec.Body, err)
			}
		})
	}
}

func TestOfficer(t *testing.T) {
	cases := []struct {
		name, method, body string
		ctlErr             error
		status             int
		code               string
		wantCalls          string
	}{
		{"sign in", "POST", `{"officer_id":"cb01"}`, nil, 204, "", "SignIn(cb01)"},
		{"sign in without id", "POST", `{}`, nil, 400, "bad_request", ""},
		{"sign in without body", "POST", "", nil, 400, "bad_request", ""},
		{"sign in, unknown field", "POST", `{"officer":"cb01"}`, nil, 400, "bad_json", ""},
		{"sign in, id with newline", "POST", `{"officer_id":"cb01\n"}`, nil, 400, "bad_request", ""},
		{"sign in, id with a space", "POST", `{"officer_id":"cb 01"}`, nil, 400, "bad_request", ""},
		{"sign in, id of 65 bytes", "POST", `{"officer_id":"` + strings.Repeat("c", 65) + `"}`, nil, 400, "bad_request", ""},
		{"unknown officer", "POST", `{"officer_id":"zz"}`, fmt.Errorf("sign in zz: %w", ErrUnknownOfficer), 404, "unknown_officer", "SignIn(zz)"},
		{"sign in while busy", "POST", `{"officer_id":"cb01"}`, ErrBusy, 409, "busy", "SignIn(cb01)"},
		{"sign out", "DELETE", "", nil, 204, "", "SignOut()"},
		{"sign out, closed", "DELETE", "", ErrCounterClosed, 409, "counter_closed", "SignOut()"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctl := &fakeController{err: c.ctlErr}
			rec := call(New(ctl, secret), c.method, "/officer", c.body, bearerAuth)
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.status, rec.Body)
			}
			if got := ctl.Calls(); got != c.wantCalls {
				t.Errorf("calls %q, want %q", got, c.wantCalls)
			}
			if c.code != "" {
				if got := errorCode(t, rec); got != c.code {
					t.Errorf("code %q, want %q", got, c.code)
				}
			} else if rec.Body.Len() != 0 {
				t.Errorf("204 with a body: %s", rec.Body)
			}
		})
	}
}

// TestOfficerNeedsSecret: without a secret, no local program may change who
// is rated, while invitations and status still work.
func TestOfficerNeedsSecret(t *testing.T) {
	cases := []struct {
		method, path, body string
		status             int
	}{
		{"POST", "/officer", `{"officer_id":"cb01"}`, 403},
		{"DELETE", "/officer", "", 403},
		{"POST", "/trigger", "", 202},
		{"GET", "/status", "", 200},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			ctl := &fakeController{}
			rec := call(New(ctl, ""), c.method, c.path, c.body, "")
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.status, rec.Body)
			}
			if c.status == 403 {
				if code := errorCode(t, rec); code != "secret_required" {
					t.Errorf("code %q, want secret_required", code)
				}
				if calls := ctl.Calls(); calls != "" {
					t.Errorf("controller called: %s", calls)
				}
			}
		})
	}
}

func TestStatus(t *testing.T) {
	ctl := &fakeController{status: Status{Mode: "invite", OfficerID: "cb01", InvitationOpen: true}}
	rec := call(New(ctl, secret), "GET", "/status", "", bearerAuth)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	const want = `{"mode":"invite","officer_id":"cb01","invitation_open":true}`
	if got := strings.TrimSpace(rec.Body.String()); got != want {
		t.Errorf("body %s, want %s", got, want)
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
}

func TestNotFoundAndMethods(t *testing.T) {
	cases := []struct {
		method, path string
		status       int
		allow        string
	}{
		{"GET", "/trigger", 405, "POST"},
		{"PUT", "/officer", 405, "POST, DELETE"},
		{"POST", "/status", 405, "GET, HEAD"},
		{"GET", "/", 404, ""},
		{"POST", "/trigger/now", 404, ""},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			rec := call(New(&fakeController{}, secret), c.method, c.path, "", bearerAuth)
			if rec.Code != c.status || rec.Header().Get("Allow") != c.allow {
				t.Fatalf("status %d Allow %q, want %d %q", rec.Code, rec.Header().Get("Allow"), c.status, c.allow)
			}
			errorCode(t, rec)
		})
	}
}
