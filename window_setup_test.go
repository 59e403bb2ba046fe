package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/localdb"
	"hailong/kiosk/protocol"
	"hailong/kiosk/screens"
)

// scoringProc is the real scoring server as its own process, on a fresh
// database with one centre (technician PIN 909090) and one officer (cb01,
// PIN 1111).
type scoringProc struct {
	t    *testing.T
	bin  string
	dir  string
	db   string
	addr string
	base string
	srv  *exec.Cmd
}

// scoringCentre is the centre's name, which the kiosk's title takes.
const scoringCentre = "Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh"

func startScoringServer(t *testing.T) *scoringProc {
	t.Helper()
	dir := t.TempDir()
	p := &scoringProc{t: t, dir: dir, bin: filepath.Join(dir, "scoring-server"), db: filepath.Join(dir, "scoring.db")}
	if out, err := exec.Command("go", "build", "-tags", fyneTags, "-o", p.bin, "./cmd/scoring-server").CombinedOutput(); err != nil {
		t.Fatalf("go build scoring-server: %v\n%s", err, out)
	}
	p.run("", p.bin, "centre", "add", "--db", p.db, "--id", "qn-hcc", "--name", scoringCentre, "--technician-pin", "909090")
	p.run("", p.bin, "officer", "add", "--db", p.db, "--centre", "qn-hcc", "--id", "cb01", "--name", "Nguyễn Thị Lan", "--pin", "1111")
	p.addr = fmt.Sprintf("127.0.0.1:%d", freePort(t))
	p.base = "http://" + p.addr
	p.start()
	t.Cleanup(p.stop)
	return p
}

