package screens

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestQuitAsksToConfirm: Quit on the technician screen, one tap from Leave
// full screen, does not end the kiosk by itself: it asks, and only the
// confirmation quits; Back returns to the technician screen (issue 11,
// item 4).
func TestQuitAsksToConfirm(t *testing.T) {
	r := newRig(t, nil)
	open := func() {
		r.longPressLogo()
		test.Tap(r.k.staffBtn["staff.technician"])
		r.enterPIN("909090")
		r.wantScreen(ScreenTechnician)
		test.Tap(r.k.staffBtn["tech.quit"])
	}
	open()
	if r.quit != 0 {
		t.Fatal("one tap on Quit ended the kiosk")
	}
	r.wantScreen(ScreenConfirmQuit)
	test.Tap(r.k.staffBtn["staff.back"])
	r.wantScreen(ScreenTechnician)
	if r.quit != 0 {
		t.Fatal("Back on the confirmation ended the kiosk")
	}
	test.Tap(r.k.staffBtn["tech.quit"])
	r.wantScreen(ScreenConfirmQuit)
	test.Tap(r.k.staffBtn["quit.confirm"])
	if r.quit != 1 {
		t.Fatalf("the confirmed Quit called quit %d times", r.quit)
	}
}
