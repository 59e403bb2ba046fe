package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// builtServer is this package's binary, built once for the tests that run
// the real server as a process (browser, kill, backup, Python client, slow
// uploads), and removed when they are done.
var builtServer struct {
	once     sync.Once
	dir, bin string
	out      []byte
	err      error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtServer.dir != "" {
		os.RemoveAll(builtServer.dir)
	}
	os.Exit(code)
}

// buildServer returns the path of the scoring-server binary built from this
// package (go build), building it on the first call of the test run.
func buildServer(t *testing.T) string {
	t.Helper()
	b := &builtServer
	b.once.Do(func() {
		if b.dir, b.err = os.MkdirTemp("", "scoring-server-test-"); b.err != nil {
			return
		}
		b.bin = filepath.Join(b.dir, "scoring-server")
		b.out, b.err = exec.Command("go", "build", "-o", b.bin, ".").CombinedOutput()
	})
	if b.err != nil {
		t.Fatalf("go build: %v\n%s", b.err, b.out)
	}
	return b.bin
}
