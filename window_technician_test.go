package main

import (
	"fmt"
	"image"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	dir := t.TempDir()
	server := filepath.Join(dir, "scoring-server")
	if out, err := exec.Command("go", "build", "-tags", fyneTags, "-o", server, "./cmd/scoring-server").CombinedOutput(); err != nil {
		t.Fatalf("go build scoring-server: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "scoring.db")
	run := func(stdin, bin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Stdin = strings.NewReader(stdin)
		cmd.Env = append(os.Environ(), "HOME="+dir, "LANG=C.UTF-8", "LANGUAGE=vi")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", filepath.Base(bin), args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	run("", server, "centre", "add", "--db", db, "--id", "qn-hcc", "--name", "Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh", "--technician-pin", "909090")
	run("", server, "officer", "add", "--db", db, "--centre", "qn-hcc", "--id", "cb01", "--name", "Nguyễn Thị Lan", "--pin", "1111")
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	serve := func() *exec.Cmd {
		srv := exec.Command(server, "serve", "--db", db, "--addr", addr)
		srv.Env = append(os.Environ(), "HOME="+dir)
		if err := srv.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { srv.Process.Kill(); srv.Wait() })
		for i := 0; ; i++ {
			if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
				resp.Body.Close()
				return srv
			}
			if i == 100 {
				t.Fatal("the scoring server did not answer /healthz within 10 s")
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	srv := serve()
	data := filepath.Join(dir, "kiosk")
	code := codeRE.FindString(run("", server, "enrol-code", "--db", db, "--centre", "qn-hcc", "--counter", "1"))
	if code == "" {
		t.Fatal("no code in enrol-code's output")
	}
	run("", kiosk, "enrol", "--server", "http://"+addr, "--code", code, "--data-dir", data)
	run("1111\n", kiosk, "sign-in", "--officer", "cb01", "--data-dir", data)
	srv.Process.Kill() // the server goes down before the rating
	srv.Wait()

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
	serve()
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
