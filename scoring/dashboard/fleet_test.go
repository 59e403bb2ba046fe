package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hailong/kiosk/scoring"
)

const adminEmail = "admin@quangninh.gov.vn"

var adminUser = sync.OnceValues(func() (scoring.User, error) {
	return scoring.NewUser(adminEmail, "Quản Trị Tỉnh", "admin", "", testPassword, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
})

// fleetRig is the sign-in rig with a second centre (hn), a kiosk at each,
// and the manager of qn and an administrator.
func fleetRig(t *testing.T) *signInRig {
	t.Helper()
	rg := newSignInRig(t, filepath.Join(t.TempDir(), "s.db"))
	rg.addManager(t)
	ctx := context.Background()
	hn, err := scoring.NewCentre("hn", "Bộ phận Một cửa phường Hồng Gai", "legal3", "909090", "", rg.now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rg.store.SaveCentre(ctx, hn); err != nil {
		t.Fatal(err)
	}
	admin, err := adminUser()
	if err != nil {
		t.Fatal(err)
	}
	if err := rg.store.CreateUser(ctx, admin); err != nil {
		t.Fatal(err)
	}
	enrol := func(centre, counter, kiosk string, at time.Time) {
		code, err := scoring.IssueEnrolCode(ctx, rg.store, centre, counter, at, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rg.store.Enrol(ctx, scoring.Enrolment{CodeHash: scoring.HashSecret(scoring.NormaliseEnrolCode(code)),
			KioskID: kiosk, TokenHash: scoring.HashSecret(kiosk + "-token"), At: at}); err != nil {
			t.Fatal(err)
		}
	}
	// rg.now is Friday 4 Dec 2026 15:00 in Vietnam.
	enrol("qn", "1", "qn-k1", rg.now.Add(-48*time.Hour))
	enrol("qn", "2", "qn-k2", rg.now.Add(-48*time.Hour))
	enrol("hn", "1", "hn-k1", rg.now.Add(-48*time.Hour))
	beat := func(kiosk string, at time.Time) {
		if err := rg.store.RecordHeartbeat(ctx, scoring.HeartbeatRecord{KioskID: kiosk, AppVersion: "0.3.0", KioskClock: at, ReceivedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	beat("qn-k1", rg.now.Add(-10*time.Minute)) // alive
	beat("qn-k2", rg.now.Add(-3*time.Hour))    // silent: three opening hours
	beat("hn-k1", rg.now.Add(-5*time.Minute))
	return rg
}

func (rg *signInRig) signIn(t *testing.T, email string) {
	t.Helper()
	if resp, body := rg.post(t, "/signin", signInForm(email, testPassword, "/"), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s: %d\n%s", email, resp.StatusCode, body)
	}
}

func TestFleetShowsOnlyTheManagersCentre(t *testing.T) {
	rg := fleetRig(t)
	rg.signIn(t, testEmail)
	resp, body := rg.get(t, "/fleet")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("fleet: %d\n%s", resp.StatusCode, body)
	}
	for _, want := range []string{`data-kiosk="qn-k1"`, `data-kiosk="qn-k2"`, "Im lặng", "1 ki-ốt im lặng", "Trung tâm Phục vụ hành chính công"} {
		if !strings.Contains(body, want) {
			t.Errorf("the manager's fleet lacks %q", want)
		}
	}
	for _, not := range []string{"hn-k1", "Hồng Gai", "/fleet/revoke"} {
		if strings.Contains(body, not) {
			t.Errorf("the manager's fleet shows %q", not)
		}
	}
	// The silent kiosk comes first.
	if strings.Index(body, `data-kiosk="qn-k2"`) > strings.Index(body, `data-kiosk="qn-k1"`) {
		t.Error("the silent kiosk is not listed first")
	}
	// Another centre's page answers as a centre or kiosk that does not
	// exist does: the same 404, but for the id the user typed (in the
	// language links).
	for _, c := range []struct{ path, unknown string }{
		{"/fleet?centre=hn", "/fleet?centre=xx"},
		{"/fleet/revoke?kiosk=hn-k1", "/fleet/revoke?kiosk=xx-k1"},
		{"/fleet/revoke?kiosk=qn-k1", "/fleet/revoke?kiosk=xx-k1"},
	} {
		resp, body := rg.get(t, c.path)
		_, none := rg.get(t, c.unknown)
		id := c.path[strings.Index(c.path, "=")+1:]
		if resp.StatusCode != http.StatusNotFound || strings.ReplaceAll(body, id, "xx"+id[2:]) != none || strings.Contains(body, "Hồng Gai") {
			t.Errorf("%s: %d, want the 404 of %s", c.path, resp.StatusCode, c.unknown)
		}
	}
	if resp, _ := rg.post(t, "/fleet/revoke", url.Values{"kiosk": {"qn-k1"}}, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a manager's revoke: %d, want 404", resp.StatusCode)
	}
	if _, err := rg.store.KioskByToken(context.Background(), scoring.HashSecret("qn-k1-token")); err != nil {
		t.Errorf("the kiosk was revoked by a manager: %v", err)
	}
	if resp, body := rg.get(t, "/fleet?centre=%3Cscript%3E"); resp.StatusCode != http.StatusBadRequest || strings.Contains(body, "<script>") {
		t.Errorf("a garbage centre: %d", resp.StatusCode)
	}
}

func TestAdministratorRevokesAfterConfirmation(t *testing.T) {
	rg := fleetRig(t)
	rg.signIn(t, adminEmail)
	_, body := rg.get(t, "/fleet")
	for _, want := range []string{`data-kiosk="qn-k1"`, `data-kiosk="hn-k1"`, `href="/fleet/revoke?kiosk=hn-k1"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the administrator's fleet lacks %q", want)
		}
	}
	resp, body := rg.get(t, "/fleet/revoke?kiosk=hn-k1")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "revoke-confirm") || !strings.Contains(body, "sẽ không gửi được đánh giá") {
		t.Fatalf("confirmation: %d\n%s", resp.StatusCode, body)
	}
	if _, err := rg.store.KioskByToken(context.Background(), scoring.HashSecret("hn-k1-token")); err != nil {
		t.Fatalf("the confirmation page revoked already: %v", err)
	}
	resp, _ = rg.post(t, "/fleet/revoke", url.Values{"kiosk": {"hn-k1"}}, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/fleet?revoked=hn-k1" {
		t.Fatalf("revoke: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, err := rg.store.KioskByToken(context.Background(), scoring.HashSecret("hn-k1-token")); err == nil {
		t.Fatal("the kiosk still has its token")
	}
	trail, err := rg.store.AuditTrail(context.Background(), scoring.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range trail {
		if e.Action == scoring.ActKioskRevoke && e.Actor == "web:"+adminEmail {
			found = true
		}
	}
	if !found {
		t.Errorf("no revocation by web:%s in the audit trail", adminEmail)
	}
	// A cross-site form cannot revoke.
	resp, _ = rg.post(t, "/fleet/revoke", url.Values{"kiosk": {"qn-k1"}}, map[string]string{"Sec-Fetch-Site": "cross-site"})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site revoke: %d", resp.StatusCode)
	}
}

// TestFleetUsesCentreHours: a kiosk's silence counts in its own centre's
// opening hours. qn opens only in the mornings: its kiosk last heard of at
// 11:00 is not silent at 15:00 (half an hour of opening time), whereas
// under the default hours it is (four hours), as the alert evaluator says
// too. The Today page counts it the same way.
func TestFleetUsesCentreHours(t *testing.T) {
	for _, c := range []struct {
		hours  string // "" keeps the default
		silent bool
	}{{"mon-fri 07:30-11:30", false}, {"", true}} {
		rg := fleetRig(t)
		ctx := context.Background()
		// rg.now is Friday 15:00 in Vietnam: qn-k2 was last heard of at 11:00.
		if err := rg.store.RecordHeartbeat(ctx, scoring.HeartbeatRecord{KioskID: "qn-k2", AppVersion: "0.3.0",
			KioskClock: rg.now.Add(-4 * time.Hour), ReceivedAt: rg.now.Add(-4 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if c.hours != "" {
			qn, _, err := rg.store.Roster(ctx, "qn")
			if err != nil {
				t.Fatal(err)
			}
			if qn.Hours, err = scoring.ParseOpeningHours(c.hours); err != nil {
				t.Fatal(err)
			}
			if _, err := rg.store.SaveCentre(ctx, qn); err != nil {
				t.Fatal(err)
			}
		}
		rg.signIn(t, testEmail)
		_, body := rg.get(t, "/fleet")
		if got := strings.Contains(body, "1 ki-ốt im lặng"); got != c.silent {
			t.Errorf("hours %q: the Fleet page says silent %v, want %v", c.hours, got, c.silent)
		}
		// The evaluator agrees.
		if _, err := scoring.EvaluateAlerts(ctx, rg.store, rg.now); err != nil {
			t.Fatal(err)
		}
		as, err := rg.store.Alerts(ctx, scoring.AlertFilter{CentreID: "qn"})
		if err != nil {
			t.Fatal(err)
		}
		alerted := false
		for _, a := range as {
			alerted = alerted || (a.Kind == scoring.AlertSilentKiosk && a.Subject == "qn-k2")
		}
		if alerted != c.silent {
			t.Errorf("hours %q: a silent-kiosk alert %v, want %v", c.hours, alerted, c.silent)
		}
		_, home := rg.get(t, "/")
		if got := strings.Contains(home, `<span class="bad-text">1</span>`); got != c.silent {
			t.Errorf("hours %q: Today counts a silent kiosk %v, want %v", c.hours, got, c.silent)
		}
	}
}
