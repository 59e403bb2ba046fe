package e2e

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/dashboard"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/survey"
)

// TestResponseRateReachesTheCentreDayPage: a kiosk in invite mode issues
// 10 invitations, 7 of which a citizen rates and 3 expire; its uploader
// sends the ratings and its heartbeat the counts, twice; the manager's
// centre-day page on the same server then shows the officer's response
// rate as 70,0 % with n = 10, not 20.
func TestResponseRateReachesTheCentreDayPage(t *testing.T) {
	ctx := context.Background()
	srv := startServerWithDashboard(t)
	k := newKiosk(t)
	res, err := k.enrol(t, srv.URL, srv.code(t), "")
	if err != nil {
		t.Fatal(err)
	}
	officer := k.cfg.Officers[0].ID
	// The kiosk stands in the centre: its local day is the centre's.
	vn, err := scoring.LoadZone(scoring.DefaultTimeZone)
	if err != nil {
		t.Fatal(err)
	}
	today := scoring.DateOf(time.Now(), vn)
	start := time.Now().In(vn).Add(-20 * time.Minute)
	if midnight := today.Start(vn); start.Before(midnight) { // all on today, even just after midnight
		start = midnight
	}
	for i := range 10 {
		at := start.Add(time.Duration(i) * time.Minute)
		inv := survey.Invitation{ID: fmt.Sprintf("inv-%02d", i), Source: "hotkey", OfficerID: officer, CreatedAt: at, ExpiresAt: at.Add(time.Minute)}
		if err := k.db.RecordInvitation(ctx, inv); err != nil {
			t.Fatal(err)
		}
		if i%10 >= 7 { // 3 of 10 run out unanswered
			if err := k.db.CloseInvitation(ctx, inv.ID, survey.InvitationExpired, "", at.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			continue
		}
		raw := k.cfg.Scale.Choices[0].Raw
		level, err := k.cfg.Scale.Level(raw)
		if err != nil {
			t.Fatal(err)
		}
		r := survey.Response{CentreID: k.cfg.CentreID, CounterID: k.cfg.CounterID, OfficerID: officer, Scale: k.cfg.Scale.Name,
			RawValue: raw, Level: level, Outcome: survey.OutcomeSubmitted, InvitationID: inv.ID, Lang: "vi",
			CreatedAt: at.Add(10 * time.Second).Format(survey.TimeLayout), DurationMS: 4000, AppVersion: "e2e", ConfigVersion: k.cfg.Version}
		if k.cfg.NeedsReasons(level) {
			r.Reasons = []string{k.cfg.Reasons[0].Code}
		}
		saved, err := k.db.SaveResponse(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if err := k.db.CloseInvitation(ctx, inv.ID, survey.InvitationUsed, saved.ID, at.Add(10*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	u := k.run(t, srv.URL, res.Token, "")
	k.waitDrained(t, 10*time.Second)
	for range 2 { // a heartbeat repeated counts nothing twice
		hb, _, err := u.Heartbeat(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(hb.InvitationsIgnored) > 0 {
			t.Fatalf("the server ignored counts: %+v", hb.InvitationsIgnored)
		}
	}

	client := srv.signIn(t)
	page := srv.get(t, client, "/day?centre="+centreID+"&date="+today.String())
	officers := page[strings.Index(page, `id="officers-title"`):]
	i := strings.Index(officers, `data-group="`+officer+`"`)
	if i < 0 {
		t.Fatalf("no row for officer %s on the centre-day page", officer)
	}
	row := officers[i : i+strings.Index(officers[i:], "</tr>")]
	if want := `<td class="num response">70,0 %<br><small class="muted">n = 10</small></td>`; !strings.Contains(row, want) {
		t.Errorf("officer row\n%s\nlacks %s", row, want)
	}
	if !strings.Contains(row, `<td class="num">7</td>`) {
		t.Errorf("officer row\n%s\ndoes not count the 7 ratings", row)
	}
}

// dashServer is the scoring server with the kiosk API and the dashboard
// on one mux, as serve mounts them, and an administrator.
type dashServer struct {
	server
}

const (
	adminEmail    = "admin@e2e.example"
	adminPassword = "mật-khẩu-quản-trị"
)

func startServerWithDashboard(t *testing.T) *dashServer {
	t.Helper()
	st := rosterStore(t)
	admin, err := scoring.NewUser(adminEmail, "Quản trị", "admin", "", adminPassword, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateUser(context.Background(), admin); err != nil {
		t.Fatal(err)
	}
	dash, err := dashboard.NewApp(st, dashboard.AppOptions{Site: dashboard.Options{Logger: slog.New(slog.DiscardHandler)}})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	kioskapi.Mount(mux, kioskHandler(st))
	mux.Handle("/", dash.Handler())
	return &dashServer{*serve(t, st, mux, nil)}
}

// signIn signs the administrator in and returns a client with the session.
func (s *dashServer) signIn(t *testing.T) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(s.URL+"/signin", url.Values{"email": {adminEmail}, "password": {adminPassword}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", resp.StatusCode)
	}
	return c
}

// get returns a dashboard page's text, HTML entities resolved.
func (s *dashServer) get(t *testing.T, c *http.Client, path string) string {
	t.Helper()
	resp, err := c.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v\n%s", path, resp.StatusCode, err, b)
	}
	return html.UnescapeString(string(b))
}
