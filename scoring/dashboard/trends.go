package dashboard

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"hailong/kiosk/score"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/dashboard/chart"
)

// trendOfficer is one officer over the range, with the previous period
// beside and a sparkline of the daily rate.
type trendOfficer struct {
	ID, Name, N, Rate, Previous, Change, Rank string
	Down, Ranked                              bool
	Spark                                     Figure
	// Response and ResponseN: the response rate over the range and its
	// n (invitations), "—" and "" for an officer who issued none.
	Response, ResponseN string
}

type trendsData struct {
	CentreID         string
	Centres          []centreLink
	From, To, Preset string
	Cards            []Card
	Daily, Volume    Figure
	Heat             Figure
	Officers         []trendOfficer
	MinRankN         int
	Response         bool // some officer issued invitations: show the column
}

// trends is the Trends page: 30 or 90 days, or any range up to a year, of
// one centre: the daily rate with its interval band and the previous
// period beside, the volume, a weekday × hour heat-map and each officer.
func (a *App) trends(w http.ResponseWriter, r *http.Request) {
	u, _ := UserOf(r)
	l := LangOf(r)
	c, centres, err := a.pageCentre(r, u)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	from, to, preset, err := a.pageRange(r, c)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	d, err := a.trendsData(r.Context(), l, c, from, to)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	d.Centres, d.Preset = centreLinks(u, centres, c.ID), preset
	a.site.Render(w, r, http.StatusOK, "trends", Page{Title: l.T("trends.title", c.Name, dateText(l, from), dateText(l, to)),
		Nav: "trends", User: &User{Name: u.Name}, Data: d})
}

// dayCounts sums count rows per day.
func dayCounts(rows []scoring.CountRow) map[scoring.Date]*score.Counts {
	m := map[scoring.Date]*score.Counts{}
	for _, r := range rows {
		if m[r.Day] == nil {
			m[r.Day] = &score.Counts{}
		}
		m[r.Day].AddN(r.Level, r.FilterReason != "", int(r.N))
	}
	return m
}

// ratePoint is a day's point on a rate line: no point when n = 0.
func ratePoint(label string, c score.Counts) chart.RatePoint {
	rt := c.Rate()
	if !rt.OK() {
		return chart.RatePoint{Label: label}
	}
	return chart.RatePoint{Label: label, N: c.N(), Rate: rt.Value.Value(), Lo: rt.Lower, Hi: rt.Upper}
}

