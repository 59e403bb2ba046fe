package dashboard

import (
	"context"
	"net/http"

	"hailong/kiosk/score"
	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// overviewRow is one centre (or the province's total) today.
type overviewRow struct {
	ID, Name               string
	N, Filtered            int
	RHL, HL, KHL           string
	Rate                   string
	Change                 string // against the same weekday of the last 4 weeks, in points
	Down                   bool
	Kiosks, Online, Silent int
	Alerts                 int // open alerts, not yet acknowledged
	Day                    string
}

type overviewData struct {
	Rows    []overviewRow
	Total   *overviewRow // the province, for an administrator
	Updated string
}

// home is the Today page (Hôm nay): every centre the user may see, today.
func (a *App) home(w http.ResponseWriter, r *http.Request) {
	u, _ := UserOf(r)
	l := LangOf(r)
	d, err := a.overview(r.Context(), u, l)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	a.site.Render(w, r, http.StatusOK, "home", Page{Title: l.T("nav.today"), Nav: "today", Refresh: 60,
		User: &User{Name: u.Name}, Data: d})
}

func (a *App) overview(ctx context.Context, u scoring.User, l Lang) (overviewData, error) {
	now := a.now()
	d := overviewData{Updated: now.In(dashboardZone).Format("15:04")}
	centres, err := a.store.Centres(ctx)
	if err != nil {
		return d, err
	}
	ks, err := a.store.Kiosks(ctx)
	if err != nil {
		return d, err
	}
	alerts, err := a.openAlerts(ctx)
	if err != nil {
		return d, err
	}
	var total, totalBefore score.Counts
	var tk, ton, tsil, talerts int
	for _, c := range centres {
		if !mayShowCentre(u, c.ID) {
			continue
		}
		loc, err := scoring.LoadZone(c.TimeZone)
		if err != nil {
			return d, err
		}
		today := scoring.DateOf(now, loc)
		cur, err := a.store.RangeRollup(ctx, scoring.RollupQuery{CentreIDs: []string{c.ID}, From: today, To: today,
			By: scoring.DimCentre | scoring.DimLevel | scoring.DimFilter})
		if err != nil {
			return d, err
		}
		// The same weekday of the four weeks before: one query, the other
		// days dropped.
		prev, err := a.store.RangeRollup(ctx, scoring.RollupQuery{CentreIDs: []string{c.ID}, From: today.AddDays(-28),
			To: today.AddDays(-7), By: scoring.DimCentre | scoring.DimDay | scoring.DimLevel | scoring.DimFilter})
		if err != nil {
			return d, err
		}
		var same []scoring.CountRow
		for _, r := range prev.Counts {
			if r.Day.Weekday() == today.Weekday() {
				same = append(same, r)
			}
		}
		counts, before := countsOf(cur.Counts), countsOf(same)
		row := centreRow(l, c.ID, c.Name, counts, before)
		row.Day = today.String()
		row.Alerts = alerts[c.ID]
		for _, k := range ks {
			if k.CentreID != c.ID || !k.RevokedAt.IsZero() {
				continue
			}
			row.Kiosks++
			if scoring.KioskSilent(k, c.HoursOrDefault(), loc, now) {
				row.Silent++
			} else if !k.LastSeenAt.IsZero() {
				row.Online++
			}
		}
		d.Rows = append(d.Rows, row)
		total, totalBefore = total.Plus(counts), totalBefore.Plus(before)
		tk, ton, tsil = tk+row.Kiosks, ton+row.Online, tsil+row.Silent
		talerts += row.Alerts
	}
	if u.Role == scoring.RoleAdmin && len(d.Rows) > 1 {
		t := centreRow(l, "", l.T("overview.province"), total, totalBefore)
		t.Kiosks, t.Online, t.Silent, t.Alerts = tk, ton, tsil, talerts
		d.Total = &t
	}
	return d, nil
}

func centreRow(l Lang, id, name string, c, before score.Counts) overviewRow {
	row := overviewRow{ID: id, Name: name, N: c.N(), Filtered: c.Filtered,
		RHL: pctText(l, c.Percent(survey.VerySatisfied)), HL: pctText(l, c.Percent(survey.Satisfied)),
		KHL: pctText(l, c.Percent(survey.Dissatisfied)), Rate: rateText(l, c.Rate())}
	row.Change, row.Down = pointsChange(l, c.Rate(), before.Rate())
	return row
}
