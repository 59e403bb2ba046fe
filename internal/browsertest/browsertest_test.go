package browsertest

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Find reports a clear error when no browser is on PATH; the CI rule of
// New depends on it.
func TestFindWithoutBrowser(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if p, err := Find(); err == nil {
		t.Fatalf("Find() = %q with an empty PATH", p)
	}
}

func TestFindOnPath(t *testing.T) {
	if os.Getenv("CI") == "" {
		if _, err := Find(); err != nil {
			t.Skip(err)
		}
	}
	if _, err := Find(); err != nil {
		t.Fatalf("CI is set and %v", err)
	}
}

func TestSizeString(t *testing.T) {
	if Desktop.String() != "1366x768" || Phone.String() != "390x844" {
		t.Errorf("sizes %s, %s", Desktop, Phone)
	}
}

// recorder is a testing.TB that records Fatalf and Skipf and stops the
// goroutine as the real ones do.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Skipf(format string, args ...any) {
	r.skip = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// Without a browser, New fails the test in CI and skips it elsewhere.
func TestNewWithoutBrowser(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	for _, ci := range []string{"true", ""} {
		t.Setenv("CI", ci)
		r := &recorder{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			New(r, Desktop, time.Second)
		}()
		<-done
		if ci != "" && (r.fatal == "" || r.skip != "") {
			t.Errorf("CI=%s: fatal %q, skip %q; want a failure", ci, r.fatal, r.skip)
		}
		if ci == "" && (r.skip == "" || r.fatal != "" || !strings.Contains(r.skip, "chromium")) {
			t.Errorf("CI unset: fatal %q, skip %q; want a skip that names chromium", r.fatal, r.skip)
		}
	}
}
