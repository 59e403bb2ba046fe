package kioskapp

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/localdb"
	"hailong/kiosk/survey"
)

func runCmd(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	env := map[string]string{"HOME": t.TempDir()}
	err := Run(context.Background(), Build{AppID: "vn.hailong.kiosk.test", Version: "test"}, args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

// TestHashPIN: hash-pin hashes a technician or manager PIN of 6 to 12
// digits with argon2id, and an officer's PIN of 4 to 12 with --officer;
// anything else is refused, in Vietnamese and English, with exit status 2.
func TestHashPIN(t *testing.T) {
	for _, c := range []struct {
		stdin string
		args  []string
		pin   string
	}{
		{"482619\n", nil, "482619"},
		{"1717\n", []string{"--officer"}, "1717"},
		{"48261977\n", []string{"--officer"}, "48261977"},
	} {
		out, _, err := runCmd(t, c.stdin, append([]string{"hash-pin"}, c.args...)...)
		if err != nil {
			t.Fatalf("hash-pin %v: %v", c.args, err)
		}
		h := strings.TrimSpace(out)
		if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=1$") || !survey.CheckPIN(h, c.pin) || survey.CheckPIN(h, c.pin+"0") {
			t.Fatalf("hash %q of %q: want an argon2id hash that checks", h, c.pin)
		}
	}
	for _, c := range []struct {
		stdin string
		args  []string
		says  string
	}{
		{"4826\n", nil, "mã PIN kỹ thuật viên phải có từ 6 đến 12 chữ số (mã này có 4); hãy chọn mã khác / a technician PIN must have 6 to 12 digits"},
		{"48261\n", nil, "6 to 12 digits"},
		{"123456\n", nil, "too easy to guess"},
		{"12\n", []string{"--officer"}, "4 to 12 digits"},
		{"12ab\n", []string{"--officer"}, "digits 0–9 only"},
		{"\n", nil, "digits 0–9 only"},
		{"1234567890123\n", []string{"--officer"}, "(this one has 13)"},
	} {
		_, _, err := runCmd(t, c.stdin, append([]string{"hash-pin"}, c.args...)...)
		if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), c.says) {
			t.Errorf("PIN %q %v: err %v (exit %d), want a usage error saying %q", c.stdin, c.args, err, exitCode(err), c.says)
		}
	}
}

func TestBadConfigStopsWithFileAndLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("trigger = \"open\"\n[centre]\nid = 5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCmd(t, "", "--config", bad, "--data-dir", filepath.Join(dir, "data"))
	if err == nil || !strings.Contains(err.Error(), "bad.toml:3:6: centre.id") {
		t.Fatalf("err = %v, want it to name bad.toml:3:6 and the key", err)
	}
	if _, statErr := os.Stat(filepath.Join(dir, "data", "kiosk.db")); statErr == nil {
		t.Fatal("a database was created for a kiosk that refused to start")
	}
	_, _, err = runCmd(t, "", "--config", filepath.Join(dir, "missing.toml"))
	if err == nil || !strings.Contains(err.Error(), "missing.toml") {
		t.Fatalf("missing file: %v", err)
	}
}

func TestUsage(t *testing.T) {
	out, _, err := runCmd(t, "", "help")
	if err != nil || !strings.Contains(out, "kiosk export --from") || !strings.Contains(out, "hash-pin") {
		t.Fatalf("help: %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, "", "frobnicate"); exitCode(err) != 2 {
		t.Fatalf("unknown command: %v", err)
	}
	if _, _, err := runCmd(t, "", "export", "--from", "2025-13-01", "--to", "2025-12-01", "--out", "x.csv"); exitCode(err) != 2 {
		t.Fatalf("bad date: %v", err)
	}
}

func TestExportWritesCSVWithBOM(t *testing.T) {
	dir := t.TempDir()
	db, err := localdb.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	_, err = db.SaveResponse(context.Background(), survey.Response{CentreID: "qn-hcc", CounterID: "1", OfficerID: "cb01",
		Scale: "legal3", RawValue: 1, Level: survey.Dissatisfied, Reasons: []string{"wait", "rude"}, Outcome: survey.OutcomeSubmitted,
		Lang: "vi", CreatedAt: now.Format(survey.TimeLayout), AppVersion: "test", ConfigVersion: "t"})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	csvPath := filepath.Join(t.TempDir(), "out.csv")
	day := now.Format(time.DateOnly)
	out, _, err := runCmd(t, "", "export", "--data-dir", dir, "--from", day, "--to", day, "--out", csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "1 response written") {
		t.Fatalf("output %q", out)
	}
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) || !strings.Contains(string(b), `"[""wait"",""rude""]"`) {
		t.Fatalf("csv:\n%s", b)
	}
	// a day with no response gives a header-only file, not an error
	out, _, err = runCmd(t, "", "export", "--data-dir", dir, "--from", "2020-01-01", "--to", "2020-01-02", "--out", csvPath)
	if err != nil || !strings.HasPrefix(out, "0 responses") {
		t.Fatalf("empty range: %v %q", err, out)
	}
	if _, _, err := runCmd(t, "", "export", "--data-dir", t.TempDir(), "--from", day, "--to", day, "--out", csvPath); err == nil {
		t.Fatal("export from an empty data dir succeeded")
	}
	// a folder that does not exist is named, with what to do
	missing := filepath.Join(t.TempDir(), "usb", "bao-cao")
	_, _, err = runCmd(t, "", "export", "--data-dir", dir, "--from", day, "--to", day, "--out", filepath.Join(missing, "out.csv"))
	if err == nil || !strings.Contains(err.Error(), "Thư mục "+missing+" không tồn tại") || !strings.Contains(err.Error(), "folder "+missing+" does not exist") || strings.Contains(err.Error(), ".part") {
		t.Fatalf("export to a missing folder: %v", err)
	}
}

// TestCount: English nouns take their number.
func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 responses", 1: "1 response", 2: "2 responses"} {
		if got := count(n, "response", "responses"); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestHelpFlag(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"export", "-h"}, {"hash-pin", "--help"}} {
		if _, _, err := runCmd(t, "", args...); !errors.Is(err, errHelp) {
			t.Errorf("%v: %v, want errHelp", args, err)
		}
	}
}

func TestNoDisplayIsASentenceNotAPanic(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	_, _, err := runCmd(t, "", "--windowed", "--data-dir", data) // runCmd's environment has no DISPLAY
	if err == nil || !strings.Contains(err.Error(), "no display") || !strings.Contains(err.Error(), "kiosk doctor") {
		t.Fatalf("err = %v, want a sentence about the missing display", err)
	}
	if _, statErr := os.Stat(data); statErr == nil {
		t.Fatal("a data directory was created for a kiosk that could not show its window")
	}
}
