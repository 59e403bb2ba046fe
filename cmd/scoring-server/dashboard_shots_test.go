package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hailong/kiosk/internal/browsertest"
)

// TestDashboardScreenshots seeds the demo data into the real binary's
// database, signs in as the demo administrator and saves every dashboard
// page at 1366×768 and 390×844 into $DASHBOARD_SCREENSHOTS (make
// screenshots; skipped without it). It also fails when a page at phone
// width is wider than the screen.
func TestDashboardScreenshots(t *testing.T) {
	out := os.Getenv("DASHBOARD_SCREENSHOTS")
	if out == "" {
		t.Skip("DASHBOARD_SCREENSHOTS names the folder for the dashboard's screenshots")
	}
	dir := t.TempDir()
	bin := buildServer(t)
	db := filepath.Join(dir, "scoring.db")
	if b, err := exec.Command(bin, "demo-data", "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("demo-data: %v\n%s", err, b)
	}
	proc := startProcess(t, bin, db)
	ctx := browsertest.New(t, browsertest.Desktop, 90*time.Second)
	shot := func(path, name string) {
		t.Helper()
		if _, err := browsertest.ScreenshotBoth(ctx, proc.base+path, out, name); err != nil {
			t.Fatal(err)
		}
		// ScreenshotBoth leaves the phone size: check the page fits it.
		w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil || w > browsertest.Phone.Width {
			t.Errorf("%s is %d px wide at %d px (%v)", path, w, browsertest.Phone.Width, err)
		}
		if err := chromedp.Do(ctx, browsertest.Resize(browsertest.Desktop)); err != nil {
			t.Fatal(err)
		}
	}
	shot("/signin", "dashboard-signin")
	if err := chromedp.Do(ctx, chromedp.Navigate(proc.base+"/signin"),
		chromedp.SendKeys(chromedp.CSS("#email"), "admin@demo.hailong.vn"),
		chromedp.SendKeys(chromedp.CSS("#password"), "hai-long-demo-admin"),
		chromedp.Submit(chromedp.CSS("#password")), chromedp.WaitVisible(chromedp.CSS("#home-title"))); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	yesterday := time.Now().In(time.FixedZone("ICT", 7*3600)).AddDate(0, 0, -1)
	for yesterday.Weekday() == time.Sunday {
		yesterday = yesterday.AddDate(0, 0, -1)
	}
	for _, p := range []struct{ path, name string }{
		{"/", "dashboard-today"},
		{"/day?centre=qn-hcc&date=" + yesterday.Format("2006-01-02"), "dashboard-day"},
		{"/trends?centre=qn-hcc&range=30d", "dashboard-trends"},
		{"/officer?centre=qn-hcc&officer=cb06&range=30d", "dashboard-officer"},
		{"/fleet", "dashboard-fleet"},
		{"/alerts?state=all", "dashboard-alerts"},
		{"/day?centre=qn-hcc&date=" + yesterday.Format("2006-01-02") + "&lang=en", "dashboard-day-en"},
		{"/?lang=en", "dashboard-today-en"},
	} {
		shot(p.path, p.name)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(proc.base+"/?lang=vi")); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(out, "dashboard-*.png"))
	t.Logf("%d screenshots in %s: %s", len(files), out, strings.Join(files, " "))
}
