package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestRealWindowSignInReachesTheRunningKiosk: `kiosk sign-in` against a
// running kiosk (its local API on, without a secret, as most counters run
// it) changes the kiosk's screen within a second of the command's return:
// the closed counter becomes cb01's. Before, the command wrote the sign-in
// to the database, said "signed in" and the screen stayed closed until a
// restart.
func TestRealWindowSignInReachesTheRunningKiosk(t *testing.T) {
	needDisplay(t)
	if _, err := exec.LookPath("import"); err != nil {
		t.Skip("ImageMagick's import not installed")
	}
	bin := buildKiosk(t)
	data := t.TempDir()
	port := freePort(t)
	cfg := demoVariant(t, fmt.Sprintf("\n[local_api]\nport = %d\n", port))
	_, wid := startKiosk(t, bin, data, "--config", cfg)
	shots := t.TempDir()

	time.Sleep(700 * time.Millisecond) // the closed screen's first frames
	before := slowShot(t, shots, "before", wid)
	if d := slowDiff(before, slowShot(t, shots, "before2", wid), before.Bounds()); d > 0.01 {
		t.Fatalf("the closed screen changes by itself (%.1f%% of pixels): cannot tell a sign-in from it", 100*d)
	}

	cmd := exec.Command(bin, "sign-in", "--officer", "cb01", "--data-dir", data, "--config", cfg)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "LANG=C.UTF-8", "LANGUAGE=")
	cmd.Stdin = strings.NewReader("1111\n")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("kiosk sign-in: %v\nstdout: %s\nstderr: %s", err, out.String(), errb.String())
	}
	done := time.Now()
	if !strings.Contains(out.String(), "screen shows it now") {
		t.Errorf("kiosk sign-in did not say the running kiosk took it:\n%s", out.String())
	}
	var changed time.Duration
	for i := 0; ; i++ {
		d := slowDiff(before, slowShot(t, shots, fmt.Sprintf("after%d", i), wid), before.Bounds())
		if d > 0.05 {
			changed = time.Since(done)
			break
		}
		if time.Since(done) > time.Second {
			t.Fatalf("the screen is unchanged %v after kiosk sign-in returned (%.1f%% of pixels differ); shots in %s", time.Since(done), 100*d, shots)
		}
	}
	t.Logf("screen changed %v after kiosk sign-in returned", changed.Round(time.Millisecond))
	if id := currentOfficer(t, data); id != "cb01" {
		t.Fatalf("officer on duty %q, want cb01", id)
	}
}
