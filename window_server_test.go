package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRealWindowRatingReachesTheServer is `make run` as a test: the real
// scoring server as its own process with the demo centre, the real kiosk
// binary enrolled to it by `kiosk enrol` and `kiosk sign-in`, a key press
// in the kiosk's window, and the rating in the server's export, with the
// id the kiosk gave it.
func TestRealWindowRatingReachesTheServer(t *testing.T) {
	needDisplay(t)
	kiosk := buildKiosk(t)
	dir := t.TempDir()
	server := filepath.Join(dir, "scoring-server")
	if out, err := exec.Command("go", "build", "-tags", fyneTags, "-o", server, "./cmd/scoring-server").CombinedOutput(); err != nil {
		t.Fatalf("go build scoring-server: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "scoring.db")
	run := func(stdin, bin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Stdin = strings.NewReader(stdin)
		cmd.Env = append(os.Environ(), "HOME="+dir, "LANG=C.UTF-8", "LANGUAGE=vi")
		out, err := cmd.Output()
		if err != nil {
			stderr := ""
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			t.Fatalf("%s %v: %v\n%s%s", filepath.Base(bin), args, err, out, stderr)
		}
		return strings.TrimSpace(string(out))
	}
	run("", server, "centre", "add", "--db", db, "--id", "qn-hcc", "--name", "Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh", "--technician-pin", "909090")
	run("", server, "officer", "add", "--db", db, "--centre", "qn-hcc", "--id", "cb01", "--name", "Nguyễn Thị Lan", "--pin", "1111")

	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	srv := exec.Command(server, "serve", "--db", db, "--addr", addr)
	srv.Env = append(os.Environ(), "HOME="+dir)
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Process.Kill(); srv.Wait() })
	base := "http://" + addr
	for i := 0; ; i++ {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		if i == 100 {
			t.Fatal("the scoring server did not answer /healthz within 10 s")
		}
		time.Sleep(100 * time.Millisecond)
	}

	data := filepath.Join(dir, "kiosk")
	code := codeRE.FindString(run("", server, "enrol-code", "--db", db, "--centre", "qn-hcc", "--counter", "1"))
	if code == "" {
		t.Fatal("no code in enrol-code's output")
	}
	run("", kiosk, "enrol", "--server", base, "--code", code, "--data-dir", data)
	run("1111\n", kiosk, "sign-in", "--officer", "cb01", "--data-dir", data)
	_, wid := startKiosk(t, kiosk, data)

	xdotool(t, "key", "--window", wid, "1")
	local := waitResponses(t, data, 1)
	if len(local) != 1 {
		t.Fatalf("%d responses on the kiosk after pressing 1", len(local))
	}
	day := func(d int) string { return time.Now().UTC().AddDate(0, 0, d).Format("2006-01-02") }
	deadline := time.Now().Add(15 * time.Second)
	for {
		out := run("", server, "export", "--db", db, "--from", day(-1), "--to", day(1))
		if strings.Contains(out, local[0].ID) {
			if rows := strings.Count(out, "\n"); rows != 1 { // the header and one response
				t.Fatalf("the server's export has %d rows after one rating:\n%s", rows, out)
			}
			if !strings.Contains(out, local[0].Hash) || !strings.Contains(out, "cb01") {
				t.Fatalf("the server holds the rating differently:\n%s", out)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("rating %s not on the server 15 s after the key press; export:\n%s", local[0].ID, out)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
