package main

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hailong/kiosk/internal/browsertest"
	"hailong/kiosk/protocol"
)

// A kiosk's heartbeat reports a failing disk check to the real server:
// `kiosk list` names it, and a real Chromium sees it on the Fleet page in
// the page's red, in Vietnamese and in English. A hostile heartbeat is
// refused and changes nothing; when the kiosk reports ok again, both
// clear.
func TestFailingCheckShowsInKioskListAndOnTheFleetPage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and drives Chromium")
	}
	dir := t.TempDir()
	bin := buildServer(t)
	db := filepath.Join(dir, "scoring.db")
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Quảng Ninh", "--technician-pin", "909090")
	code := strings.TrimSpace(mustCLI(t, db, "enrol-code", "--centre", "qn", "--counter", "3"))
	if _, errOut, err := cliIn(t, db, "mật-khẩu-dài-1\n", "user", "add", "--email", "admin@quangninh.gov.vn",
		"--name", "Quản trị", "--role", "admin"); err != nil {
		t.Fatalf("user add: %v %s", err, errOut)
	}
	proc := startProcess(t, bin, db)
	status, body := post(t, proc.base+protocol.PathEnrol, "", protocol.EnrolRequest{Code: code, KioskID: "k1", Hostname: "quay-3", AppVersion: "0.1.0"})
	if status != http.StatusOK {
		t.Fatalf("enrol: %d %s", status, body)
	}
	var er protocol.EnrolResponse
	if err := json.Unmarshal(body, &er); err != nil {
		t.Fatal(err)
	}
	beat := func(checks protocol.Checks) {
		t.Helper()
		if status, body := post(t, proc.base+protocol.PathHeartbeat, er.Token, protocol.Heartbeat{AppVersion: "0.1.0",
			Clock: time.Now(), Checks: checks}); status != http.StatusOK {
			t.Fatalf("heartbeat: %d %s", status, body)
		}
	}
	listed := func() string {
		t.Helper()
		lines := strings.Split(strings.TrimSuffix(mustCLI(t, db, "kiosk", "list"), "\n"), "\n")
		header, row := strings.Split(lines[0], "\t"), strings.Split(lines[1], "\t")
		for i, h := range header {
			if h == "checks" {
				return row[i]
			}
		}
		t.Fatalf("kiosk list has no checks column: %s", lines[0])
		return ""
	}
	if got := listed(); got != "-" {
		t.Fatalf("before any heartbeat, checks %q", got)
	}
	beat(protocol.Checks{"database": "ok", "disk": "low", "clock": "ok"})
	if got := listed(); got != "disk=low" {
		t.Fatalf("kiosk list checks %q, want disk=low", got)
	}
	// A hostile heartbeat is refused, and nothing of it is stored.
	hostile := map[string]any{"clock": time.Now(), "checks": map[string]string{"disk": `<script>alert(1)</script>`}}
	if status, body := post(t, proc.base+protocol.PathHeartbeat, er.Token, hostile); status != http.StatusBadRequest {
		t.Fatalf("hostile heartbeat: %d %s", status, body)
	}
	if got := listed(); got != "disk=low" {
		t.Fatalf("after the hostile heartbeat, checks %q", got)
	}

	ctx := browsertest.New(t, browsertest.Desktop, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(proc.base+"/signin"),
		chromedp.SendKeys(chromedp.CSS("#email"), "admin@quangninh.gov.vn"),
		chromedp.SendKeys(chromedp.CSS("#password"), "mật-khẩu-dài-1"),
		chromedp.Submit(chromedp.CSS("#password")), chromedp.WaitVisible(chromedp.CSS("#home-title"))); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	const item = `tr[data-kiosk="k1"] li[data-check="disk"]`
	shown := func(lang string) (text, colour string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(proc.base+"/fleet?lang="+lang), chromedp.WaitVisible(chromedp.CSS(item))); err != nil {
			t.Fatalf("fleet (%s): %v", lang, err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(item)))
		if err != nil {
			t.Fatal(err)
		}
		colour, err = chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('`+item+`')).color`))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(text), colour
	}
	const bad = "rgb(179, 88, 6)" // --bad, the page's red
	if text, colour := shown("vi"); text != "Ổ đĩa: sắp đầy" || colour != bad {
		t.Fatalf("vi: %q in %s", text, colour)
	}
	if text, colour := shown("en"); text != "Disk: low on space" || colour != bad {
		t.Fatalf("en: %q in %s", text, colour)
	}
	checks := func() int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('tr[data-kiosk="k1"] li[data-check]').length`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := checks(); n != 1 {
		t.Fatalf("%d failing checks shown, want 1 (database and clock are ok)", n)
	}

	beat(protocol.Checks{"database": "ok", "disk": "ok", "clock": "ok"})
	if got := listed(); got != "ok" {
		t.Fatalf("after ok, kiosk list checks %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(proc.base+"/fleet?lang=vi"), chromedp.WaitVisible(chromedp.CSS(`tr[data-kiosk="k1"]`))); err != nil {
		t.Fatal(err)
	}
	if n := checks(); n != 0 {
		t.Fatalf("after ok, %d failing checks shown", n)
	}
	state, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`tr[data-kiosk="k1"] td`)))
	if err != nil || strings.TrimSpace(state) != "Bình thường" {
		t.Fatalf("after ok, state %q (%v)", state, err)
	}
}
