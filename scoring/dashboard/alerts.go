package dashboard

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hailong/kiosk/score"
	"hailong/kiosk/scoring"
)

// The Alerts page (issue 10 item 4): the alerts of the centres the user
// may see, and the forms that acknowledge (with a comment) and close them.
// The alerts themselves are opened by scoring.EvaluateAlerts.

// alertStates are the ?state= values: the default "active" (open and
// acknowledged), each state, and all.
var alertStates = []string{"active", scoring.AlertOpen, scoring.AlertAcknowledged, scoring.AlertClosed, "all"}

// maxAlertRows bounds the alerts one page lists.
const maxAlertRows = 200

// alertRow is one alert as the page shows it.
type alertRow struct {
	ID                  int64
	Kind, KindLabel     string
	CentreName, Subject string // Subject: "Quầy 3" or "Ki-ốt kiosk-… (quầy 3)"
	Since, SinceAt      string // relative, and the local time
	Detail              string
	State, StateLabel   string
	Cleared             string // local time the condition ended, "" while it holds
	AckedBy, AckedAt    string
	AckComment          string
	ClosedBy, ClosedAt  string
	Open, Acknowledged  bool
}

type alertTab struct {
	Label, URL string
	Current    bool
}

type alertsData struct {
	Rows    []alertRow
	Tabs    []alertTab
	State   string
	Done    string // "ack" or "close" after a transition, for the notice
	Updated string
	Max     int
}

// alerts is GET /alerts.
func (a *App) alerts(w http.ResponseWriter, r *http.Request) {
	u, _ := UserOf(r)
	l := LangOf(r)
	q := r.URL.Query()
	state := "active"
	if q.Has("state") {
		state = q.Get("state")
		if !slices.Contains(alertStates, state) {
			a.site.Error(w, r, paramErr("state", state,
				fmt.Sprintf("Trạng thái “%s” không có. Hãy chọn open, acknowledged, closed hoặc all.", clip(state)),
				fmt.Sprintf("There is no state “%s”. Choose open, acknowledged, closed or all.", clip(state))))
			return
		}
	}
	// The newest maxAlertRows: a page, not an archive (the audit trail
	// keeps every transition).
	f := scoring.AlertFilter{Limit: maxAlertRows}
	if u.Role != scoring.RoleAdmin {
		f.CentreID = u.CentreID
		if f.CentreID == "" {
			f.CentreID = "-" // a manager without a centre sees nothing
		}
	}
	// "active" is open and acknowledged, each asked for on its own so
	// that old open alerts are not crowded out by newer closed ones.
	queried := []string{state}
	switch state {
	case "all":
		queried = []string{""}
	case "active":
		queried = []string{scoring.AlertOpen, scoring.AlertAcknowledged}
	}
	var as []scoring.Alert
	for _, st := range queried {
		f.State = st
		part, err := a.store.Alerts(r.Context(), f)
		if err != nil {
			a.site.Error(w, r, err)
			return
		}
		as = append(as, part...)
	}
	slices.SortFunc(as, func(x, y scoring.Alert) int { return cmp.Compare(y.ID, x.ID) })
	centres, err := a.store.Centres(r.Context())
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	names := map[string]string{}
	for _, c := range centres {
		names[c.ID] = c.Name
	}
	now := a.now()
	d := alertsData{State: state, Updated: now.In(dashboardZone).Format("15:04"), Max: scoring.MaxAlertComment}
	if done := q.Get("done"); done == "ack" || done == "close" {
		d.Done = done
	}
	for _, s := range alertStates {
		d.Tabs = append(d.Tabs, alertTab{Label: l.T("alerts.state." + s), URL: "/alerts?state=" + s, Current: s == state})
	}
	for _, al := range as {
		if !mayShowCentre(u, al.CentreID) {
			continue
		}
		d.Rows = append(d.Rows, alertRowOf(l, al, names[al.CentreID], now))
	}
	a.site.Render(w, r, http.StatusOK, "alerts", Page{Title: l.T("nav.alerts"), Nav: "alerts", Refresh: 60,
		User: &User{Name: u.Name}, Data: d})
}

func alertRowOf(l Lang, al scoring.Alert, centreName string, now time.Time) alertRow {
	const stamp = "2006-01-02 15:04"
	row := alertRow{ID: al.ID, Kind: al.Kind, KindLabel: l.T("alerts.kind." + al.Kind), CentreName: centreName,
		Since: relative(l, now.Sub(al.OpenedAt)), SinceAt: al.OpenedAt.In(dashboardZone).Format(stamp),
		State: al.State, StateLabel: l.T("alerts.state." + al.State), AckedBy: actorName(l, al.AckedBy),
		AckComment: al.AckComment, ClosedBy: actorName(l, al.ClosedBy),
		Open: al.State == scoring.AlertOpen, Acknowledged: al.State == scoring.AlertAcknowledged}
	if row.CentreName == "" {
		row.CentreName = al.CentreID
	}
	d := al.Detail
	switch al.Kind {
	case scoring.AlertUnhappyCounter:
		row.Subject = l.T("day.counter", al.Subject)
		row.Detail = l.T("alerts.detail.unhappy", d.Dissatisfied, d.N, pctText(l, score.PercentOf(d.Dissatisfied, d.N)), int(scoring.UnhappyWindow.Minutes()))
	case scoring.AlertSilentKiosk:
		row.Subject = l.T("alerts.kiosk", al.Subject, d.Counter)
		row.Detail = l.T("alerts.detail.silent", d.LastSeen.In(dashboardZone).Format(stamp))
	default:
		row.Subject = l.T("alerts.kiosk", al.Subject, d.Counter)
		row.Detail = l.T("alerts.detail.chain", d.Missing, d.Breaks, d.VerifyProblems)
	}
	if !al.ClearedAt.IsZero() {
		row.Cleared = al.ClearedAt.In(dashboardZone).Format(stamp)
	}
	if !al.AckedAt.IsZero() {
		row.AckedAt = al.AckedAt.In(dashboardZone).Format(stamp)
	}
	if !al.ClosedAt.IsZero() {
		row.ClosedAt = al.ClosedAt.In(dashboardZone).Format(stamp)
	}
	return row
}

