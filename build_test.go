package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestKioskBinaryRunsFyneDo: the real binary is built with the
// migrated_fynedo tag (its build information says so) and kiosk doctor
// reports the fyneDo threading mode, first, even before it finds a
// database.
func TestKioskBinaryRunsFyneDo(t *testing.T) {
	bin := buildKiosk(t)
	out, err := exec.Command("go", "version", "-m", bin).CombinedOutput()
	if err != nil {
		t.Fatalf("go version -m: %v\n%s", err, out)
	}
	if !regexp.MustCompile(`(?m)^\s+build\s+-tags=(\S+,)?migrated_fynedo(,\S+)?$`).Match(out) {
		t.Fatalf("the kiosk binary was built without -tags migrated_fynedo:\n%s", out)
	}
	doc, _ := exec.Command(bin, "doctor", "--data-dir", t.TempDir()).CombinedOutput()
	if !strings.HasPrefix(string(doc), "OK   threading          fyneDo") {
		t.Fatalf("kiosk doctor does not report the fyneDo threading mode first:\n%s", doc)
	}
}

// goCommand finds the go commands that build, test or run code.
var goCommand = regexp.MustCompile(`(^|[\s;(&|])(go|\$\(GO\)) (build|test|run|vet)\b`)

// TestEveryBuildPassesTheFyneDoTag: every go build, test, run and vet in
// the Makefile and the scripts passes the migrated_fynedo tag, so that no
// binary or test we make runs Fyne in its compatibility threading mode.
func TestEveryBuildPassesTheFyneDoTag(t *testing.T) {
	files := []string{"Makefile", ".ci/run"}
	for _, glob := range []string{"scripts/*.sh", "bench/*.sh"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	seen := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			code, _, _ := strings.Cut(line, "#")
			if !goCommand.MatchString(code) {
				continue
			}
			seen++
			if !strings.Contains(code, "-tags migrated_fynedo") && !strings.Contains(code, "$(TAGS)") {
				t.Errorf("%s:%d builds without -tags migrated_fynedo: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
	if seen < 10 {
		t.Fatalf("found only %d go commands in the Makefile and scripts: the pattern is wrong", seen)
	}
}
