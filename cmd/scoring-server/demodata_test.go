package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/demodata"
	"hailong/kiosk/scoring/sqlitestore"
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
	checkDemoResponseRate(t, db, base)
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

// checkDemoResponseRate: the demo manager's centre-day page of a day
// with ratings shows the invite-mode counter's response rate, the kiosk's
// used ÷ issued invitations of that day as stored, in Vietnamese and in
// English, and the other counters a dash.
func checkDemoResponseRate(t *testing.T, db, base string) {
	t.Helper()
	token, err := signIn(t, db, demodata.ManagerEmail, demodata.ManagerPassword)
	if err != nil {
		t.Fatal(err)
	}
	const date = "2026-11-27" // a Friday of the demo made to 2026-11-28 08:00
	st, err := sqlitestore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	day, _ := scoring.ParseDate(date)
	counts, err := st.InvitationCounts(context.Background(), scoring.InvitationQuery{CentreIDs: []string{demodata.InviteCentre}, From: day, To: day})
	st.Close()
	if err != nil || len(counts) == 0 {
		t.Fatalf("invitation counts of %s: %+v, %v", date, counts, err)
	}
	var total scoring.InvitationTotals
	for _, c := range counts {
		total.Add(c)
	}
	rate := fmt.Sprintf("%.1f", 100*float64(total.Used)/float64(total.Issued))
	for _, lang := range []struct{ lang, title, want string }{
		{"vi", "Tỷ lệ phản hồi", strings.Replace(rate, ".", ",", 1) + " %"},
		{"en", "Response rate", rate + "%"},
	} {
		req, _ := http.NewRequest("GET", base+"/day?centre="+demodata.InviteCentre+"&date="+date+"&lang="+lang.lang, nil)
		req.AddCookie(&http.Cookie{Name: "hl_session", Value: token})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body := html.UnescapeString(string(b))
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, lang.title) {
			t.Fatalf("centre day (%s): %d, no %q\n%s", lang.lang, resp.StatusCode, lang.title, body)
		}
		cell := func(counter string) string {
			i := strings.Index(body, `data-group="`+counter+`"`)
			if i < 0 {
				t.Fatalf("centre day (%s): no row of counter %s", lang.lang, counter)
			}
			row := body[i : i+strings.Index(body[i:], "</tr>")]
			j := strings.Index(row, `class="num response">`)
			if j < 0 {
				t.Fatalf("centre day (%s): counter %s has no response rate:\n%s", lang.lang, counter, row)
			}
			return row[j+len(`class="num response">`) : j+strings.Index(row[j:], "</td>")]
		}
		want := lang.want + `<br><small class="muted">n = ` + fmt.Sprint(total.Issued) + "</small>"
		if got := cell(demodata.InviteCounter); got != want {
			t.Errorf("centre day (%s): counter %s's response rate %q; want %q (%d of %d invitations)",
				lang.lang, demodata.InviteCounter, got, want, total.Used, total.Issued)
		}
		if got := cell("1"); got != "—" {
			t.Errorf("centre day (%s): counter 1, not in invite mode, shows %q", lang.lang, got)
		}
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
