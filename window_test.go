package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hailong/kiosk/localdb"
	"hailong/kiosk/survey"
)

// built is the real binary, built once for all the window tests.
var built struct {
	once sync.Once
	bin  string
	err  error
}

// fyneTags are the build tags of every binary: Fyne's fyneDo threading
// (FyneApp.toml's [Migrations]) is honoured by go build only with
// migrated_fynedo.
const fyneTags = "migrated_fynedo"

// buildKiosk builds the real binary once per test run, in a directory the
// process removes on exit (TestMain).
func buildKiosk(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "kiosk-window-test")
		if err != nil {
			built.err = err
			return
		}
		buildDir = dir
		built.bin = filepath.Join(dir, "kiosk")
		if out, err := exec.Command("go", "build", "-tags", fyneTags, "-o", built.bin, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// buildDir holds the binary buildKiosk made, if any.
var buildDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// screenshotDir is the directory named by HAILONG_SCREENSHOTS
// (scripts/screenshots.sh sets it), where the screenshot tests write; it
// skips the test without it, and fails it without the tools.
func screenshotDir(t *testing.T) string {
	t.Helper()
	out := os.Getenv("HAILONG_SCREENSHOTS")
	if out == "" {
		t.Skip("HAILONG_SCREENSHOTS not set")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed for screenshots", tool)
		}
	}
	return out
}

// needDisplay skips without an X display, except in CI, where make test
// provides one and a skip would hide a broken install.
func needDisplay(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s missing in CI", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	if os.Getenv("DISPLAY") == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no DISPLAY in CI: run the tests through make test (xvfb-run)")
		}
		t.Skip("no DISPLAY; make test runs this under Xvfb")
	}
}

// xdotool runs one xdotool command.
func xdotool(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("xdotool", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("xdotool %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// startKiosk runs the binary windowed and returns its window id once it
// is mapped: on the demo centre (--demo) unless the kiosk is enrolled or
// extra names a --config. A kiosk started without --demo, enrolment or
// configuration shows its setup screen (startSetup).
func startKiosk(t *testing.T, bin, dataDir string, extra ...string) (*exec.Cmd, string) {
	t.Helper()
	return startWindow(t, bin, append([]string{"--windowed", "--demo", "--data-dir", dataDir}, extra...))
}

// startWindow runs the binary with args and returns its window id once it
// is mapped and has left its starting screen.
func startWindow(t *testing.T, bin string, args []string) (*exec.Cmd, string) {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+home, "LANG=C.UTF-8", "LANGUAGE=vi")
	logf, err := os.Create(filepath.Join(home, "kiosk.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(logf.Name())
			t.Logf("kiosk log:\n%s", b)
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		out, _ := exec.Command("xdotool", "search", "--onlyvisible", "--pid", strconv.Itoa(cmd.Process.Pid)).Output()
		if ids := strings.Fields(string(out)); len(ids) > 0 {
			wid := ids[len(ids)-1]
			waitReady(t, wid, time.Until(deadline))
			xdotool(t, "windowfocus", "--sync", wid)
			time.Sleep(300 * time.Millisecond) // first frame and key handlers
			return cmd, wid
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the kiosk window did not appear within 20 s")
	return nil, ""
}

// waitReady waits until the kiosk's window has left its starting screen:
// the window shows at once, titled "Hài Lòng", and takes the centre's name
// in its title ("Hài Lòng — …") when the kiosk's screens are up.
func waitReady(t *testing.T, wid string, wait time.Duration) {
	t.Helper()
	deadline := time.Now().Add(wait)
	var name string
	for time.Now().Before(deadline) {
		out, _ := exec.Command("xdotool", "getwindowname", wid).Output()
		if name = strings.TrimSpace(string(out)); strings.Contains(name, " — ") {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the kiosk window stayed on its starting screen (title %q) for %v", name, wait)
}

// storedResponses reads every response of the last hour from the kiosk's
// database.
func storedResponses(t *testing.T, dataDir string) []survey.Response {
	t.Helper()
	db, err := localdb.Open(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rs, err := db.Responses(context.Background(), time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// waitResponses polls the kiosk's database until it holds n responses.
func waitResponses(t *testing.T, dataDir string, n int) []survey.Response {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		rs := storedResponses(t, dataDir)
		if len(rs) >= n || time.Now().After(deadline) {
			return rs
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestRealWindowKeyPressSavesARating runs the real kiosk binary in an X
// window, presses 1 as a rating keypad would, and finds the response in the
// database; then presses 3, taps a reason with the mouse, presses Enter.
func TestRealWindowKeyPressSavesARating(t *testing.T) {
	needDisplay(t)
	bin := buildKiosk(t)
	data := t.TempDir()
	_, wid := startKiosk(t, bin, data)

	xdotool(t, "key", "--window", wid, "1")
	rs := waitResponses(t, data, 1)
	if len(rs) != 1 || rs[0].Level != survey.VerySatisfied || rs[0].Scale != "legal3" || rs[0].RawValue != 3 || rs[0].OfficerID != "cb01" {
		t.Fatalf("after pressing 1: %+v", rs)
	}

	time.Sleep(4500 * time.Millisecond) // thanks
	xdotool(t, "key", "--window", wid, "3")
	time.Sleep(500 * time.Millisecond)
	// "Thời gian chờ lâu" is the first chip of the second row at 1280×800
	xdotool(t, "mousemove", "--window", wid, "320", "470", "click", "1")
	time.Sleep(300 * time.Millisecond)
	xdotool(t, "key", "--window", wid, "Return")
	rs = waitResponses(t, data, 2)
	if len(rs) != 2 {
		t.Fatalf("%d responses after the second rating", len(rs))
	}
	got := rs[1]
	if got.Level != survey.Dissatisfied || got.Outcome != survey.OutcomeSubmitted || len(got.Reasons) != 1 || got.Reasons[0] != "wait" {
		t.Fatalf("second rating %+v", got)
	}
	if got.FilterReason != survey.FilterRepeat {
		t.Fatalf("a rating within 5 s of the previous thanks was not flagged (%q)", got.FilterReason)
	}
}