// start runs the server and waits for /healthz.
func (p *scoringProc) start() {
	p.t.Helper()
	p.srv = exec.Command(p.bin, "serve", "--db", p.db, "--addr", p.addr)
	p.srv.Env = append(os.Environ(), "HOME="+p.dir)
	if err := p.srv.Start(); err != nil {
		p.t.Fatal(err)
	}
	for i := 0; ; i++ {
		if resp, err := http.Get(p.base + "/healthz"); err == nil {
			resp.Body.Close()
			return
		}
		if i == 100 {
			p.t.Fatal("the scoring server did not answer /healthz within 10 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop ends the server, as a pulled network cable would for the kiosk.
func (p *scoringProc) stop() {
	if p.srv != nil {
		p.srv.Process.Kill()
		p.srv.Wait()
		p.srv = nil
	}
}

// run runs a command and returns its standard output, trimmed.
func (p *scoringProc) run(stdin, bin string, args ...string) string {
	p.t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), "HOME="+p.dir, "LANG=C.UTF-8", "LANGUAGE=vi")
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		p.t.Fatalf("%s %v: %v\n%s%s", filepath.Base(bin), args, err, out, stderr)
	}
	return strings.TrimSpace(string(out))
}

// codeRE is an enrolment code as enrol-code prints it (it may print a QR
// code besides).
var codeRE = regexp.MustCompile(`(?m)^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$`)

// code makes a single-use enrolment code for a counter of the centre.
func (p *scoringProc) code(counter string, extra ...string) string {
	p.t.Helper()
	out := p.run("", p.bin, append([]string{"enrol-code", "--db", p.db, "--centre", "qn-hcc", "--counter", counter}, extra...)...)
	c := codeRE.FindString(out)
	if c == "" {
		p.t.Fatalf("no code in enrol-code's output:\n%s", out)
	}
	return c
}

// startSetup runs the kiosk as a fresh package install would, with no
// --demo, --config or enrolment, so that it shows its setup screen; the
// province file is province (a missing file is no defaults).
func startSetup(t *testing.T, bin, dataDir, province string) (*exec.Cmd, string) {
	t.Helper()
	cmd, wid := startWindow(t, bin, []string{"--windowed", "--data-dir", dataDir, "--province", province})
	if got := windowName(t, wid); got != screens.SetupTitle {
		t.Fatalf("a kiosk never enrolled is titled %q, want the setup screen's %q", got, screens.SetupTitle)
	}
	return cmd, wid
}

func windowName(t *testing.T, wid string) string {
	out, _ := exec.Command("xdotool", "getwindowname", wid).Output()
	return strings.TrimSpace(string(out))
}

// waitTitle waits up to wait for the window's title to be want.
func waitTitle(t *testing.T, cmd *exec.Cmd, wid, want string, wait time.Duration) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		if windowName(t, wid) == want {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the window is titled %q after %v, want %q; kiosk log:\n%s", windowName(t, wid), wait, want, kioskLog(t, cmd))
}

// waitLog waits up to 20 s for the kiosk's log to say want, and returns
// the log.
func waitLog(t *testing.T, cmd *exec.Cmd, want string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		log := kioskLog(t, cmd)
		if strings.Contains(log, want) {
			return log
		}
		if time.Now().After(deadline) {
			t.Fatalf("the kiosk did not log %q within 20 s:\n%s", want, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// enrolment reads what the kiosk's database holds of its enrolment.
func enrolment(t *testing.T, dataDir string) (localdb.Enrolment, bool) {
	t.Helper()
	db, err := localdb.Open(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e, ok, err := db.Enrolment(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return e, ok
}

// typeText types s into the window as a person or a scanner would.
func typeText(t *testing.T, wid, s string, delay int) {
	t.Helper()
	xdotool(t, "type", "--window", wid, "--delay", fmt.Sprint(delay), s)
	time.Sleep(200 * time.Millisecond)
}

// TestRealWindowSetupTypedEnrolsAndRates is issue 12's first boot: the
// kiosk shows its setup screen, a technician types the server's address
// and the enrolment code, and the counter goes live without a restart:
// the title names the centre, the database holds the enrolment, an
// officer signs in on the screen, and a rating reaches the server.
func TestRealWindowSetupTypedEnrolsAndRates(t *testing.T) {
	needDisplay(t)
	kiosk := buildKiosk(t)
	srv := startScoringServer(t)
	code := srv.code("1")
	data := t.TempDir()
	cmd, wid := startSetup(t, kiosk, data, filepath.Join(t.TempDir(), "no-province.toml"))

	typeText(t, wid, srv.base, 40)
	xdotool(t, "key", "--window", wid, "Return") // to the code box
	typeText(t, wid, strings.ToLower(code), 40)  // the code box takes capitals
	xdotool(t, "key", "--window", wid, "Return")
	waitTitle(t, cmd, wid, "Hài Lòng — "+scoringCentre, 20*time.Second)
	if e, ok := enrolment(t, data); !ok || e.Server != srv.base || e.Config.Centre.ID != "qn-hcc" || e.Config.Counter.ID != "1" {
		t.Fatalf("enrolment in the database: %v %+v", ok, e)
	}

	// The counter is live: cb01 signs in on the screen and rates.
	holdLogo(t, wid)
	typeKeys(t, wid, "1", "1")
	typeKeys(t, wid, "1", "1", "1", "1", "Return")
	if got := waitOfficer(t, data, "cb01"); got != "cb01" {
		t.Fatalf("officer on duty %q after signing in on the screen", got)
	}
	time.Sleep(500 * time.Millisecond)
	xdotool(t, "key", "--window", wid, "1")
	local := waitResponses(t, data, 1)
	if len(local) != 1 || local[0].CentreID != "qn-hcc" {
		t.Fatalf("responses after pressing 1: %+v", local)
	}
	waitOnServer(t, srv, local[0].ID)
}

// waitOnServer waits up to 15 s for a response id in the server's export.
func waitOnServer(t *testing.T, srv *scoringProc, id string) {
	t.Helper()
	day := func(d int) string { return time.Now().UTC().AddDate(0, 0, d).Format("2006-01-02") }
	deadline := time.Now().Add(15 * time.Second)
	for {
		out := srv.run("", srv.bin, "export", "--db", srv.db, "--from", day(-1), "--to", day(1))
		if strings.Contains(out, id) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("rating %s not on the server 15 s after it was saved; export:\n%s", id, out)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// TestRealWindowSetupScannedQR: a barcode scanner reads the enrolment QR
// code and types its text and Enter, fast, as a keyboard; the kiosk takes
// the server and the code from it and enrols at once. (Its province file
// is malformed: that is logged and changes nothing else.)
func TestRealWindowSetupScannedQR(t *testing.T) {
	needDisplay(t)
	kiosk := buildKiosk(t)
	srv := startScoringServer(t)
	code := srv.code("2")
	data := t.TempDir()
	// A malformed province file is logged, in both languages, and the
	// setup screen still shows.
	province := filepath.Join(t.TempDir(), "kiosk.toml")
	if err := os.WriteFile(province, []byte("[enrol]\nserver = https://diem\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd, wid := startSetup(t, kiosk, data, province)
	waitLog(t, cmd, "sai cú pháp")
	waitLog(t, cmd, "kiosk.toml is malformed")

	typeText(t, wid, protocol.EnrolQRText(srv.base, code), 8)
	xdotool(t, "key", "--window", wid, "Return")
	waitTitle(t, cmd, wid, "Hài Lòng — "+scoringCentre, 20*time.Second)
	if e, ok := enrolment(t, data); !ok || e.Server != srv.base || e.Config.Counter.ID != "2" {
		t.Fatalf("enrolment in the database after the scan: %v %+v", ok, e)
	}
}

// TestRealWindowSetupFailuresLoseNothing: the server's address comes from
// the province file; a wrong, a used and an expired code and then an
// unreachable server each give their own sentence, the kiosk stays on its
// setup screen unenrolled, and what was typed stays: once the server is
// back, Enter alone (Try again) enrols.
func TestRealWindowSetupFailuresLoseNothing(t *testing.T) {
	needDisplay(t)
	kiosk := buildKiosk(t)
	srv := startScoringServer(t)
	used := srv.code("2")
	srv.run("", kiosk, "enrol", "--server", srv.base, "--code", used, "--data-dir", t.TempDir()) // another kiosk took it
	expired := srv.code("1", "--ttl", "1s")
	good := srv.code("1")
	time.Sleep(1100 * time.Millisecond) // expired is now

	province := filepath.Join(t.TempDir(), "kiosk.toml")
	if err := os.WriteFile(province, []byte(fmt.Sprintf("[enrol]\nserver = %q\n", srv.base)), 0o644); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	cmd, wid := startSetup(t, kiosk, data, province)

	// The address is pre-filled and the code box active: only codes are typed.
	attempts := 0
	try := func(code, want string) {
		t.Helper()
		for range 16 { // the previous code
			xdotool(t, "key", "--window", wid, "BackSpace")
		}
		typeText(t, wid, code, 30)
		xdotool(t, "key", "--window", wid, "Return")
		attempts++
		log := waitLog(t, cmd, want)
		if n := strings.Count(log, "setup: enrolment failed"); n != attempts {
			t.Fatalf("%d failures logged after %d attempts:\n%s", n, attempts, log)
		}
		if got := windowName(t, wid); got != screens.SetupTitle {
			t.Fatalf("after %q the window is titled %q", want, got)
		}
		if _, ok := enrolment(t, data); ok {
			t.Fatalf("enrolled after %q", want)
		}
	}
	try("WXYZ-2345-6789", "The enrolment code is wrong: check each character")
	try(used, "This enrolment code was already used")
	try(expired, "This enrolment code has expired")
	srv.stop()
	try(good, "Cannot reach the server at "+srv.base)

	srv.start()
	xdotool(t, "key", "--window", wid, "Return") // Try again: nothing retyped
	waitTitle(t, cmd, wid, "Hài Lòng — "+scoringCentre, 20*time.Second)
	if e, ok := enrolment(t, data); !ok || e.Server != srv.base || e.Config.Counter.ID != "1" {
		t.Fatalf("enrolment after Try again: %v %+v", ok, e)
	}
}

// TestRealWindowReenrolKeepsPendingRatings: an enrolled kiosk whose server
// is gone keeps two ratings in its outbox; the server comes back at a new
// address; the technician opens Enrol again from the technician screen
// (behind the technician PIN), types the new address and a new code, and
// the kiosk, without a restart, uploads the two waiting ratings and the
// next one to the new address, in one sequence.
func TestRealWindowReenrolKeepsPendingRatings(t *testing.T) {
	needDisplay(t)
	kiosk := buildKiosk(t)
	srv := startScoringServer(t)
	data := t.TempDir()
	srv.run("", kiosk, "enrol", "--server", srv.base, "--code", srv.code("1"), "--data-dir", data)
	srv.run("1111\n", kiosk, "sign-in", "--officer", "cb01", "--data-dir", data)
	cmd, wid := startKiosk(t, kiosk, data)

	srv.stop()
	xdotool(t, "key", "--window", wid, "1")
	time.Sleep(4500 * time.Millisecond) // thanks
	xdotool(t, "key", "--window", wid, "1")
	waiting := waitResponses(t, data, 2)
	if len(waiting) != 2 {
		t.Fatalf("%d ratings saved while the server was gone", len(waiting))
	}
	time.Sleep(4500 * time.Millisecond)

	old := srv.base
	srv.addr = fmt.Sprintf("127.0.0.1:%d", freePort(t))
	srv.base = "http://" + srv.addr
	srv.start()
	code := srv.code("1")

	holdLogo(t, wid)
	typeKeys(t, wid, "3", "9", "0", "9", "0", "9", "0", "Return") // technician, the demo PIN 909090
	time.Sleep(2 * time.Second)                                   // the slow PIN check
	// An enrolled kiosk's technician screen: Send now, Enrol again, Full
	// screen, Quit in the first row of buttons at 1280×800.
	xdotool(t, "mousemove", "--window", wid, "480", "638", "click", "1")
	time.Sleep(time.Second)
	xdotool(t, "key", "--window", wid, "Up") // the address box: the old address is offered
	xdotool(t, "key", "--window", wid, "--repeat", fmt.Sprint(len(old)), "--delay", "20", "BackSpace")
	typeText(t, wid, srv.base, 30)
	xdotool(t, "key", "--window", wid, "Down")
	typeText(t, wid, code, 30)
	xdotool(t, "key", "--window", wid, "Return")
	waitLog(t, cmd, "msg=re-enrolled")
	if e, ok := enrolment(t, data); !ok || e.Server != srv.base {
		t.Fatalf("enrolment after Enrol again: %v %s", ok, e.Server)
	}
	time.Sleep(time.Second) // back on the rating screen
	xdotool(t, "key", "--window", wid, "1")
	all := waitResponses(t, data, 3)
	if len(all) != 3 || all[2].Seq != 3 {
		t.Fatalf("ratings after Enrol again: %+v", all)
	}
	for _, r := range all {
		waitOnServer(t, srv, r.ID)
	}
}
