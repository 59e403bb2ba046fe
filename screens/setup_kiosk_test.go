package screens

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// openReenrol opens Enrol again from the technician screen, which is
// behind the technician PIN.
func (r *rig) openReenrol() {
	r.t.Helper()
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.technician"])
	r.enterPIN("909090")
	r.wantScreen(ScreenTechnician)
	b := r.k.staffBtn["tech.reenrol"]
	if b == nil {
		r.t.Fatal("no Enrol again on the technician screen")
	}
	test.Tap(b)
	r.wantScreen(ScreenSetup)
}

// TestReenrolFromTheTechnicianScreen: Enrol again is on the technician
// screen only when the kiosk can be enrolled again; it opens the setup
// screen with the server in use and a Back; a refusal stays there with
// what was typed; success goes back to the counter.
func TestReenrolFromTheTechnicianScreen(t *testing.T) {
	r := newRig(t, nil)
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.technician"])
	r.enterPIN("909090")
	if r.k.staffBtn["tech.reenrol"] != nil {
		t.Fatal("Enrol again offered by a kiosk that cannot enrol")
	}
	r.k.showHome()

	var calls [][2]string
	answer := errors.New("Mã đăng ký này đã hết hạn: hãy xin quản trị viên mã mới. / This enrolment code has expired: ask the administrator for a new one.")
	r.k.d.Reenrol = func(server, code string) error { calls = append(calls, [2]string{server, code}); return answer }
	r.k.d.EnrolServer = func() string { return "https://diem.qn.gov.vn" }

	// Back returns to the technician screen; Escape too.
	r.openReenrol()
	test.Tap(r.k.setup.back)
	r.wantScreen(ScreenTechnician)
	test.Tap(r.k.staffBtn["tech.reenrol"])
	r.key("Escape")
	r.wantScreen(ScreenTechnician)

	test.Tap(r.k.staffBtn["tech.reenrol"])
	s := r.k.setup
	if s.Server() != "https://diem.qn.gov.vn" || s.active != s.code {
		t.Fatalf("the setup screen offers %q (code box active: %v)", s.Server(), s.active == s.code)
	}
	r.typeRunes("abcd-efgh-jkmn") // a USB keyboard, through the kiosk's key handlers
	r.key("Return")
	r.wantScreen(ScreenSetup)
	if len(calls) != 1 || calls[0] != [2]string{"https://diem.qn.gov.vn", "ABCD-EFGH-JKMN"} || !strings.Contains(s.Message(), "has expired") {
		t.Fatalf("calls %v message %q", calls, s.Message())
	}
	answer = nil
	test.Tap(s.enrolBtn)
	r.wantScreen(ScreenRating)
	if len(calls) != 2 || calls[1] != calls[0] {
		t.Fatalf("Try again sent %v", calls)
	}
}

// TestReenrolTimesOutToTheCounter: an abandoned Enrol again goes back to
// the citizen screens, but not while the technician types.
func TestReenrolTimesOutToTheCounter(t *testing.T) {
	r := newRig(t, nil)
	r.k.d.Reenrol = func(string, string) error { return nil }
	r.openReenrol()
	r.advance(setupTimeout - 10e9)
	r.typeRunes("a")
	r.advance(setupTimeout - 10e9)
	r.wantScreen(ScreenSetup)
	r.advance(20e9)
	r.wantScreen(ScreenRating)
}

// TestReenrolFits: the technician screen with Enrol again, and Enrol
// again itself, fit at the three sizes.
func TestReenrolFits(t *testing.T) {
	for _, size := range fitSizes {
		r := newRigAt(t, t.TempDir(), size, nil)
		r.k.d.Reenrol = func(string, string) error { return nil }
		r.k.d.Recorder = fixedStats{r.db}
		r.longPressLogo()
		test.Tap(r.k.staffBtn["staff.technician"])
		r.enterPIN("909090")
		for _, name := range []string{"technician", "setup"} {
			if name == "setup" {
				test.Tap(r.k.staffBtn["tech.reenrol"])
			}
			c := r.w.Content()
			c.Resize(size)
			c.Resize(size)
			if min := c.MinSize(); min.Width > size.Width || min.Height > size.Height {
				t.Errorf("%s at %vx%v needs %vx%v", name, size.Width, size.Height, min.Width, min.Height)
			}
		}
	}
}
