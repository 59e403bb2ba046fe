package dashboard

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"hailong/kiosk/scoring"
)

// fleetRow is one kiosk as the Fleet page shows it.
type fleetRow struct {
	ID, CentreID, CentreName, Counter string
	LastSeen, LastSeenAt              string // relative, and the local time for its title
	Silent, Revoked, Skewed           bool
	AppVersion                        string
	Pending                           int
	OldestPending                     string
	LastSeq, Missing                  int64
	Gaps                              int
	Breaks, VerifyProblems            int
	Skew                              string
	Failing                           []checkView // self-checks that fail (fleetchecks.go)
	ChecksAt                          string      // when the kiosk reported them, local time
}

// Trouble reports whether the row needs a look: silent, behind on its
// chain, with a wrong clock, or failing a self-check.
func (r fleetRow) Trouble() bool {
	return !r.Revoked && (r.Silent || r.Missing > 0 || r.Breaks > 0 || r.VerifyProblems > 0 || r.Skewed || len(r.Failing) > 0)
}

type fleetData struct {
	Rows     []fleetRow
	Admin    bool
	Centre   string // the centre filter, "" for every centre the user may see
	Silent   int
	Revoked  string // the kiosk just revoked, for the notice
	Updated  string
	Timezone string
}

// fleet is the Fleet page: every kiosk the user may see, with its health.
func (a *App) fleet(w http.ResponseWriter, r *http.Request) {
	u, _ := UserOf(r)
	l := LangOf(r)
	q := r.URL.Query()
	centre := ""
	if q.Has("centre") {
		id, err := ParseID("centre", q.Get("centre"))
		if err != nil {
			a.site.Error(w, r, err)
			return
		}
		if !mayShowCentre(u, id) {
			a.site.Error(w, r, ErrNotFound)
			return
		}
		centre = id
	}
	ks, err := a.store.Kiosks(r.Context())
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	now := a.now()
	d := fleetData{Admin: u.Role == scoring.RoleAdmin, Centre: centre, Revoked: q.Get("revoked"),
		Updated: now.In(dashboardZone).Format("15:04"), Timezone: dashboardZone.String()}
	centres := map[string]scoring.Centre{}
	for _, k := range ks {
		if !mayShowCentre(u, k.CentreID) || (centre != "" && k.CentreID != centre) {
			continue
		}
		c, ok := centres[k.CentreID]
		if !ok {
			var err error
			c, _, err = a.store.Roster(r.Context(), k.CentreID)
			if err != nil && !errors.Is(err, scoring.ErrNotFound) {
				a.site.Error(w, r, err)
				return
			}
			centres[k.CentreID] = c
		}
		row := fleetRowOf(l, k, now, c)
		row.CentreName = c.Name
		if row.Silent && !row.Revoked {
			d.Silent++
		}
		d.Rows = append(d.Rows, row)
	}
	// Trouble first, then by centre and counter.
	slices.SortStableFunc(d.Rows, func(x, y fleetRow) int {
		if x.Trouble() != y.Trouble() {
			if x.Trouble() {
				return -1
			}
			return 1
		}
		return 0
	})
	a.site.Render(w, r, http.StatusOK, "fleet", Page{Title: l.T("nav.fleet"), Nav: "fleet", Refresh: 60,
		User: &User{Name: u.Name}, Data: d})
}

