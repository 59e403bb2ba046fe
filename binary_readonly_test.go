package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"hailong/kiosk/localdb"
)

// TestReadOnlyDataDirSaysSo: a data directory the kiosk's user cannot
// write (a wrong owner after a copy, a read-only mount) gives one plain
// sentence that says what to do, not SQLite's "unable to open database
// file" or "attempt to write a readonly database", and doctor does not
// advise restoring a backup. As root, the binary runs as nobody (setpriv):
// root writes anywhere.
func TestReadOnlyDataDirSaysSo(t *testing.T) {
	bin := buildKiosk(t)
	var prefix []string
	if os.Geteuid() == 0 {
		p, err := exec.LookPath("setpriv")
		if err != nil {
			t.Skip("running as root without setpriv: cannot make a directory read-only")
		}
		prefix = []string{p, "--reuid=65534", "--regid=65534", "--clear-groups"}
	}
	top, err := os.MkdirTemp("", "kiosk-readonly")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(top, "data"), 0o755); os.RemoveAll(top) })
	data := filepath.Join(top, "data")
	db, err := localdb.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Copied where nobody may run it, the data directory readable by all
	// and writable by none but root.
	copyFile(t, bin, filepath.Join(top, "kiosk"), 0o755)
	for _, p := range []string{top, data} {
		if err := os.Chmod(p, 0o555); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{localdb.FileName, localdb.FileName + "-wal", localdb.FileName + "-shm"} {
		os.Chmod(filepath.Join(data, f), 0o444)
	}
	for _, args := range [][]string{
		{"doctor"},
		{"export", "--from", "2026-01-01", "--to", "2026-01-02", "--out", filepath.Join(os.TempDir(), "ro.csv")},
		{"sign-in", "--officer", "cb01"},
	} {
		t.Run(args[0], func(t *testing.T) {
			argv := append(append(append([]string{}, prefix...), filepath.Join(top, "kiosk")), append(args, "--data-dir", data)...)
			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Env = append(os.Environ(), "HOME="+top, "LANG=C.UTF-8", "LANGUAGE=vi")
			cmd.Stdin = strings.NewReader("1111\n")
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Run(); err == nil {
				t.Fatalf("succeeded on a read-only data directory:\n%s", out.String())
			}
			s := out.String()
			for _, bad := range []string{"unable to open database file", "readonly database", "restore the newest"} {
				if strings.Contains(s, bad) {
					t.Errorf("says %q:\n%s", bad, s)
				}
			}
			for _, want := range []string{"chỉ đọc", "read-only", data} {
				if !strings.Contains(s, want) {
					t.Errorf("does not say %q:\n%s", want, s)
				}
			}
		})
	}
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
