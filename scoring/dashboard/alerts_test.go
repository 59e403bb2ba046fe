package dashboard

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hailong/kiosk/scoring"
)

// alertsRig is the fleet rig after an evaluation at its now (qn-k2 is
// silent: an alert of qn), with an unhappy-counter alert of hn beside it.
func alertsRig(t *testing.T) (rg *signInRig, qn, hn scoring.Alert) {
	t.Helper()
	rg = fleetRig(t)
	ctx := context.Background()
	pass, err := scoring.EvaluateAlerts(ctx, rg.store, rg.now)
	if err != nil {
		t.Fatal(err)
	}
	if len(pass.Opened) != 1 || pass.Opened[0].Subject != "qn-k2" || pass.Opened[0].Kind != scoring.AlertSilentKiosk {
		t.Fatalf("the evaluation opened %+v; want the silent qn-k2", pass.Opened)
	}
	hn, _, err = rg.store.OpenAlert(scoring.WithActor(ctx, scoring.SystemActor), scoring.Alert{CentreID: "hn",
		Kind: scoring.AlertUnhappyCounter, Subject: "1", OpenedAt: rg.now, Detail: scoring.AlertDetail{N: 4, Dissatisfied: 3, Percent: 75}})
	if err != nil {
		t.Fatal(err)
	}
	return rg, pass.Opened[0], hn
}

