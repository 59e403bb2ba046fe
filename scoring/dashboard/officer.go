package dashboard

import (
	"context"
	"net/http"
	"slices"
	"time"

	"hailong/kiosk/score"
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
	loc, err := scoring.LoadZone(c.TimeZone)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	rg, err := ParseRange(r.URL.Query(), Today(a.now(), loc))
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	from, to := scoring.DateOf(rg.From, loc), scoring.DateOf(rg.To, loc)
	d, err := a.officerData(r.Context(), l, c, id, from, to)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	if d.Cards == nil && name == id {
		a.site.Error(w, r, ErrNotFound) // neither on the roster nor ever rated here
		return
	}
	d.Name, d.Title, d.Preset = name, title, rg.Preset
	a.site.Render(w, r, http.StatusOK, "officer", Page{Title: l.T("officer.title", name, dateText(l, from), dateText(l, to)),
		Nav: "trends", User: &User{Name: u.Name}, Data: d})
}

func (a *App) officerData(ctx context.Context, l Lang, c scoring.Centre, id string, from, to scoring.Date) (officerData, error) {
	d := officerData{CentreID: c.ID, CentreName: c.Name, OfficerID: id, From: from.String(), To: to.String()}
	comma := l != EN
	days := 0
	for x := from; !to.Before(x); x = x.AddDays(1) {
		days++
	}
	prevFrom := from.AddDays(-days)
	ids := []string{c.ID}
	by := scoring.DimDay | scoring.DimLevel | scoring.DimFilter
	cur, err := a.store.RangeRollup(ctx, scoring.RollupQuery{CentreIDs: ids, From: from, To: to, OfficerID: id, By: by, Reasons: true})
	if err != nil {
		return d, err
	}
	prev, err := a.store.RangeRollup(ctx, scoring.RollupQuery{CentreIDs: ids, From: prevFrom, To: from.AddDays(-1), OfficerID: id, By: by})
	if err != nil {
		return d, err
	}
	if len(cur.Counts) == 0 && len(prev.Counts) == 0 {
		return d, nil
	}
	total, before := countsOf(cur.Counts), countsOf(prev.Counts)
	change, down := pointsChange(l, total.Rate(), before.Rate())
	d.Cards = []Card{
		{Label: l.T("score.n"), Value: chart.Int(total.N(), comma), Note: l.T("trends.filtered", chart.Int(total.Filtered, comma))},
		{Label: l.T("score.rate"), Value: pctText(l, total.Rate().Value), Note: l.T("score.interval") + ": " + intervalText(l, total.Rate())},
		{Label: l.T("score.previous"), Value: pctText(l, before.Rate().Value), Note: "n = " + chart.Int(before.N(), comma)},
	}
	if change != "" {
		d.Cards[1].Change, d.Cards[1].Trend = l.T("score.points", change), 1
		if down {
			d.Cards[1].Trend = -1
		}
	}
	for _, lv := range []survey.Level{survey.VerySatisfied, survey.Satisfied, survey.Dissatisfied} {
		d.Levels = append(d.Levels, levelRow{Name: l.T("level." + string(lv)), N: chart.Int(total.Of(lv), comma),
			Pct: pctText(l, total.Percent(lv))})
	}
	byDay := dayCounts(cur.Counts)
	var points []chart.RatePoint
	for i := range days {
		day := from.AddDays(i)
		var cc score.Counts
		if p := byDay[day]; p != nil {
			cc = *p
		}
		points = append(points, ratePoint(DayLabel(l, day.Start(time.UTC)), cc))
	}
	d.Daily = NewFigure(l, chart.RateLine{ID: "daily", Title: l.T("chart.daily"), Desc: l.T("chart.daily.desc"), Points: points,
		SlotHead: l.T("col.day"), NHead: "n", RateHead: l.T("score.rate"), IntervalHead: l.T("score.interval"),
		LineLabel: l.T("score.rate"), BandLabel: l.T("score.interval"), NoData: l.T("chart.nodata"), Comma: comma})
	counts := map[string]int{}
	for _, r := range cur.Reasons {
		if r.FilterReason == "" {
			counts[r.Reason] += int(r.N)
		}
	}
	labels := reasonLabels(c, l)
	var bars []chart.HBar
	for _, rc := range score.ReasonsByCount(counts) {
		label := rc.Code
		if t, ok := labels[rc.Code]; ok {
			label = t
		}
		bars = append(bars, chart.HBar{Label: label, Value: rc.Count})
	}
	d.Reasons = NewFigure(l, chart.HBars{ID: "reasons", Title: l.T("chart.reasons"), Desc: l.T("chart.reasons.desc"),
		Items: bars, Style: chart.StyleDissatisfied, LabelHead: l.T("col.reason"), ValueHead: l.T("score.n"),
		ShareHead: l.T("col.share"), NoData: l.T("chart.nodata"), Comma: comma})
	return d, nil
}
