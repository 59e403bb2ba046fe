package main

import (
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
	srv := startScoringServer(t)
	data := filepath.Join(srv.dir, "kiosk")
	srv.run("", kiosk, "enrol", "--server", srv.base, "--code", srv.code("1"), "--data-dir", data)
	srv.run("1111\n", kiosk, "sign-in", "--officer", "cb01", "--data-dir", data)
	_, wid := startKiosk(t, kiosk, data)

	xdotool(t, "key", "--window", wid, "1")
	local := waitResponses(t, data, 1)
	if len(local) != 1 {
		t.Fatalf("%d responses on the kiosk after pressing 1", len(local))
	}
	day := func(d int) string { return time.Now().UTC().AddDate(0, 0, d).Format("2006-01-02") }
	deadline := time.Now().Add(15 * time.Second)
	for {
		out := srv.run("", srv.bin, "export", "--db", srv.db, "--from", day(-1), "--to", day(1))
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
