package main

import (
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
)

func TestTSVFieldEscapes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"0.1.0", "0.1.0"},
		{"Quầy số 3", "Quầy số 3"},
		{"a\tb", `a\tb`},
		{"a\nb\rc", `a\nb\rc`},
		{`back\slash`, `back\\slash`},
		{"nul\x00esc\x1bdel\x7f", `nul\x00esc\x1bdel\x7f`},
		{"nel\u0085ls\u2028ps\u2029", `nel\u0085ls\u2028ps\u2029`},
		{"bad\xffutf8", `bad\xffutf8`},
	} {
		if got := tsvField(c.in); got != c.want {
			t.Errorf("tsvField(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// A heartbeat's app_version with tabs and newlines must not add a row or
// a column to `kiosk list` (issue 9 item 6).
func TestKioskListCannotBeForged(t *testing.T) {
	forged := "0.1.0\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\nfake-kiosk\tqn\t9\t-\t0.1.0\t0\t-\t1\t1\t0\t-\t0\t+0\tno\t-"
	ks := []scoring.KioskStatus{{Kiosk: scoring.Kiosk{ID: "k1", CentreID: "qn", CounterID: "3"}, AppVersion: forged,
		LastError: "disk\r\nfull", HeartbeatAt: time.Now()}}
	var b strings.Builder
	if err := writeKioskTable(&b, ks, time.Minute); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want header and one kiosk:\n%s", len(lines), b.String())
	}
	if n, want := strings.Count(lines[1], "\t"), strings.Count(lines[0], "\t"); n != want {
		t.Fatalf("%d tabs in the row, %d in the header:\n%s", n, want, b.String())
	}
	if !strings.Contains(lines[1], `0.1.0\t-\t`) || !strings.Contains(lines[1], `\nfake-kiosk`) {
		t.Fatalf("app_version not shown escaped:\n%s", lines[1])
	}
}