// actorName shows an actor of the audit trail as a person reads it: the
// email of a dashboard user, the evaluator as "the system".
func actorName(l Lang, actor string) string {
	if actor == scoring.SystemActor {
		return l.T("alerts.system")
	}
	return strings.TrimPrefix(actor, "web:")
}

// alertForUser reads the form's alert id and finds the alert, which must
// be of a centre the user may see (else ErrNotFound, as for no alert).
func (a *App) alertForUser(w http.ResponseWriter, r *http.Request) (scoring.Alert, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		return scoring.Alert{}, paramErr("form", "", "biểu mẫu không đọc được; hãy tải lại trang", "the form could not be read; reload the page")
	}
	s := r.PostForm.Get("alert")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return scoring.Alert{}, paramErr("alert", s,
			fmt.Sprintf("Mã cảnh báo “%s” không hợp lệ. Hãy mở lại trang Cảnh báo và chọn lại.", clip(s)),
			fmt.Sprintf("The alert number “%s” is not valid. Open the Alerts page again and choose it there.", clip(s)))
	}
	al, err := a.store.AlertByID(r.Context(), id)
	if errors.Is(err, scoring.ErrNotFound) {
		return al, ErrNotFound
	}
	if err != nil {
		return al, err
	}
	u, _ := UserOf(r)
	if !mayShowCentre(u, al.CentreID) {
		return scoring.Alert{}, ErrNotFound
	}
	return al, nil
}

// stateErr is the 400 answer to a transition the alert's state does not
// allow (acknowledged twice, in two tabs; closed before acknowledged).
func stateErr(al scoring.Alert) error {
	return paramErr("alert", strconv.FormatInt(al.ID, 10),
		"Cảnh báo này không còn ở trạng thái đó (có thể người khác vừa xử lý). Hãy tải lại trang Cảnh báo.",
		"This alert is no longer in that state (someone may have just handled it). Reload the Alerts page.")
}

// ackAlert is POST /alerts/ack: acknowledge an open alert with a comment.
func (a *App) ackAlert(w http.ResponseWriter, r *http.Request) {
	al, err := a.alertForUser(w, r)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	comment := strings.TrimSpace(r.PostForm.Get("comment"))
	switch {
	case comment == "":
		a.site.Error(w, r, paramErr("comment", "",
			"Hãy ghi một nhận xét trước khi xác nhận cảnh báo: đã làm gì, hoặc ai sẽ xử lý.",
			"Write a comment before acknowledging the alert: what was done, or who will handle it."))
		return
	case !utf8.ValidString(comment) || utf8.RuneCountInString(comment) > scoring.MaxAlertComment:
		a.site.Error(w, r, paramErr("comment", comment,
			fmt.Sprintf("Nhận xét dài quá %d ký tự. Hãy viết ngắn lại.", scoring.MaxAlertComment),
			fmt.Sprintf("The comment is longer than %d characters. Make it shorter.", scoring.MaxAlertComment)))
		return
	}
	u, _ := UserOf(r)
	if _, err := a.store.AckAlert(r.Context(), al.ID, "web:"+u.Email, comment, a.now()); err != nil {
		if errors.Is(err, scoring.ErrAlertState) {
			err = stateErr(al)
		}
		a.site.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/alerts?done=ack", http.StatusSeeOther)
}

// closeAlert is POST /alerts/close: close an acknowledged alert.
func (a *App) closeAlert(w http.ResponseWriter, r *http.Request) {
	al, err := a.alertForUser(w, r)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	u, _ := UserOf(r)
	if _, err := a.store.CloseAlert(r.Context(), al.ID, "web:"+u.Email, a.now()); err != nil {
		if errors.Is(err, scoring.ErrAlertState) {
			err = stateErr(al)
		}
		a.site.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/alerts?done=close", http.StatusSeeOther)
}

// openAlerts counts the open (not yet acknowledged) alerts of each
// centre, for the Today page.
func (a *App) openAlerts(ctx context.Context) (map[string]int, error) {
	as, err := a.store.Alerts(ctx, scoring.AlertFilter{State: scoring.AlertOpen})
	if err != nil {
		return nil, err
	}
	n := map[string]int{}
	for _, al := range as {
		n[al.CentreID]++
	}
	return n, nil
}
