package dashboard

import (
	"context"
	"net/http"
	"slices"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/dashboard/chart"
	"hailong/kiosk/survey"
)

type officerData struct {
	CentreID, CentreName, OfficerID, Name, Title string
	From, To, Preset                             string
	Cards                                        []Card
	Levels                                       []levelRow
	Daily, Reasons                               Figure
}

type levelRow struct {
	Name, N, Pct string
}

// officer is the Officer page: one officer of a centre over a range (30
// days by default): counts and % per level, the rate against the previous
// period, the daily rate and the reasons of the unhappy ones.
func (a *App) officer(w http.ResponseWriter, r *http.Request) {
	u, _ := UserOf(r)
	l := LangOf(r)
	c, _, err := a.pageCentre(r, u)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	id, err := ParseID("officer", r.URL.Query().Get("officer"))
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	_, officers, err := a.store.Roster(r.Context(), c.ID)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	// An officer no longer on the roster keeps their history under their id.
	name, title := id, ""
	if i := slices.IndexFunc(officers, func(o scoring.Officer) bool { return o.ID == id }); i >= 0 {
		name, title = officers[i].Name, officers[i].Title
	}
	from, to, preset, err := a.pageRange(r, c)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	d, err := a.officerData(r.Context(), l, c, id, from, to)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	if d.Cards == nil && name == id {
		a.site.Error(w, r, ErrNotFound) // neither on the roster nor ever rated here
		return
	}
	d.Name, d.Title, d.Preset = name, title, preset
	a.site.Render(w, r, http.StatusOK, "officer", Page{Title: l.T("officer.title", name, dateText(l, from), dateText(l, to)),
		Nav: "trends", User: &User{Name: u.Name}, Data: d})
}

func (a *App) officerData(ctx context.Context, l Lang, c scoring.Centre, id string, from, to scoring.Date) (officerData, error) {
	d := officerData{CentreID: c.ID, CentreName: c.Name, OfficerID: id, From: from.String(), To: to.String()}
	comma := l != EN
	days := daysIn(from, to)
	prevFrom := from.AddDays(-days)
	ids := []string{c.ID}
	by := scoring.DimDay | scoring.DimLevel | scoring.DimFilter
	rs, err := scoring.RangeRollups(ctx, a.store,
		scoring.RollupQuery{CentreIDs: ids, From: from, To: to, OfficerID: id, By: by, Reasons: true},
		scoring.RollupQuery{CentreIDs: ids, From: prevFrom, To: from.AddDays(-1), OfficerID: id, By: by})
	if err != nil {
		return d, err
	}
	cur, prev := rs[0], rs[1]
	invs, err := a.store.InvitationCounts(ctx, scoring.InvitationQuery{CentreIDs: ids, From: from, To: to, OfficerID: id})
	if err != nil {
		return d, err
	}
	if len(cur.Counts) == 0 && len(prev.Counts) == 0 && len(invs) == 0 {
		return d, nil
	}
	total, before := countsOf(cur.Counts), countsOf(prev.Counts)
	d.Cards = periodCards(l, total, before, "n = "+chart.Int(before.N(), comma))
	// The response rate over the range, where the officer invited ratings.
	if rate, n := responseText(l, scoring.InvitationsByOfficer(invs)[id]); n != "" {
		d.Cards = append(d.Cards, Card{Label: l.T("score.response_rate"), Value: rate, Note: n})
	}
	for _, lv := range []survey.Level{survey.VerySatisfied, survey.Satisfied, survey.Dissatisfied} {
		d.Levels = append(d.Levels, levelRow{Name: l.T("level." + string(lv)), N: chart.Int(total.Of(lv), comma),
			Pct: pctText(l, total.Percent(lv))})
	}
	d.Daily = dailyRateFigure(l, dailyPoints(l, from, days, dayCounts(cur.Counts)), nil)
	d.Reasons = reasonsFigure(l, c, cur.Reasons)
	return d, nil
}