func alertState(t *testing.T, rg *signInRig, id int64) scoring.Alert {
	t.Helper()
	a, err := rg.store.AlertByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func idForm(id int64, comment string) url.Values {
	return url.Values{"alert": {fmt.Sprint(id)}, "comment": {comment}}
}

// TestAlertsAckAndCloseAsManager: a manager sees their centre's alerts
// only, acknowledges one with a comment (an empty or too long one is a
// 400 page in their language), closes it; another centre's alert is a
// 404; each step is in the audit trail with who.
func TestAlertsAckAndCloseAsManager(t *testing.T) {
	rg, qn, hn := alertsRig(t)
	rg.signIn(t, testEmail)
	resp, body := rg.get(t, "/alerts")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("alerts: %d\n%s", resp.StatusCode, body)
	}
	for _, want := range []string{fmt.Sprintf(`data-alert="%d"`, qn.ID), "Ki-ốt im lặng", "ki-ốt qn-k2 (quầy 2)",
		`href="/alerts"`, `action="/alerts/ack"`, "Trung tâm Phục vụ hành chính công"} {
		if !strings.Contains(body, want) {
			t.Errorf("the manager's alerts lack %q", want)
		}
	}
	for _, not := range []string{fmt.Sprintf(`data-alert="%d"`, hn.ID), "Hồng Gai"} {
		if strings.Contains(body, not) {
			t.Errorf("the manager's alerts show %q", not)
		}
	}
	if resp, _ := rg.get(t, "/alerts?state=bogus"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad state: %d, want 400", resp.StatusCode)
	}

	// Another centre's alert answers as an alert that does not exist.
	for _, path := range []string{"/alerts/ack", "/alerts/close"} {
		resp, body := rg.post(t, path, idForm(hn.ID, "xem"), nil)
		_, none := rg.post(t, path, idForm(99999, "xem"), nil)
		if resp.StatusCode != http.StatusNotFound || body != none {
			t.Errorf("%s of another centre's alert: %d, want the 404 of no alert", path, resp.StatusCode)
		}
	}
	if a := alertState(t, rg, hn.ID); a.State != scoring.AlertOpen {
		t.Fatalf("another centre's alert became %s", a.State)
	}
	for _, bad := range []url.Values{{"alert": {"x"}, "comment": {"ok"}}, {"alert": {"-3"}, "comment": {"ok"}}, {"comment": {"ok"}}} {
		if resp, _ := rg.post(t, "/alerts/ack", bad, nil); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("ack %v: %d, want 400", bad, resp.StatusCode)
		}
	}

	// A comment is required, and bounded; the page says so in the
	// user's language.
	resp, body = rg.post(t, "/alerts/ack", idForm(qn.ID, "  \n "), nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Hãy ghi một nhận xét") {
		t.Errorf("an empty comment: %d\n%s", resp.StatusCode, body)
	}
	resp, body = rg.post(t, "/alerts/ack?lang=en", idForm(qn.ID, ""), nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Write a comment") {
		t.Errorf("an empty comment in English: %d\n%s", resp.StatusCode, body)
	}
	rg.get(t, "/alerts?lang=vi")
	if resp, _ := rg.post(t, "/alerts/ack", idForm(qn.ID, strings.Repeat("ạ", 501)), nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a 501-character comment: %d, want 400", resp.StatusCode)
	}
	if resp, _ := rg.post(t, "/alerts/close", idForm(qn.ID, ""), nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("closing an open alert: %d, want 400", resp.StatusCode)
	}
	if a := alertState(t, rg, qn.ID); a.State != scoring.AlertOpen {
		t.Fatalf("refused requests changed the alert: %+v", a)
	}
	// A cross-site form cannot acknowledge.
	if resp, _ := rg.post(t, "/alerts/ack", idForm(qn.ID, "ok"), map[string]string{"Sec-Fetch-Site": "cross-site"}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site ack: %d, want 403", resp.StatusCode)
	}

	comment := strings.Repeat("ệ", 479) + " Đã gọi kỹ thuật viên"
	resp, _ = rg.post(t, "/alerts/ack", idForm(qn.ID, comment), nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/alerts?done=ack" {
		t.Fatalf("ack: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	a := alertState(t, rg, qn.ID)
	if a.State != scoring.AlertAcknowledged || a.AckedBy != "web:"+testEmail || a.AckComment != comment || !a.AckedAt.Equal(rg.now) {
		t.Fatalf("after ack: %+v", a)
	}
	if resp, _ := rg.post(t, "/alerts/ack", idForm(qn.ID, "lần nữa"), nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a second ack: %d, want 400", resp.StatusCode)
	}
	_, body = rg.get(t, "/alerts")
	for _, want := range []string{"Đã gọi kỹ thuật viên", "Đã xác nhận bởi " + testEmail, `action="/alerts/close"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the acknowledged alert lacks %q", want)
		}
	}

	resp, _ = rg.post(t, "/alerts/close", idForm(qn.ID, ""), nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", resp.StatusCode)
	}
	if a = alertState(t, rg, qn.ID); a.State != scoring.AlertClosed || a.ClosedBy != "web:"+testEmail {
		t.Fatalf("after close: %+v", a)
	}
	if _, body = rg.get(t, "/alerts"); strings.Contains(body, fmt.Sprintf(`data-alert="%d"`, qn.ID)) {
		t.Error("a closed alert is still among those to handle")
	}
	if _, body = rg.get(t, "/alerts?state=closed"); !strings.Contains(body, fmt.Sprintf(`data-alert="%d"`, qn.ID)) ||
		!strings.Contains(body, "Đã đóng bởi "+testEmail) {
		t.Error("the closed alert is not under Closed")
	}

	trail, err := rg.store.AuditTrail(context.Background(), scoring.AuditFilter{Subject: scoring.SubjectAlert(qn.ID)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range trail {
		got = append(got, e.Actor+" "+e.Action)
	}
	want := []string{"system alert.open", "web:" + testEmail + " alert.ack", "web:" + testEmail + " alert.close"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("audit trail %q, want %q", got, want)
	}
	if len(trail) == 3 && !strings.Contains(trail[1].Detail, "Đã gọi kỹ thuật viên") {
		t.Errorf("the acknowledgement's audit lacks its comment: %s", trail[1].Detail)
	}
}

// TestAlertsAdministratorSeesEveryCentre: an administrator sees and may
// acknowledge every centre's alerts, in English on request.
func TestAlertsAdministratorSeesEveryCentre(t *testing.T) {
	rg, qn, hn := alertsRig(t)
	rg.signIn(t, adminEmail)
	_, body := rg.get(t, "/alerts?lang=en")
	for _, want := range []string{fmt.Sprintf(`data-alert="%d"`, qn.ID), fmt.Sprintf(`data-alert="%d"`, hn.ID),
		"Silent kiosk", "Counter with many Dissatisfied ratings", "3 of 4 ratings Dissatisfied (75.0%) within 15 minutes", "Hồng Gai"} {
		if !strings.Contains(body, want) {
			t.Errorf("the administrator's alerts lack %q", want)
		}
	}
	if resp, _ := rg.post(t, "/alerts/ack", idForm(hn.ID, "checked"), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ack: %d", resp.StatusCode)
	}
	if a := alertState(t, rg, hn.ID); a.State != scoring.AlertAcknowledged || a.AckedBy != "web:"+adminEmail {
		t.Fatalf("after ack: %+v", a)
	}
	// The condition ended: the evaluator closes it, and the page says
	// who in words, and no longer that it waits.
	sys := scoring.WithActor(context.Background(), scoring.SystemActor)
	if err := rg.store.ClearAlert(sys, hn.ID, rg.now); err != nil {
		t.Fatal(err)
	}
	if _, err := rg.store.CloseAlert(sys, hn.ID, scoring.SystemActor, rg.now); err != nil {
		t.Fatal(err)
	}
	_, body = rg.get(t, "/alerts?state=closed&lang=vi")
	if !strings.Contains(body, "Đã đóng bởi hệ thống") || !strings.Contains(body, "Tình trạng đã hết lúc") || strings.Contains(body, "vẫn chờ xác nhận") {
		t.Errorf("the alert closed by the system reads wrong:\n%s", body)
	}
}

// TestTodayCountsOpenAlerts: the Today page shows each centre's open
// alerts, linking to them, and the province's total for an administrator.
func TestTodayCountsOpenAlerts(t *testing.T) {
	rg, _, _ := alertsRig(t)
	rg.signIn(t, adminEmail)
	_, body := rg.get(t, "/")
	for _, want := range []string{"Cảnh báo chưa xác nhận", `data-alerts="1"><a class="bad-text" href="/alerts?state=open">1</a>`,
		`data-alerts="2"`} {
		if !strings.Contains(body, want) {
			t.Errorf("Today lacks %q", want)
		}
	}
	rg.signIn(t, testEmail)
	if _, body = rg.get(t, "/"); strings.Count(body, `data-alerts="1"`) != 1 || strings.Contains(body, `data-alerts="2"`) {
		t.Error("the manager's Today does not show their one open alert alone")
	}
}
