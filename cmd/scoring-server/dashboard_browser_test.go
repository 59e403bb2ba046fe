package main

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hailong/kiosk/internal/browsertest"
)

// The real binary serves the dashboard at "/" beside the kiosk API, and a
// real Chromium signs in, sees Today, switches to English, opens its
// centre's day, is refused another centre's pages and a cross-origin POST,
// and signs out; after sign-out the pages ask for sign-in again.
func TestDashboardSignInWithChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and drives Chromium")
	}
	dir := t.TempDir()
	bin := buildServer(t)
	db := filepath.Join(dir, "scoring.db")
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Quảng Ninh", "--technician-pin", "909090")
	mustCLI(t, db, "centre", "add", "--id", "hn", "--name", "Hồng Gai", "--technician-pin", "909090")
	if _, errOut, err := cliIn(t, db, "mật-khẩu-dài-1\n", "user", "add", "--email", "lan@quangninh.gov.vn",
		"--name", "Trần Thị Lan", "--role", "manager", "--centre", "qn"); err != nil {
		t.Fatalf("user add: %v %s", err, errOut)
	}
	proc := startProcess(t, bin, db)

	ctx := browsertest.New(t, browsertest.Desktop, 60*time.Second)
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	location := func() string {
		t.Helper()
		u, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimPrefix(u, proc.base)
	}

	if dir := os.Getenv("DASHBOARD_SCREENSHOTS"); dir != "" {
		if _, err := browsertest.ScreenshotBoth(ctx, proc.base+"/signin", dir, "dashboard-signin-vi"); err != nil {
			t.Fatal(err)
		}
		step("back to desktop size", browsertest.Resize(browsertest.Desktop))
	}
	step("open the dashboard", chromedp.Navigate(proc.base+"/"), chromedp.WaitVisible(chromedp.CSS("#email")))
	if got := location(); got != "/signin?next=%2F" {
		t.Fatalf("signed out, / went to %q", got)
	}
	step("a wrong password", chromedp.SendKeys(chromedp.CSS("#email"), "lan@quangninh.gov.vn"),
		chromedp.SendKeys(chromedp.CSS("#password"), "không-phải-mật-khẩu"), chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS("#signin-error")))
	if got := text("#signin-error"); !strings.Contains(got, "Sai email hoặc mật khẩu") {
		t.Fatalf("wrong password says %q", got)
	}
	step("the right one", chromedp.SendKeys(chromedp.CSS("#password"), "mật-khẩu-dài-1"), chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS("#home-title")))
	if got := text("#home-title"); got != "Hôm nay" {
		t.Fatalf("Today's heading %q", got)
	}
	if got := text(".who"); !strings.Contains(got, "Trần Thị Lan") {
		t.Fatalf("header says %q", got)
	}
	if dir := os.Getenv("DASHBOARD_SCREENSHOTS"); dir != "" {
		if _, err := browsertest.ScreenshotBoth(ctx, proc.base+"/", dir, "dashboard-today-vi"); err != nil {
			t.Fatal(err)
		}
		step("back to desktop size", browsertest.Resize(browsertest.Desktop))
	}
	step("English", chromedp.Click(chromedp.CSS(`.lang a[hreflang="en"]`)), chromedp.Query(chromedp.CSS(`html[lang="en"]`)))
	if got := text("#home-title"); got != "Today" {
		t.Fatalf("English heading %q", got)
	}
	// Another centre's pages are a 404 that names nothing of it.
	for _, path := range []string{"/day?centre=hn", "/trends?centre=hn", "/officer?centre=hn&officer=cb01", "/fleet?centre=hn"} {
		step(path, chromedp.Navigate(proc.base+path+"&lang=vi"), chromedp.WaitVisible(chromedp.CSS("#error-title")))
		if got, body := text("#error-title"), text("main"); got != "Không tìm thấy trang" || strings.Contains(body, "Hồng Gai") {
			t.Errorf("%s: %q", path, got)
		}
	}
	// Her own centre's day.
	step("the centre day", chromedp.Navigate(proc.base+"/day?centre=qn&lang=vi"), chromedp.WaitVisible(chromedp.CSS("#day-title")))
	if got := text("#day-title"); !strings.Contains(got, "Quảng Ninh") {
		t.Fatalf("centre day heading %q", got)
	}
	// A page of another site posts a sign-out form to the dashboard: the
	// browser sends the session cookie (SameSite=Lax still sends it on a
	// top-level POST from a same-site page; a cross-site one drops it),
	// and the dashboard refuses the request by its origin, so the
	// session lives on.
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><form id="f" method="post" action="%s/signout"></form><script>document.getElementById("f").submit()</script>`,
			html.EscapeString(proc.base))
	}))
	defer evil.Close()
	step("a cross-origin POST", chromedp.Navigate(evil.URL), chromedp.WaitVisible(chromedp.CSS("#error-title")))
	if got := text("#error-title"); got != "Bạn không có quyền xem trang này" {
		t.Fatalf("cross-origin sign-out answered %q", got)
	}
	step("still signed in", chromedp.Navigate(proc.base+"/?lang=vi"), chromedp.WaitVisible(chromedp.CSS("#home-title")))
	step("sign out", chromedp.Click(chromedp.CSS(".user button")), chromedp.WaitVisible(chromedp.CSS("#email")))
	step("Today again", chromedp.Navigate(proc.base+"/"), chromedp.WaitVisible(chromedp.CSS("#email")))
	if got := location(); !strings.HasPrefix(got, "/signin") {
		t.Fatalf("after sign-out / is %q", got)
	}

	// Ten wrong passwords lock the account; the lock outlives the server.
	signIn := func(password string) string {
		t.Helper()
		step("sign in with "+password, chromedp.Navigate(proc.base+"/signin?lang=vi"), chromedp.WaitVisible(chromedp.CSS("#email")),
			chromedp.SendKeys(chromedp.CSS("#email"), "lan@quangninh.gov.vn"), chromedp.SendKeys(chromedp.CSS("#password"), password),
			chromedp.Submit(chromedp.CSS("#password")), chromedp.WaitVisible(chromedp.CSS("#signin-error, #home-title")))
		if s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#signin-error, #home-title"))); err == nil {
			return s
		}
		return ""
	}
	var said string
	for range 10 {
		said = signIn("sai-mật-khẩu-rồi")
	}
	if !strings.Contains(said, "tạm khoá") {
		t.Fatalf("after ten wrong passwords: %q", said)
	}
	proc.kill()
	proc = startProcess(t, bin, db)
	if said := signIn("mật-khẩu-dài-1"); !strings.Contains(said, "tạm khoá") {
		t.Fatalf("the right password after a restart: %q, want the lock", said)
	}
}
