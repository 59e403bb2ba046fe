package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestNoFyneLocaleErrorUnderCUTF8: under LANG=C.UTF-8 (Debian's default)
// without LANGUAGE, no command of the real binary prints Fyne's "Error
// parsing user locale C": Fyne parses the locale while its packages
// initialise, before main runs (see internal/fynelocale).
func TestNoFyneLocaleErrorUnderCUTF8(t *testing.T) {
	bin := buildKiosk(t)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LANGUAGE=") && !strings.HasPrefix(kv, "LC_") && !strings.HasPrefix(kv, "LANG=") {
			env = append(env, kv)
		}
	}
	for _, c := range []struct {
		locale string
		args   []string
		stdin  string
	}{
		{"LANG=C.UTF-8", []string{"help"}, ""},
		{"LANG=C.UTF-8", []string{"--help"}, ""},
		{"LANG=C.UTF-8", []string{"hash-pin"}, "482619\n"},
		{"LANG=C.UTF-8", []string{"doctor", "--data-dir", t.TempDir()}, ""},
		{"LC_ALL=C.utf8", []string{"help"}, ""},
		{"LANG=POSIX.UTF-8", []string{"help"}, ""},
	} {
		t.Run(c.locale+" "+strings.Join(c.args, " "), func(t *testing.T) {
			cmd := exec.Command(bin, c.args...)
			cmd.Env = append(env, c.locale, "HOME="+t.TempDir())
			cmd.Stdin = strings.NewReader(c.stdin)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			_ = cmd.Run() // doctor on an empty directory fails: only stderr matters here
			if strings.Contains(stderr.String(), "Fyne error") || strings.Contains(stderr.String(), "parsing user locale") {
				t.Fatalf("stderr:\n%s", stderr.String())
			}
		})
	}
}
