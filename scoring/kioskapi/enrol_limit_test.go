package kioskapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
)

// enrolFrom posts an enrolment from a remote address.
func (f *fixture) enrolFrom(remote, code, kioskID, hostname string) *httptest.ResponseRecorder {
	f.t.Helper()
	r := httptest.NewRequest("POST", protocol.PathEnrol, strings.NewReader(string(jsonBody(f.t,
		protocol.EnrolRequest{Code: code, KioskID: kioskID, Hostname: hostname, AppVersion: "0.1.0"}))))
	r.Header.Set("Content-Type", "application/json")
	r.RemoteAddr = remote
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

// trail returns the audit trail's entries of an action.
func (f *fixture) trail(action string) []scoring.AuditEntry {
	f.t.Helper()
	all, err := f.st.AuditTrail(context.Background(), scoring.AuditFilter{})
	if err != nil {
		f.t.Fatal(err)
	}
	var out []scoring.AuditEntry
	for _, e := range all {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

// TestEnrolAttemptsAreRateLimitedPerAddressAndAudited is issue 9 item 10:
// wrong codes from one address are answered 429 with Retry-After after the
// burst, before the body is read, while another address is not held up;
// the bucket refills with time; every attempt that reached the code check
// is in the audit trail with its address, hostname and, when the code
// exists, its centre.
func TestEnrolAttemptsAreRateLimitedPerAddressAndAudited(t *testing.T) {
	f := newFixture(t, kioskapi.Config{EnrolPerMinute: 6, EnrolBurst: 3})
	const a, b = "198.51.100.1:40000", "203.0.113.9:40001"
	for i := range 3 {
		if w := f.enrolFrom(a, "WRONG-CODE", "k1", "hg-1"); w.Code != http.StatusBadRequest || errorCode(t, w) != protocol.CodeInvalidCode {
			t.Fatalf("guess %d: %d %s", i, w.Code, w.Body)
		}
	}
	w := f.enrolFrom(a, "WRONG-CODE", "k1", "hg-1")
	if w.Code != http.StatusTooManyRequests || errorCode(t, w) != protocol.CodeRateLimited || w.Header().Get("Retry-After") == "" {
		t.Fatalf("guess past the burst: %d %s (Retry-After %q)", w.Code, w.Body, w.Header().Get("Retry-After"))
	}
	if w := f.enrolFrom(b, "WRONG-CODE", "k2", "other"); w.Code != http.StatusBadRequest {
		t.Fatalf("another address: %d %s", w.Code, w.Body)
	}
	f.clock.Advance(10 * time.Second) // 6 a minute: one more
	code := f.code("c1", "1")
	if w := f.enrolFrom(a, code, "k1", "hg-1"); w.Code != http.StatusOK {
		t.Fatalf("a good code once the bucket refilled: %d %s", w.Code, w.Body)
	}
	if w := f.enrolFrom(a, code, "k1", "hg-1"); w.Code != http.StatusTooManyRequests {
		t.Fatalf("the bucket should be empty again: %d %s", w.Code, w.Body)
	}
	if w := f.enrolFrom(b, code, "k3", "again\tx\ny"); w.Code != http.StatusBadRequest {
		t.Fatalf("a used code: %d %s", w.Code, w.Body)
	}

	failed := f.trail(scoring.ActKioskEnrolFailed)
	if len(failed) != 5 { // 3 from a, 2 from b; the refused ones are not there
		t.Fatalf("%d failed attempts audited, want 5: %+v", len(failed), failed)
	}
	for _, e := range failed[:3] {
		if e.Actor != "kiosk:hg-1@198.51.100.1" || e.Subject != "kiosk:k1" || !strings.Contains(e.Detail, `"remote":"198.51.100.1"`) ||
			!strings.Contains(e.Detail, `"result":"invalid_code"`) || strings.Contains(e.Detail, `"centre"`) {
			t.Errorf("a wrong code's entry: %+v", e)
		}
	}
	if used := failed[4]; !strings.Contains(used.Detail, `"centre":"c1"`) || !strings.Contains(used.Detail, `"counter":"1"`) ||
		used.Actor != "kiosk:again\tx\ny@203.0.113.9" {
		t.Errorf("a used code's entry does not name the code's centre: %+v", used)
	}
	ok := f.trail(scoring.ActKioskEnrol)
	if len(ok) != 1 || ok[0].Actor != "kiosk:hg-1@198.51.100.1" || !strings.Contains(ok[0].Detail, `"centre":"c1"`) {
		t.Fatalf("the enrolment's entry: %+v", ok)
	}
}

// TestTakeOverShowsInTheFleet: a kiosk re-enrolled with another code of
// its counter, and a second kiosk enrolled at a counter that has an active
// one, show in the fleet metrics and the kiosk list, and the trail names
// the kiosk that was there.
func TestTakeOverShowsInTheFleet(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	f.enrol("k1", "c1", "1")
	f.enrol("k9", "c2", "1")
	if v := gaugeValue(t, f.reg, "hailong_fleet_reenrolled_kiosks", "", ""); v != 0 {
		t.Fatalf("re-enrolled before: %v", v)
	}
	f.enrol("k1", "c1", "1") // another code of the same counter
	f.enrol("k2", "c1", "1")
	if v := gaugeValue(t, f.reg, "hailong_fleet_reenrolled_kiosks", "", ""); v != 1 {
		t.Fatalf("hailong_fleet_reenrolled_kiosks %v, want 1", v)
	}
	if v := gaugeValue(t, f.reg, "hailong_fleet_shared_counters", "", ""); v != 1 {
		t.Fatalf("hailong_fleet_shared_counters %v, want 1", v)
	}
	if k := f.kiosk("k1"); k.Enrolments != 2 {
		t.Fatalf("k1 enrolments %d, want 2", k.Enrolments)
	}
	re := f.trail(scoring.ActKioskReEnrol)
	second := f.trail(scoring.ActKioskEnrol)
	if len(re) != 1 || re[0].Subject != "kiosk:k1" || !strings.Contains(second[len(second)-1].Detail, `"other_active_kiosks_at_counter":["k1"]`) {
		t.Fatalf("trail: re-enrolments %+v, enrolments %+v", re, second)
	}
}
