package dashboard

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hailong/kiosk/internal/browsertest"
)

// screenshotEnv names a directory that receives the preview's screenshots
// (relative to the repository root, e.g. docs/screenshots); without it
// they go to a temporary directory.
const screenshotEnv = "DASHBOARD_SCREENSHOTS"

// TestPreviewInChromium drives a real headless Chromium over the preview
// page: the Vietnamese page, the EN toggle and its cookie, no horizontal
// overflow on phones, and screenshots at both sizes.
func TestPreviewInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	start := time.Now()
	srv := newPreviewServer(t)
	ctx := browsertest.New(t, browsertest.Desktop, 90*time.Second)

	// Any console error (a script error, a resource that failed to load,
	// a Content-Security-Policy violation) fails the test at the end.
	var mu sync.Mutex
	var consoleErrors []string
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException || m.Type == chromedp.ConsoleWarning {
				mu.Lock()
				consoleErrors = append(consoleErrors, fmt.Sprintf("%s %s: %s", m.Type, m.URL, m.Text))
				mu.Unlock()
			}
		}
	}()
	checkConsole := func() {
		mu.Lock()
		defer mu.Unlock()
		for _, e := range consoleErrors {
			t.Errorf("browser console: %s", e)
		}
	}

	// text reads an element's text, retrying a few times: right after a
	// navigation the node found may belong to the page being replaced.
	text := func(sel string) string {
		t.Helper()
		var err error
		for range 20 {
			var s string
			if s, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel))); err == nil {
				return strings.TrimSpace(s)
			}
			time.Sleep(250 * time.Millisecond)
		}
		t.Fatalf("text of %s: %v", sel, err)
		return ""
	}
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	step("load the preview", chromedp.Navigate(srv.URL+"/preview"))
	if title, err := chromedp.Run(ctx, chromedp.Title()); err != nil || title != "Xem trước giao diện · Hài Lòng" {
		t.Errorf("title = %q, %v", title, err)
	}
	if got := text("h1"); got != "Xem trước giao diện" {
		t.Errorf("h1 = %q", got)
	}
	if got := text(`.main-nav a[aria-current="page"]`); got != "Hôm nay" {
		t.Errorf("current menu item = %q", got)
	}

	step("click EN", chromedp.Click(chromedp.CSS(`.lang a[hreflang="en"]`)), chromedp.Query(chromedp.CSS(`html[lang="en"]`)))
	if got := text("h1"); got != "Dashboard preview" {
		t.Errorf("h1 after EN = %q", got)
	}
	if got := text(`.main-nav a[aria-current="page"]`); got != "Today" {
		t.Errorf("current menu item after EN = %q", got)
	}
	// The cookie keeps English on a URL without ?lang=.
	step("reload without lang", chromedp.Navigate(srv.URL+"/preview"), chromedp.Query(chromedp.CSS(`html[lang="en"]`)))
	step("click VI", chromedp.Click(chromedp.CSS(`.lang a[hreflang="vi"]`)), chromedp.Query(chromedp.CSS(`html[lang="vi"]`)))

	for _, size := range []browsertest.Size{{Width: 360, Height: 740, Mobile: true}, browsertest.Phone, browsertest.Desktop} {
		step("resize to "+size.String(), browsertest.Resize(size), chromedp.Navigate(srv.URL+"/preview"))
		// On a phone Chrome widens the layout viewport to fit a page that
		// is too wide, so innerWidth alone proves nothing: compare with
		// the device's width too.
		dims, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
		if err != nil {
			t.Fatal(err)
		}
		if dims[0] > dims[1] || dims[1] != size.Width {
			t.Errorf("at %s the page is %d px wide in a %d px viewport: it scrolls sideways", size, dims[0], dims[1])
		}
		// Wide tables scroll inside their own box instead.
		over, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`Array.from(document.querySelectorAll("body *")).filter(e => {
			const r = e.getBoundingClientRect(); return r.right > %d + 1 && !e.parentElement.closest(".table-wrap");
		}).slice(0, 5).map(e => e.tagName.toLowerCase() + "." + e.getAttribute("class"))`, size.Width)))
		if err != nil {
			t.Fatal(err)
		}
		if len(over) > 0 {
			t.Errorf("at %s these elements stick out of the viewport: %v", size, over)
		}
	}

	dir := t.TempDir()
	if d := os.Getenv(screenshotEnv); d != "" {
		if !filepath.IsAbs(d) {
			d = filepath.Join("..", "..", d) // tests run in scoring/dashboard
		}
		dir = d
	}
	for _, lang := range []string{"vi", "en"} {
		files, err := browsertest.ScreenshotBoth(ctx, srv.URL+"/preview?lang="+lang, dir, "dashboard-preview-"+lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if st, err := os.Stat(f); err != nil || st.Size() < 10_000 {
				t.Errorf("screenshot %s: %v (%d bytes)", f, err, st.Size())
			}
		}
		t.Logf("screenshots: %v", files)
	}
	checkConsole()

	// The 400 page a bad parameter gives, in Vietnamese (the browser logs
	// its status as an error, so after checkConsole).
	step("choose Vietnamese, then a bad language", chromedp.Navigate(srv.URL+"/preview?lang=vi"), chromedp.Navigate(srv.URL+"/preview?lang=fr"))
	if got := text("h1"); got != "Địa chỉ trang không hợp lệ" {
		t.Errorf("400 page h1 = %q, want it in Vietnamese, the cookie's language", got)
	}
	files, err := browsertest.ScreenshotBoth(ctx, srv.URL+"/preview?lang=fr", dir, "dashboard-error-400-vi")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots: %v", files)
	t.Logf("browser test took %v", time.Since(start).Round(time.Millisecond))
}
