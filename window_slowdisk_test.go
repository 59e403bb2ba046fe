package main

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// This file stands alone (its own build and start helpers) so that it keeps
// working whatever happens to the other window tests.

// slowDiskDelay is how long every fsync and fdatasync stalls, as a kiosk's
// eMMC can (issue 11, item 8).
const slowDiskDelay = 1500 * time.Millisecond

// TestRealWindowSlowDisk runs the real kiosk under strace with every fsync
// delayed 1.5 s, taps a tile, and checks on screenshots that 200 ms later
// the tap shows (the tile pressed) and that the English toggle answers
// during the save; then that exactly one rating was stored.
func TestRealWindowSlowDisk(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no DISPLAY in CI: run the tests through make test (xvfb-run)")
		}
		t.Skip("no DISPLAY; make test runs this under Xvfb")
	}
	for _, tool := range []string{"strace", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s missing in CI (scripts/deps.sh installs it)", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	bin := filepath.Join(t.TempDir(), "kiosk")
	if out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data, home := t.TempDir(), t.TempDir()
	env := append(os.Environ(), "HOME="+home, "LANG=C.UTF-8", "LANGUAGE=vi")
	logf, err := os.Create(filepath.Join(home, "kiosk.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			b, _ := os.ReadFile(logf.Name())
			t.Logf("kiosk log:\n%s", b)
		}
	})
	delay := strconv.FormatInt(slowDiskDelay.Microseconds(), 10)
	cmd := exec.Command("strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=fsync,fdatasync",
		"-e", "inject=fsync,fdatasync:delay_enter="+delay, bin, "--windowed", "--demo", "--data-dir", data)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// strace killed leaves its tracee running: end the kiosk first
		if out, err := exec.Command("pgrep", "-P", strconv.Itoa(cmd.Process.Pid)).Output(); err == nil {
			for _, f := range strings.Fields(string(out)) {
				if pid, err := strconv.Atoi(f); err == nil {
					if p, err := os.FindProcess(pid); err == nil {
						p.Kill()
					}
				}
			}
		}
		cmd.Process.Kill()
		cmd.Wait()
	})
	// A first start: making the database takes ten fsyncs (15 s here), and
	// the window shows "Đang khởi động…" meanwhile instead of nothing.
	wid := slowDiskWindow(t, cmd.Process.Pid, 10*time.Second)
	dir := t.TempDir()
	if name := slowXdo(t, "getwindowname", wid); strings.Contains(name, " — ") {
		t.Fatalf("the window appeared only once the database was open (title %q)", name)
	}
	time.Sleep(500 * time.Millisecond) // its first frame
	starting := slowShot(t, dir, "starting", wid)
	if blank := slowDiff(starting, image.NewUniform(starting.At(0, 0)), starting.Bounds()); blank < 0.001 {
		t.Fatalf("the starting window is blank (screenshot in %s)", dir)
	}
	waitReady(t, wid, 60*time.Second)
	slowXdo(t, "windowfocus", "--sync", wid)
	time.Sleep(1500 * time.Millisecond) // the first frame, and the start's own writes
	geo := slowXdo(t, "getwindowgeometry", "--shell", wid)
	ww := slowGeom(geo, "WIDTH")

	before := slowShot(t, dir, "before", wid)
	// the first tile, "Rất hài lòng", centre of the left third of the tiles
	tx, ty := 210, 620
	slowXdo(t, "mousemove", "--window", wid, strconv.Itoa(tx), strconv.Itoa(ty), "click", "1")
	time.Sleep(200 * time.Millisecond)
	after := slowShot(t, dir, "after-200ms", wid)
	if changed := slowDiff(before, after, image.Rect(tx-150, ty-150, tx+150, ty+100)); changed < 0.3 {
		t.Fatalf("200 ms after the tap only %.0f%% of the tile changed: the tap is not shown (screenshots in %s)", changed*100, dir)
	}
	// the English toggle, at the right of the header, during the save
	slowXdo(t, "mousemove", "--window", wid, strconv.Itoa(ww-110), "56", "click", "1")
	time.Sleep(250 * time.Millisecond)
	english := slowShot(t, dir, "english", wid)
	// the toggle's word and every label on the screen change language
	if changed := slowDiff(after, english, english.Bounds()); changed < 0.005 {
		t.Fatalf("the English toggle did not answer during the save (screenshots in %s)", dir)
	}
	// a second tap while the first rating is saved is never a second rating
	slowXdo(t, "mousemove", "--window", wid, strconv.Itoa(tx+400), strconv.Itoa(ty), "click", "1")
	deadline := time.Now().Add(20 * time.Second)
	var n int
	for time.Now().Before(deadline) {
		if n = slowCount(t, data); n >= 1 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(2 * time.Second)
	if n = slowCount(t, data); n != 1 {
		t.Fatalf("%d ratings stored, want exactly 1", n)
	}
}

// slowWait waits for cmd to end, killing it after d.
func slowWait(cmd *exec.Cmd, d time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return nil
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		return fmt.Errorf("still running after %v", d)
	}
}

// slowCount counts the stored responses with the sqlite3 shell, read-only,
// so that this file needs nothing from the kiosk's packages.
func slowCount(t *testing.T, dataDir string) int {
	t.Helper()
	out, err := exec.Command("sqlite3", "-readonly", filepath.Join(dataDir, "kiosk.db"), "SELECT count(*) FROM responses").CombinedOutput()
	if err != nil {
		return 0 // not created yet, or busy
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(out)))
	return n
}

func slowWindowIDs(pid int) []string {
	var ids []string
	pids := []string{strconv.Itoa(pid)}
	if out, err := exec.Command("pgrep", "-P", strconv.Itoa(pid)).Output(); err == nil {
		pids = append(pids, strings.Fields(string(out))...)
	}
	for _, p := range pids {
		out, _ := exec.Command("xdotool", "search", "--onlyvisible", "--pid", p).Output()
		ids = append(ids, strings.Fields(string(out))...)
	}
	return ids
}

// slowDiskWindow waits for the kiosk's window (the kiosk is strace's child).
func slowDiskWindow(t *testing.T, pid int, wait time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		if ids := slowWindowIDs(pid); len(ids) > 0 {
			return ids[len(ids)-1]
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no kiosk window within %v", wait)
	return ""
}

func slowXdo(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("xdotool", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("xdotool %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func slowGeom(shell, key string) int {
	for _, l := range strings.Split(shell, "\n") {
		if v, ok := strings.CutPrefix(l, key+"="); ok {
			n, _ := strconv.Atoi(v)
			return n
		}
	}
	return 0
}

// slowShot takes a screenshot of the window with ImageMagick.
func slowShot(t *testing.T, dir, name, wid string) image.Image {
	t.Helper()
	path := filepath.Join(dir, name+".png")
	if out, err := exec.Command("import", "-window", wid, path).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// slowDiff is the share of pixels in r that differ between a and b.
func slowDiff(a, b image.Image, r image.Rectangle) float64 {
	r = r.Intersect(a.Bounds()).Intersect(b.Bounds())
	if r.Empty() {
		return 0
	}
	var diff, all int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			d := absDiff(r1, r2) + absDiff(g1, g2) + absDiff(b1, b2)
			if d > 3*0x1000 {
				diff++
			}
			all++
		}
	}
	return float64(diff) / float64(all)
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}
