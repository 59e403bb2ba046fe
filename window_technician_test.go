package main

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestRealWindowTechnicianScreenIsLive: the real kiosk, enrolled to the
// real scoring server, keeps a rating while the server is down; the
// technician opens the health screen, the server comes back, and the
// screen's "waiting for upload" row changes (1 → 0) within a few seconds,
// without the screen being reopened. The row is read from screenshots: its
// pixels must change while the title's stay the same.
func TestRealWindowTechnicianScreenIsLive(t *testing.T) {
	needDisplay(t)
	kiosk := buildKiosk(t)
	srv := startScoringServer(t)
	data := filepath.Join(srv.dir, "kiosk")
	srv.run("", kiosk, "enrol", "--server", srv.base, "--code", srv.code("1"), "--data-dir", data)
	srv.run("1111\n", kiosk, "sign-in", "--officer", "cb01", "--data-dir", data)
	srv.stop() // the server goes down before the rating

	_, wid := startKiosk(t, kiosk, data)
	xdotool(t, "key", "--window", wid, "1")
	waitResponses(t, data, 1)
	time.Sleep(5 * time.Second) // the thanks screen ends
	holdLogo(t, wid)
	typeKeys(t, wid, "3", "9", "0", "9", "0", "9", "0", "Return") // technician, the PIN of the centre
	time.Sleep(4 * time.Second)                                   // argon2id, slower on a busy machine
	shots := t.TempDir()
	if d := os.Getenv("HAILONG_SCREENSHOTS"); d != "" { // keep them, to look at
		shots = d
	}
	before := slowShot(t, shots, "before", wid)

	// Rows of the technician screen at 1280×800 (see docs/screenshots):
	// the title, and the value of row 8, "waiting for upload".
	title := image.Rect(400, 10, 880, 60)
	pending := image.Rect(500, 465, 760, 510)
	srv.start()
	start := time.Now()
	for i := 0; ; i++ {
		time.Sleep(500 * time.Millisecond)
		now := slowShot(t, shots, fmt.Sprint("after", i), wid)
		if slowDiff(before, now, title) > 0.01 {
			t.Fatal("the technician screen was left (its title changed)")
		}
		if slowDiff(before, now, pending) > 0.01 {
			if d := os.Getenv("HAILONG_SCREENSHOTS"); d != "" {
				os.Rename(filepath.Join(d, fmt.Sprint("after", i, ".png")), filepath.Join(d, "after.png"))
			}
			t.Logf("the pending count changed on screen %s after the server came back",
				time.Since(start).Round(100*time.Millisecond))
			return
		}
		if time.Since(start) > 20*time.Second {
			t.Fatalf("the technician screen still shows the same pending count 20 s after the server came back (shots in %s)", shots)
		}
	}
}
