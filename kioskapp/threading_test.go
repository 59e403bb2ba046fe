package kioskapp

import (
	"strings"
	"testing"
)

// TestBuiltWithFyneDoMigration: the kiosk's tests, like its binaries, are
// built with -tags migrated_fynedo (the Makefile, scripts and benchmarks
// pass it), so they run Fyne in the fyneDo threading mode the kiosk ships
// in. Without the tag this fails, rather than test another mode.
func TestBuiltWithFyneDoMigration(t *testing.T) {
	if !fyneDoMigrated {
		t.Fatal("built without -tags migrated_fynedo: Fyne runs in its compatibility threading mode; use make test, or go test -tags migrated_fynedo")
	}
}

func TestThreadingCheck(t *testing.T) {
	if c := threadingCheck(true); !c.ok || c.warn || !strings.HasPrefix(c.String(), "OK   threading          fyneDo") {
		t.Errorf("migrated: %q", c)
	}
	if c := threadingCheck(false); !c.ok || !c.warn || !strings.Contains(c.String(), "WARN threading") || !strings.Contains(c.String(), "make build") {
		t.Errorf("not migrated: %q", c)
	}
}
