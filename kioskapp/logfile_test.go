package kioskapp

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestLogFileAppendsThenMovesAside: the log file keeps what earlier starts
// wrote, and a start that finds it past its limit moves it to kiosk.log.1
// (replacing the older one) and begins a new one.
func TestLogFileAppendsThenMovesAside(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data") // made when missing
	write := func(s string) {
		t.Helper()
		f, err := openLogFile(dir)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString(s); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	read := func(name string) string {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		return string(b)
	}
	write("first start\n")
	write("second start\n")
	if got := read(logFileName); got != "first start\nsecond start\n" {
		t.Fatalf("after two starts: %q", got)
	}
	big := bytes.Repeat([]byte("x"), logFileMax+1)
	if err := os.WriteFile(filepath.Join(dir, logFileName), big, 0o600); err != nil {
		t.Fatal(err)
	}
	write("after the limit\n")
	if got := read(logFileName); got != "after the limit\n" {
		t.Fatalf("the new log: %q", got)
	}
	if got := read(logFileName + ".1"); len(got) != len(big) {
		t.Fatalf("the old log moved aside: %d bytes, want %d", len(got), len(big))
	}
}
