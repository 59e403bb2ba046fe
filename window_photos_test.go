package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRealWindowBadPhotos: a configuration whose officers' photos are a
// text file named .svg and a file that is not there. The kiosk starts, the
// signed-in officer (the text file) shows the initials, and the log has
// one line per bad photo and no "Failed to load image", across several
// screen changes.
func TestRealWindowBadPhotos(t *testing.T) {
	needDisplay(t)
	bin := buildKiosk(t)
	dir := t.TempDir()
	text := filepath.Join(dir, "lan.svg")
	if err := os.WriteFile(text, []byte("not a photo\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := demoVariant(t, "",
		`photo = "embedded:officer-lan.svg"`, `photo = "`+text+`"`,
		`photo = "embedded:officer-minh.svg"`, `photo = "`+filepath.Join(dir, "gone.png")+`"`)
	data := filepath.Join(dir, "kiosk")
	signIn := exec.Command(bin, "sign-in", "--officer", "cb01", "--data-dir", data, "--config", cfg)
	signIn.Stdin = strings.NewReader("1111\n")
	signIn.Env = append(os.Environ(), "HOME="+dir, "LANG=C.UTF-8", "LANGUAGE=vi")
	if out, err := signIn.CombinedOutput(); err != nil {
		t.Fatalf("kiosk sign-in: %v\n%s", err, out)
	}
	cmd, wid := startKiosk(t, bin, data, "--config", cfg)
	for range 3 { // a rating and its thanks: three screen changes each
		xdotool(t, "key", "--window", wid, "1")
		time.Sleep(5 * time.Second)
	}
	if cmd.ProcessState != nil {
		t.Fatal("the kiosk stopped")
	}
	waitResponses(t, data, 3)
	log := kioskLog(t, cmd)
	if n := strings.Count(log, "officer photo not shown"); n != 2 {
		t.Errorf("%d log lines about bad photos, want 2 (one each):\n%s", n, log)
	}
	if n := strings.Count(log, "Failed to load image"); n != 0 {
		t.Errorf("%d \"Failed to load image\" lines:\n%s", n, log)
	}
}
