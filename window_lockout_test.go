package main

import (
	"image"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hailong/kiosk/survey"
)

// TestRealWindowLockOutKeepsTheWindow is issue 11's acceptance for item 1:
// on a 1280×800 screen, the real kiosk in a 1280×800 window goes through
// five wrong PINs at an officer's sign-in (a two-line title and the
// three-line lock message), the lock, the technician screen and back to a
// rating. The window must still be the screen's size at every step (it
// used to grow to 1280×825 and never shrink), and the rating screen after
// the flow must be the picture it was before, tiles and their labels
// whole, not cut off at the bottom.
func TestRealWindowLockOutKeepsTheWindow(t *testing.T) {
	needDisplay(t)
	bin := buildKiosk(t)
	t.Setenv("DISPLAY", startXvfb(t, 150, "1280x800"))
	data := t.TempDir()
	_, wid := startKiosk(t, bin, data)
	shots := t.TempDir()
	if dir := os.Getenv("HAILONG_LOCKOUT_SHOTS"); dir != "" {
		shots = dir // to look at them
	}

	wantSize := func(step string) {
		t.Helper()
		geo := xdotool(t, "getwindowgeometry", "--shell", wid)
		if w, h := slowGeom(geo, "WIDTH"), slowGeom(geo, "HEIGHT"); w != 1280 || h != 800 {
			t.Fatalf("%s: the window is %d×%d, want the screen's 1280×800", step, w, h)
		}
	}
	wantSize("at start")
	before := slowShot(t, shots, "rating-before", wid)

	holdLogo(t, wid)
	typeKeys(t, wid, "1", "2") // sign in, the second officer
	for range 5 {
		typeKeys(t, wid, "0", "0", "0", "0", "Return")
		time.Sleep(time.Second) // argon2id
	}
	time.Sleep(time.Second)
	slowShot(t, shots, "pin-locked", wid)
	wantSize("after five wrong PINs")
	if lock := pinLock(t, data, survey.RoleOfficer); !lock.Locked(time.Now()) {
		t.Fatalf("the officers' pad is not locked after five wrong PINs: %+v", lock)
	}

	typeKeys(t, wid, "Escape")
	holdLogo(t, wid)
	typeKeys(t, wid, "3", "9", "0", "9", "0", "9", "0", "Return") // technician, the demo PIN 909090
	time.Sleep(4 * time.Second)                                   // argon2id, slower on a busy machine
	slowShot(t, shots, "technician", wid)
	wantSize("on the technician screen")

	typeKeys(t, wid, "Escape")
	time.Sleep(500 * time.Millisecond)
	wantSize("back on the rating screen")
	after := slowShot(t, shots, "rating-after", wid)
	// the tiles and their labels fill the lower part of the window
	tiles := image.Rect(0, 300, 1280, 800)
	if d := slowDiff(before, after, tiles); d > 0.01 {
		t.Fatalf("the rating screen after the lock-out differs from before in %.1f%% of the tiles' area (see %s)",
			100*d, filepath.Join(shots, "rating-after.png"))
	}
	typeKeys(t, wid, "1")
	if rs := waitResponses(t, data, 1); len(rs) != 1 {
		t.Fatalf("%d responses after a rating that followed the lock-out", len(rs))
	}
}

// TestRealWindowLockOutFullScreen: full screen, as in a centre, the locked
// PIN pad fits the screen instead of being cut at its top and bottom edges
// (the title and the Back and OK buttons used to be): the screen's first
// and last rows are the plain background.
func TestRealWindowLockOutFullScreen(t *testing.T) {
	needDisplay(t)
	bin := buildKiosk(t)
	t.Setenv("DISPLAY", startXvfb(t, 160, "1280x800"))
	data := t.TempDir()
	_, wid := startFullScreen(t, bin, data)

	holdLogo(t, wid)
	typeKeys(t, wid, "1", "2") // sign in, the second officer
	for range 5 {
		typeKeys(t, wid, "0", "0", "0", "0", "Return")
		time.Sleep(time.Second) // argon2id
	}
	time.Sleep(time.Second)
	img := slowShot(t, t.TempDir(), "pin-locked", "root")
	b := img.Bounds()
	if b.Dx() != 1280 || b.Dy() != 800 {
		t.Fatalf("screen %v", b)
	}
	bg := img.At(0, 0)
	for _, band := range []image.Rectangle{image.Rect(0, 0, 1280, 10), image.Rect(0, 790, 1280, 800)} {
		for y := band.Min.Y; y < band.Max.Y; y++ {
			for x := band.Min.X; x < band.Max.X; x++ {
				if img.At(x, y) != bg {
					t.Fatalf("the locked PIN pad reaches the screen's edge at (%d,%d): cut off", x, y)
				}
			}
		}
	}
}