// fleetRowOf is kiosk k of centre c as the page shows it: silent in c's
// own opening hours and zone, as the alert evaluator counts.
func fleetRowOf(l Lang, k scoring.KioskStatus, now time.Time, c scoring.Centre) fleetRow {
	row := fleetRow{ID: k.ID, CentreID: k.CentreID, Counter: k.CounterID, AppVersion: k.AppVersion, Pending: k.Pending,
		LastSeq: k.LastSeq, Missing: k.Missing(), Gaps: len(k.Gaps), Breaks: k.Breaks, VerifyProblems: k.VerifyProblems,
		Revoked: !k.RevokedAt.IsZero()}
	if last := k.LastSeenAt; last.IsZero() {
		row.LastSeen = l.T("fleet.never")
	} else {
		row.LastSeen = relative(l, now.Sub(last))
		row.LastSeenAt = last.In(dashboardZone).Format("2006-01-02 15:04")
	}
	loc, err := scoring.LoadZone(c.TimeZone)
	if err != nil {
		loc = dashboardZone
	}
	row.Silent = scoring.KioskSilent(k, c.HoursOrDefault(), loc, now)
	if !k.OldestPendingAt.IsZero() {
		row.OldestPending = relative(l, now.Sub(k.OldestPendingAt))
	}
	if row.Failing = failingChecks(l, k); row.Failing != nil {
		row.ChecksAt = k.ChecksAt.In(dashboardZone).Format("2006-01-02 15:04")
	}
	if !k.HeartbeatAt.IsZero() {
		row.Skew = fmt.Sprintf("%+.0f s", k.ClockSkew.Seconds())
		row.Skewed = scoring.Skewed(k.ClockSkew, scoring.DefaultSkewLimit)
	}
	return row
}

// relative says how long ago, in whole minutes, hours or days.
func relative(l Lang, d time.Duration) string {
	switch {
	case d < time.Minute:
		return l.T("ago.now")
	case d < time.Hour:
		return l.T("ago.minutes", int(d/time.Minute))
	case d < 48*time.Hour:
		return l.T("ago.hours", int(d/time.Hour))
	default:
		return l.T("ago.days", int(d/(24*time.Hour)))
	}
}

// revokeData is the revocation confirmation page's data.
type revokeData struct {
	Row fleetRow
}

// kioskForAdmin finds kiosk id for a revocation: administrators only; for
// anyone else, and for an unknown id, ErrNotFound.
func (a *App) kioskForAdmin(r *http.Request, id string) (scoring.KioskStatus, error) {
	u, _ := UserOf(r)
	if u.Role != scoring.RoleAdmin {
		return scoring.KioskStatus{}, ErrNotFound
	}
	ks, err := a.store.Kiosks(r.Context())
	if err != nil {
		return scoring.KioskStatus{}, err
	}
	for _, k := range ks {
		if k.ID == id {
			return k, nil
		}
	}
	return scoring.KioskStatus{}, ErrNotFound
}

// revokePage asks an administrator to confirm a revocation.
func (a *App) revokePage(w http.ResponseWriter, r *http.Request) {
	u, _ := UserOf(r)
	l := LangOf(r)
	id, err := ParseID("kiosk", r.URL.Query().Get("kiosk"))
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	k, err := a.kioskForAdmin(r, id)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	c, _, err := a.store.Roster(r.Context(), k.CentreID)
	if err != nil && !errors.Is(err, scoring.ErrNotFound) {
		a.site.Error(w, r, err)
		return
	}
	a.site.Render(w, r, http.StatusOK, "revoke", Page{Title: l.T("revoke.title"), Nav: "fleet", User: &User{Name: u.Name},
		Data: revokeData{Row: fleetRowOf(l, k, a.now(), c)}})
}

// revoke revokes a kiosk's token: its next request gets 401, and the
// audit trail names the administrator.
func (a *App) revoke(w http.ResponseWriter, r *http.Request) {
	u, _ := UserOf(r)
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		a.site.Error(w, r, paramErr("form", "", "biểu mẫu không đọc được; hãy tải lại trang", "the form could not be read; reload the page"))
		return
	}
	id, err := ParseID("kiosk", r.PostForm.Get("kiosk"))
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	if _, err := a.kioskForAdmin(r, id); err != nil {
		a.site.Error(w, r, err)
		return
	}
	ctx := scoring.WithActor(r.Context(), "web:"+u.Email)
	if err := a.store.RevokeKiosk(ctx, id, a.now()); err != nil {
		a.site.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/fleet?revoked="+url.QueryEscape(id), http.StatusSeeOther)
}
