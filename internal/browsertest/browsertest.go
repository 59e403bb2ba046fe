// Package browsertest starts a real headless Chromium for tests that drive
// the dashboard with github.com/chromedp/chromedp.
//
// It looks for Debian's chromium (or chromium-browser, google-chrome) on
// PATH. Without one, a test fails when the CI environment variable is set,
// so a CI run cannot pass by skipping the browser, and skips with a clear
// message on a developer's machine (scripts/deps.sh installs chromium).
// As root, Chromium refuses to start without --no-sandbox, so it gets the
// flag then and only then.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Size is a viewport in CSS pixels.
type Size struct {
	Width, Height int
	// Mobile turns on mobile and touch emulation, so the page's
	// width=device-width viewport applies as on a phone.
	Mobile bool
}

// The two sizes the dashboard is checked and shown at (issue 10 item 7).
var (
	Desktop = Size{Width: 1366, Height: 768}
	Phone   = Size{Width: 390, Height: 844, Mobile: true}
)

func (s Size) String() string { return fmt.Sprintf("%dx%d", s.Width, s.Height) }

// browsers are the executables tried, in order.
var browsers = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Find returns the path of the first browser of the list on PATH.
func Find() (string, error) {
	for _, name := range browsers {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium on PATH (tried %v); install it with scripts/deps.sh or apt-get install chromium", browsers)
}

// New starts a headless browser with a window of size and returns a
// chromedp context for one tab; the browser stops when the test ends.
// Every action on the context is bounded by timeout.
func New(t testing.TB, size Size, timeout time.Duration) context.Context {
	t.Helper()
	path, err := Find()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("browser test in CI: %v", err)
		}
		t.Skipf("skipping browser test: %v", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.WindowSize(size.Width, size.Height),
		chromedp.Flag("lang", "vi"),
		chromedp.UserDataDir(t.TempDir()),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	tctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Do(tctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return tctx
}

// Resize sets the page's viewport to size.
func Resize(size Size) chromedp.Action[chromedp.Void] {
	var opts []chromedp.EmulateViewportOption
	if size.Mobile {
		opts = append(opts, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return chromedp.EmulateViewport(int64(size.Width), int64(size.Height), opts...)
}

// Screenshot resizes the viewport to size, loads url and saves a PNG of the
// whole page (beyond the viewport, so nothing is cut off) to
// dir/name-WIDTHxHEIGHT.png, returning the file's path.
func Screenshot(ctx context.Context, size Size, url, dir, name string) (string, error) {
	if err := chromedp.Do(ctx, Resize(size), chromedp.Navigate(url)); err != nil {
		return "", fmt.Errorf("load %s at %s: %w", url, size, err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return "", fmt.Errorf("screenshot %s at %s: %w", url, size, err)
	}
	file := filepath.Join(dir, fmt.Sprintf("%s-%s.png", name, size))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		return "", fmt.Errorf("save screenshot: %w", err)
	}
	return file, nil
}

// ScreenshotBoth saves the page at Desktop and at Phone size, in that
// order, and returns the two paths.
func ScreenshotBoth(ctx context.Context, url, dir, name string) ([]string, error) {
	var files []string
	for _, s := range []Size{Desktop, Phone} {
		f, err := Screenshot(ctx, s, url, dir, name)
		if err != nil {
			return files, err
		}
		files = append(files, f)
	}
	return files, nil
}