func (a *App) trendsData(ctx context.Context, l Lang, c scoring.Centre, from, to scoring.Date) (trendsData, error) {
	d := trendsData{CentreID: c.ID, From: from.String(), To: to.String(), MinRankN: score.MinRankN}
	comma := l != EN
	days := daysIn(from, to)
	prevFrom, prevTo := from.AddDays(-days), from.AddDays(-1)
	ids := []string{c.ID}
	by := scoring.DimDay | scoring.DimLevel | scoring.DimFilter
	rs, err := scoring.RangeRollups(ctx, a.store,
		scoring.RollupQuery{CentreIDs: ids, From: from, To: to, By: by | scoring.DimOfficer},
		scoring.RollupQuery{CentreIDs: ids, From: prevFrom, To: prevTo, By: by | scoring.DimOfficer},
		scoring.RollupQuery{CentreIDs: ids, From: from, To: to, By: scoring.DimDay | scoring.DimHour | scoring.DimLevel | scoring.DimFilter})
	if err != nil {
		return d, err
	}
	cur, prev, hourly := rs[0], rs[1], rs[2]

	// Daily rate, volume, and the previous period day by day.
	curDays, prevDays := dayCounts(cur.Counts), dayCounts(prev.Counts)
	var points, previous []chart.RatePoint
	var cats []string
	var volume []int
	for i := range days {
		day := from.AddDays(i)
		label := DayLabel(l, day.Start(time.UTC))
		var cc, pc score.Counts
		if p := curDays[day]; p != nil {
			cc = *p
		}
		if p := prevDays[prevFrom.AddDays(i)]; p != nil {
			pc = *p
		}
		points, previous = append(points, ratePoint(label, cc)), append(previous, ratePoint(label, pc))
		cats, volume = append(cats, label), append(volume, cc.N())
	}
	d.Daily = dailyRateFigure(l, points, previous)
	d.Volume = NewFigure(l, chart.StackedBars{ID: "volume", Title: l.T("chart.volume"), Desc: l.T("chart.volume.desc"),
		Categories: cats, CategoryHead: l.T("col.day"), TotalHead: l.T("score.total"), NoData: l.T("chart.nodata"), Comma: comma,
		Series: []chart.Series{{Name: l.T("chart.volume"), Style: chart.StyleVolume, Values: volume}}})

	// Totals and the previous period.
	total, before := countsOf(cur.Counts), countsOf(prev.Counts)
	d.Cards = periodCards(l, total, before,
		l.T("trends.prevrange", dateText(l, prevFrom), dateText(l, prevTo), chart.Int(before.N(), comma)))

	// Weekday × hour over the range.
	type wh struct{ wd, h int }
	cells := map[wh]*score.Counts{}
	lo, hi := 7, 17
	for _, r := range hourly.Counts {
		k := wh{(int(r.Day.Weekday()) + 6) % 7, r.Hour} // Monday first
		if cells[k] == nil {
			cells[k] = &score.Counts{}
		}
		cells[k].AddN(r.Level, r.FilterReason != "", int(r.N))
		lo, hi = min(lo, r.Hour), max(hi, r.Hour)
	}
	var rows, cols []string
	grid := make([][]chart.HeatCell, 7)
	for wd := range 7 {
		rows = append(rows, l.T(fmt.Sprintf("weekday.%d", wd+1)))
		for h := lo; h <= hi; h++ {
			var cell chart.HeatCell
			if c := cells[wh{wd, h}]; c != nil && c.N() > 0 {
				cell = chart.HeatCell{N: c.N(), Rate: c.Rate().Value.Value()}
			}
			grid[wd] = append(grid[wd], cell)
		}
	}
	for h := lo; h <= hi; h++ {
		cols = append(cols, fmt.Sprintf("%02d", h))
	}
	d.Heat = NewFigure(l, chart.Heatmap{ID: "heat", Title: l.T("chart.heat"), Desc: l.T("chart.heat.desc"),
		Rows: rows, Cols: cols, Cells: grid, MinN: heatMinN, CornerHead: l.T("col.weekday"),
		ThinLabel: l.T("chart.thin", heatMinN), Comma: comma})

	// Officers, with a sparkline of their daily rate.
	_, officers, err := a.store.Roster(ctx, c.ID)
	if err != nil {
		return d, err
	}
	names := map[string]string{}
	for _, o := range officers {
		names[o.ID] = o.Name
	}
	perCur, perPrev := map[string][]scoring.CountRow{}, map[string][]scoring.CountRow{}
	for _, r := range cur.Counts {
		perCur[r.OfficerID] = append(perCur[r.OfficerID], r)
	}
	for _, r := range prev.Counts {
		perPrev[r.OfficerID] = append(perPrev[r.OfficerID], r)
	}
	invs, err := a.store.InvitationCounts(ctx, scoring.InvitationQuery{CentreIDs: ids, From: from, To: to})
	if err != nil {
		return d, err
	}
	invited := scoring.InvitationsByOfficer(invs)
	var groups []score.Group
	for id, rs := range perCur {
		groups = append(groups, score.Group{ID: id, Counts: countsOf(rs)})
	}
	slices.SortFunc(groups, func(x, y score.Group) int { return strings.Compare(x.ID, y.ID) })
	standings := score.Rank(groups, score.MinRankN)
	for i, s := range standings {
		name := s.ID
		if n, ok := names[s.ID]; ok {
			name = n
		}
		pc := countsOf(perPrev[s.ID])
		ch, dn := pointsChange(l, s.Counts.Rate(), pc.Rate())
		sp := dailyPoints(l, from, days, dayCounts(perCur[s.ID]))
		o := trendOfficer{ID: s.ID, Name: name, N: chart.Int(s.Counts.N(), comma), Rate: rateText(l, s.Counts.Rate()),
			Previous: pctText(l, pc.Rate().Value), Change: ch, Down: dn, Ranked: s.Ranked(),
			Spark: NewFigure(l, chart.Sparkline{ID: fmt.Sprintf("spark-%d", i), Title: l.T("trends.spark", name), Points: sp,
				SlotHead: l.T("col.day"), NHead: "n", RateHead: l.T("score.rate"), Comma: comma})}
		o.Rank = rankLabel(l, s)
		o.Response, o.ResponseN = responseText(l, invited[s.ID])
		d.Response = d.Response || o.ResponseN != ""
		d.Officers = append(d.Officers, o)
	}
	// Ranked first, by rank; then the others by name.
	slices.SortStableFunc(d.Officers, func(x, y trendOfficer) int {
		if x.Ranked != y.Ranked {
			if x.Ranked {
				return -1
			}
			return 1
		}
		return 0
	})
	return d, nil
}

// heatMinN: a weekday-and-hour cell with fewer ratings is hatched, its
// rate too uncertain to compare.
const heatMinN = 10
