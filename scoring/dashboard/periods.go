package dashboard

import (
	"net/http"
	"time"

	"hailong/kiosk/score"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/dashboard/chart"
)

// pageRange reads the range of a page (?range= or ?from=&to=, 30 days up
// to today by default) as days of centre c's calendar.
func (a *App) pageRange(r *http.Request, c scoring.Centre) (from, to scoring.Date, preset string, err error) {
	loc, err := scoring.LoadZone(c.TimeZone)
	if err != nil {
		return from, to, "", err
	}
	rg, err := ParseRange(r.URL.Query(), Today(a.now(), loc))
	if err != nil {
		return from, to, "", err
	}
	return scoring.DateOf(rg.From, loc), scoring.DateOf(rg.To, loc), rg.Preset, nil
}

// daysIn counts the days from from to to, both included.
func daysIn(from, to scoring.Date) int {
	days := 0
	for x := from; !to.Before(x); x = x.AddDays(1) {
		days++
	}
	return days
}

// dailyPoints are the rate points of days days from from, one a day; a
// day without ratings has no point.
func dailyPoints(l Lang, from scoring.Date, days int, byDay map[scoring.Date]*score.Counts) []chart.RatePoint {
	points := make([]chart.RatePoint, 0, days)
	for i := range days {
		day := from.AddDays(i)
		var c score.Counts
		if p := byDay[day]; p != nil {
			c = *p
		}
		points = append(points, ratePoint(DayLabel(l, day.Start(time.UTC)), c))
	}
	return points
}

// dailyRateFigure is the daily satisfaction rate with its band, and the
// previous period dashed beside when previous is not nil.
func dailyRateFigure(l Lang, points, previous []chart.RatePoint) Figure {
	c := chart.RateLine{ID: "daily", Title: l.T("chart.daily"), Desc: l.T("chart.daily.desc"), Points: points,
		SlotHead: l.T("col.day"), NHead: "n", RateHead: l.T("score.rate"), IntervalHead: l.T("score.interval"),
		LineLabel: l.T("score.rate"), BandLabel: l.T("score.interval"), NoData: l.T("chart.nodata"), Comma: l != EN}
	if previous != nil {
		c.Previous, c.PreviousLabel, c.PreviousHead = previous, l.T("score.previous"), l.T("score.previous")
	}
	return NewFigure(l, c)
}

// periodCards are a range's n (repeat presses beside), its rate with the
// change against the previous period, and the previous period's rate with
// prevNote under it.
func periodCards(l Lang, total, before score.Counts, prevNote string) []Card {
	comma := l != EN
	cards := []Card{
		{Label: l.T("score.n"), Value: chart.Int(total.N(), comma), Note: l.T("trends.filtered", chart.Int(total.Filtered, comma))},
		{Label: l.T("score.rate"), Value: pctText(l, total.Rate().Value), Note: l.T("score.interval") + ": " + intervalText(l, total.Rate())},
		{Label: l.T("score.previous"), Value: pctText(l, before.Rate().Value), Note: prevNote},
	}
	if change, down := pointsChange(l, total.Rate(), before.Rate()); change != "" {
		cards[1].Change, cards[1].Trend = l.T("score.points", change), 1
		if down {
			cards[1].Trend = -1
		}
	}
	return cards
}

// reasonsFigure is the reasons of the ratings that count (repeat presses
// left out), by count, in centre c's words.
func reasonsFigure(l Lang, c scoring.Centre, rows []scoring.ReasonRow) Figure {
	counts := map[string]int{}
	for _, r := range rows {
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
	return NewFigure(l, chart.HBars{ID: "reasons", Title: l.T("chart.reasons"), Desc: l.T("chart.reasons.desc"),
		Items: bars, Style: chart.StyleDissatisfied, LabelHead: l.T("col.reason"), ValueHead: l.T("score.n"),
		ShareHead: l.T("col.share"), NoData: l.T("chart.nodata"), Comma: l != EN})
}

// rankLabel is a standing's rank, or why it has none, in l.
func rankLabel(l Lang, s score.Standing) string {
	if l == EN {
		return s.LabelEN()
	}
	return s.LabelVI()
}
