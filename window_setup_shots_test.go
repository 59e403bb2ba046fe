package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestRealWindowSetupScreenshots writes the setup screen's screenshots,
// full screen at the three sizes of SPEC §4, into the directory named by
// HAILONG_SCREENSHOTS (scripts/screenshots.sh sets it); without it, it is
// skipped. The server's address comes from a province file; the code is
// typed on a keyboard, and the server cannot be reached from here, so the
// second shot shows that failure's sentence.
func TestRealWindowSetupScreenshots(t *testing.T) {
	out := screenshotDir(t)
	bin := buildKiosk(t)
	province := filepath.Join(t.TempDir(), "kiosk.toml")
	if err := os.WriteFile(province, []byte("[enrol]\nserver = \"https://diem.quangninh.gov.vn\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, size := range []string{"1280x800", "1920x1080", "800x1280"} {
		display := startXvfb(t, 460+i, size)
		t.Setenv("DISPLAY", display)
		cmd, wid := startWindow(t, bin, []string{"--data-dir", t.TempDir(), "--province", province})
		time.Sleep(time.Second)
		shoot(t, filepath.Join(out, size+"-setup.png"))
		typeText(t, wid, "abcd-efgh-jkmn", 40)
		xdotool(t, "key", "--window", wid, "Return")
		waitLog(t, cmd, "setup: enrolment failed")
		time.Sleep(time.Second)
		shoot(t, filepath.Join(out, fmt.Sprintf("%s-setup-error.png", size)))
		cmd.Process.Kill()
		cmd.Wait()
	}
}
