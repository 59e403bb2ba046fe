package main

import (
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"hailong/kiosk/scoring/demodata"
)

// demoNow is the end of the test demo data.
const demoNow = "2026-11-27T09:40:00+07:00"

var responsesRe = regexp.MustCompile(`(\d+) responses over (\d+) days`)

// TestDemoData: demo-data seeds a new file that verify finds intact and
// whose users can be listed; run again it makes the demo anew (the same
// responses, the users once); --if-stale keeps it the same day and makes
// it again the next; a database with real
// data is refused with exit status 4 and left alone; serve shows the demo
// banner on a demo database and not on another.
func TestDemoData(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	out := mustCLI(t, db, "demo-data", "--days", "5", "--seed", "3", "--now", demoNow)
	m := responsesRe.FindStringSubmatch(out)
	if m == nil || m[2] != "5" || !strings.Contains(out, demodata.AdminEmail) || !strings.Contains(out, demodata.ManagerPassword) {
		t.Fatalf("demo-data printed:\n%s", out)
	}
	if _, errOut, err := cli(t, db, "verify"); err != nil || !strings.Contains(errOut, "13 kiosks") {
		t.Fatalf("verify: %v\n%s", err, errOut)
	}

	again := mustCLI(t, db, "demo-data", "--days", "5", "--seed", "3", "--now", demoNow)
	if m2 := responsesRe.FindStringSubmatch(again); m2 == nil || m2[1] != m[1] {
		t.Fatalf("made again:\n%s\nfirst:\n%s", again, out)
	}
	users := mustCLI(t, db, "user", "list")
	if n := strings.Count(users, "@demo.hailong.vn"); n != 2 {
		t.Fatalf("%d demo users after making the demo again:\n%s", n, users)
	}
	kept := mustCLI(t, db, "demo-data", "--if-stale", "--seed", "9", "--now", "2026-11-27T17:00:00+07:00")
	if !strings.Contains(kept, "Kept the demo data") || !strings.Contains(kept, "seed 3") {
		t.Fatalf("--if-stale the same day printed:\n%s", kept)
	}
	if next := mustCLI(t, db, "demo-data", "--if-stale", "--days", "5", "--now", "2026-11-28T08:00:00+07:00"); !strings.Contains(next, "Demo data written") {
		t.Fatalf("--if-stale the next day printed:\n%s", next)
	}

	base, stop := serve(t, db)
	if body := get(t, base+"/"); !strings.Contains(body, "Dữ liệu minh hoạ") {
		t.Errorf("the dashboard of a demo database shows no demo banner:\n%s", body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	real := filepath.Join(t.TempDir(), "real.db")
	mustCLI(t, real, "centre", "add", "--id", "qn", "--name", "Trung tâm thật", "--technician-pin", "909090")
	_, _, err := cli(t, real, "demo-data", "--days", "2", "--now", demoNow)
	if err == nil || exitCode(err) != 4 || !strings.Contains(err.Error(), "không phải dữ liệu minh hoạ") {
		t.Fatalf("demo-data on a real database: %v (exit %d)", err, exitCode(err))
	}
	if list := mustCLI(t, real, "kiosk", "list"); strings.Count(list, "\n") != 1 {
		t.Fatalf("the refused demo-data enrolled kiosks:\n%s", list)
	}
	base, stop = serve(t, real)
	if body := get(t, base+"/"); strings.Contains(body, "Dữ liệu minh hoạ") {
		t.Errorf("the dashboard of a real database shows the demo banner")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// get fetches url (following redirects, to the sign-in page) and returns
// the body of a 200.
func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v\n%s", url, resp.StatusCode, err, b)
	}
	return string(b)
}
