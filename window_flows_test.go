package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/kioskapp"
	"hailong/kiosk/localdb"
	"hailong/kiosk/survey"
)

// The citizen and staff flows beyond a plain rating, each in the real
// binary's window, driven by xdotool as an officer's keyboard, a rating
// keypad, a scanner and a touchscreen (seen by X as a mouse) would.

// Where things are in the 1280×800 window (see the screenshots in docs/).
const (
	logoX, logoY = "48", "48"   // the centre logo, top left
	langX, langY = "1164", "48" // the language toggle, top right
	quitX, quitY = "800", "746" // Quit, the third of the technician screen's four buttons (Enrol again, full screen, Quit, Back)
	sureX, sureY = "786", "534" // Tắt ứng dụng / Quit on the confirmation Quit asks for
	longPress    = 3500 * time.Millisecond
)

// demoVariant writes the demo configuration with each old → new replaced.
// As a file it is no longer the demo: nobody is signed in at first.
func demoVariant(t *testing.T, extra string, pairs ...string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("config", "demo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b) + extra
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(text, pairs[i]) {
			t.Fatalf("demo.toml has no %q", pairs[i])
		}
		text = strings.Replace(text, pairs[i], pairs[i+1], 1)
	}
	path := filepath.Join(t.TempDir(), "kiosk.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// holdLogo presses the centre logo for the staff screens' 3 seconds.
func holdLogo(t *testing.T, wid string) {
	t.Helper()
	xdotool(t, "mousemove", "--window", wid, logoX, logoY, "mousedown", "1")
	time.Sleep(longPress)
	xdotool(t, "mouseup", "1")
	time.Sleep(300 * time.Millisecond)
}

// typeKeys sends each key in turn, a little apart, as fingers would.
func typeKeys(t *testing.T, wid string, keys ...string) {
	t.Helper()
	for _, k := range keys {
		xdotool(t, "key", "--window", wid, k)
		time.Sleep(150 * time.Millisecond)
	}
}

// settle gives the kiosk time to act on what it was sent (a save commits
// in milliseconds), then checks that the database holds exactly n
// responses.
func settle(t *testing.T, dataDir string, n int, why string) {
	t.Helper()
	time.Sleep(1500 * time.Millisecond)
	if rs := storedResponses(t, dataDir); len(rs) != n {
		t.Fatalf("%s: %d responses stored, want %d", why, len(rs), n)
	}
}

// TestRealWindowInviteDossierAndEnglish: in invite mode a keypad press
// does nothing until the officer presses F9; the citizen switches to
// English, rates, and types a dossier code on the keypad.
func TestRealWindowInviteDossierAndEnglish(t *testing.T) {
	needDisplay(t)
	bin := buildKiosk(t)
	data := t.TempDir()
	port := freePort(t)
	cfg := demoVariant(t, fmt.Sprintf("\n[local_api]\nport = %d\nsecret = %q\n", port, apiSecret),
		`trigger = "open"`, `trigger = "invite"`, `dossier_code = "off"`, `dossier_code = "optional"`)
	_, wid := startKiosk(t, bin, data, "--config", cfg)

	typeKeys(t, wid, "F9")
	settle(t, data, 0, "an invitation at a closed counter")
	signInByAPI(t, port, "cb01") // as a queue system does at the start of a shift
	typeKeys(t, wid, "1")
	settle(t, data, 0, "a rating key before any invitation")

	typeKeys(t, wid, "F9")
	xdotool(t, "mousemove", "--window", wid, langX, langY, "click", "1")
	time.Sleep(300 * time.Millisecond)
	typeKeys(t, wid, "1", "4", "7", "1", "1", "Return")
	rs := waitResponses(t, data, 1)
	if len(rs) != 1 {
		t.Fatalf("%d responses after the invitation", len(rs))
	}
	got := rs[0]
	if got.InvitationID == "" || got.DossierCode != "4711" || got.Lang != "en" || got.Level != survey.VerySatisfied {
		t.Fatalf("invited rating stored as %+v", got)
	}

	time.Sleep(4500 * time.Millisecond) // thanks, then idle again
	typeKeys(t, wid, "1")
	settle(t, data, 1, "a second rating on the same invitation")
}

// TestRealWindowStaffSignOutAndSignIn: a 3-second press on the logo, the
// officer signs out with her PIN and the counter closes; another officer
// picks his card, signs in with his PIN, and the next rating is his.
func TestRealWindowStaffSignOutAndSignIn(t *testing.T) {
	needDisplay(t)
	bin := buildKiosk(t)
	data := t.TempDir()
	_, wid := startKiosk(t, bin, data)

	holdLogo(t, wid)
	typeKeys(t, wid, "2")                          // 2 · Đăng xuất / Sign out
	typeKeys(t, wid, "1", "1", "1", "1", "Return") // cb01's PIN
	if id := waitOfficer(t, data, ""); id != "" {
		t.Fatalf("after sign-out, %q is still on duty", id)
	}
	typeKeys(t, wid, "1")
	settle(t, data, 0, "a rating at a closed counter")

	holdLogo(t, wid)
	typeKeys(t, wid, "1", "2") // sign in · the second card, cb02
	typeKeys(t, wid, "2", "2", "2", "2", "Return")
	if id := waitOfficer(t, data, "cb02"); id != "cb02" {
		t.Fatalf("after cb02 signed in, the officer on duty is %q", id)
	}
	typeKeys(t, wid, "1")
	rs := waitResponses(t, data, 1)
	if len(rs) != 1 || rs[0].OfficerID != "cb02" {
		t.Fatalf("after cb02 signed in: %+v", rs)
	}
}

// apiSecret guards the kiosk's local API in these tests.
const apiSecret = "window-test-secret-0123456789"

// freePort returns a TCP port on 127.0.0.1 that nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// signInByAPI signs an officer in through the kiosk's local API.
func signInByAPI(t *testing.T, port int, officer string) {
	t.Helper()
	req, err := http.NewRequest("POST", fmt.Sprintf("http://127.0.0.1:%d/officer", port),
		strings.NewReader(fmt.Sprintf(`{"officer_id":%q}`, officer)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+apiSecret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("POST /officer: %s %s", resp.Status, b)
	}
}

// currentOfficer reads who is signed in from the kiosk's database.
// waitOfficer waits up to 15 s for want to be the officer on duty (a PIN
// check is a slow argon2id hash, slower still on a busy machine) and
// returns who is on duty then.
func waitOfficer(t *testing.T, dataDir, want string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		id := currentOfficer(t, dataDir)
		if id == want || time.Now().After(deadline) {
			return id
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func currentOfficer(t *testing.T, dataDir string) string {
	t.Helper()
	db, err := localdb.Open(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	id, _, err := db.CurrentOfficer(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestRealWindowTechnicianQuits: a wrong technician PIN quits nothing; the
// right one opens the technician screen, whose Quit button ends the
// process with exit status 4 (kioskapp.ExitQuit), the one status on which
// the packaged unit does not restart the kiosk (it exited 0 before).
func TestRealWindowTechnicianQuits(t *testing.T) {
	needDisplay(t)
	bin := buildKiosk(t)
	cmd, wid := startKiosk(t, bin, t.TempDir())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	holdLogo(t, wid)
	typeKeys(t, wid, "3", "1", "2", "3", "4", "Return") // technician, a wrong PIN
	time.Sleep(2 * time.Second)                         // argon2id
	typeKeys(t, wid, "Escape")
	select {
	case err := <-exited:
		t.Fatalf("the kiosk ended after a wrong technician PIN: %v", err)
	default:
	}

	holdLogo(t, wid)
	typeKeys(t, wid, "3", "9", "0", "9", "0", "9", "0", "Return") // technician, the demo PIN 909090
	time.Sleep(4 * time.Second)                                   // argon2id, slower on a busy machine
	xdotool(t, "mousemove", "--window", wid, quitX, quitY, "click", "1")
	time.Sleep(500 * time.Millisecond) // Quit asks to confirm
	xdotool(t, "mousemove", "--window", wid, sureX, sureY, "click", "1")
	select {
	case err := <-exited:
		wantQuitStatus(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the kiosk was still running 10 s after Quit on the technician screen")
	}
}

// TestRealWindowOfficerLockLeavesTheTechnician: five wrong PINs at an
// officer's sign-in lock the officers' pads (the database says so), and the
// technician still reaches the health screen of that counter, whose Quit
// ends the process (survey.TryPIN scopes the lock-out by role).
func TestRealWindowOfficerLockLeavesTheTechnician(t *testing.T) {
	needDisplay(t)
	bin := buildKiosk(t)
	data := t.TempDir()
	cmd, wid := startKiosk(t, bin, data)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	holdLogo(t, wid)
	typeKeys(t, wid, "1", "2") // sign in, the second officer
	for range 5 {
		typeKeys(t, wid, "0", "0", "0", "0", "Return")
		time.Sleep(time.Second) // argon2id
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		lock := pinLock(t, data, survey.RoleOfficer)
		if lock.Locked(time.Now()) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the officers' pad is not locked after five wrong PINs: %+v", lock)
		}
		time.Sleep(200 * time.Millisecond)
	}
	typeKeys(t, wid, "Escape")

	holdLogo(t, wid)
	typeKeys(t, wid, "3", "9", "0", "9", "0", "9", "0", "Return") // technician, the demo PIN 909090
	time.Sleep(4 * time.Second)                                   // argon2id, slower on a busy machine
	xdotool(t, "mousemove", "--window", wid, quitX, quitY, "click", "1")
	time.Sleep(500 * time.Millisecond) // Quit asks to confirm
	xdotool(t, "mousemove", "--window", wid, sureX, sureY, "click", "1")
	select {
	case err := <-exited:
		wantQuitStatus(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the technician did not reach the health screen (its Quit) of a counter whose officers' pad is locked")
	}
}

// wantQuitStatus: the kiosk process ended with the technician's Quit
// status, kioskapp.ExitQuit (4), and nothing else.
func wantQuitStatus(t *testing.T, err error) {
	t.Helper()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != kioskapp.ExitQuit {
		t.Fatalf("the kiosk quit with %v, want exit status %d (kioskapp.ExitQuit)", err, kioskapp.ExitQuit)
	}
}

// pinLock reads one scope's PIN lock-out from a running kiosk's database.
func pinLock(t *testing.T, dataDir string, scope survey.PINRole) survey.PINLock {
	t.Helper()
	db, err := localdb.Open(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lock, err := db.PINLock(context.Background(), scope)
	if err != nil {
		t.Fatal(err)
	}
	return lock
}
