package dashboard

import (
	"html/template"
	"net/http"
	"strconv"
	"time"

	"hailong/kiosk/scoring/dashboard/chart"
)

// NewPreview returns a handler that serves GET /preview, a page of sample
// charts and tables in the real layout, and the static files; any other
// path is the dashboard's 404 page. It exists to look at the design in a
// browser before the real pages have data, and for the browser tests.
func NewPreview() (http.Handler, error) {
	s, err := NewSite(Options{Demo: true})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	s.Routes(mux)
	mux.HandleFunc("GET /preview", func(w http.ResponseWriter, r *http.Request) {
		l := LangOf(r)
		s.Render(w, r, http.StatusOK, "preview", Page{Title: l.T("preview.title"), Nav: "today",
			User: &User{Name: "Trần Thị Quản Lý"}, Data: previewData(l)})
	})
	mux.Handle("/", s.NotFound())
	return s.WithLang(mux), nil
}

type officerRow struct {
	Name, Counter      string
	N                  string
	RHL, HL, KHL, Rate string
	Rank               string
	TooFew             string
	Spark              template.HTML
}

type preview struct {
	Centre, Day                string
	Cards                      []Card
	Hours, Daily, Volume, Heat Figure
	Reasons                    Figure
	Officers                   []officerRow
	MinN                       int
}

// previewDay is the fixed day of the sample, so screenshots are stable.
var previewDay = time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)

// previewData builds the sample page. The numbers are made up but
// consistent: rates and intervals come from the counts.
func previewData(l Lang) preview {
	c := l.Comma()
	levels := []string{l.T("level.very_satisfied"), l.T("level.satisfied"), l.T("level.dissatisfied")}
	p := preview{Centre: l.T("preview.centre"), Day: previewDay.Format("2006-01-02"), MinN: 30}

	// Hour by hour, 07–17, with a bad afternoon at 14:00.
	var hours []string
	var rhl, hl, khl []int
	for h := 7; h <= 17; h++ {
		hours = append(hours, twoDigits(h)+":00")
		base := 6 + (h*7)%9
		rhl, hl, khl = append(rhl, base*2), append(hl, base), append(khl, 1+h%3)
	}
	khl[7] = 14 // 14:00
	total, good, bad := 0, 0, 0
	for i := range hours {
		total += rhl[i] + hl[i] + khl[i]
		good += rhl[i] + hl[i]
		bad += khl[i]
	}
	p.Hours = NewFigure(l, chart.StackedBars{ID: "hours", Title: l.T("chart.hours"), Desc: l.T("chart.hours.desc"),
		Categories: hours, CategoryHead: l.T("col.hour"), TotalHead: l.T("score.total"), NoData: l.T("chart.nodata"), Comma: c,
		Series: []chart.Series{
			{Name: levels[0], Style: chart.StyleVerySatisfied, Values: rhl},
			{Name: levels[1], Style: chart.StyleSatisfied, Values: hl},
			{Name: levels[2], Style: chart.StyleDissatisfied, Values: khl},
		}})
	rate, lo, hi := wilson(good, total)
	p.Cards = []Card{
		{Label: l.T("score.n"), Value: chart.Int(total, c), Change: "+" + chart.Int(23, c), Trend: 1, Note: l.T("score.vs_weeks")},
		{Label: l.T("score.rate"), Value: chart.Pct(rate, c) + "%", Change: l.T("score.points", "+"+chart.Pct(2.1, c)), Trend: 1, Tone: "good",
			Note: l.T("score.interval") + ": " + chart.Pct(lo, c) + "–" + chart.Pct(hi, c) + "%"},
		{Label: levels[0], Value: chart.Pct(pct(sum(rhl), total), c) + "%"},
		{Label: levels[1], Value: chart.Pct(pct(sum(hl), total), c) + "%"},
		{Label: levels[2], Value: chart.Pct(pct(bad, total), c) + "%", Change: l.T("score.points", "+"+chart.Pct(1.4, c)), Trend: 1, Tone: "bad"},
		{Label: l.T("score.filtered"), Value: chart.Int(9, c)},
		{Label: l.T("score.kiosks"), Value: "5 / 6", Tone: "bad", Note: l.T("preview.silent")},
	}
	p.Reasons = NewFigure(l, chart.HBars{ID: "reasons", Title: l.T("chart.reasons"), Desc: l.T("chart.reasons.desc"),
		Style: chart.StyleDissatisfied, LabelHead: l.T("col.reason"), ValueHead: l.T("score.n"), ShareHead: l.T("col.share"),
		NoData: l.T("chart.nodata"), Comma: c, Items: []chart.HBar{
			{Label: l.T("preview.reason.wait"), Value: 21}, {Label: l.T("preview.reason.guide"), Value: 12},
			{Label: l.T("preview.reason.manner"), Value: 6}, {Label: l.T("preview.reason.fee"), Value: 0},
		}})

	// 30 days: Sundays closed (n = 0: a gap, not a zero), one weak day.
	var points, previous []chart.RatePoint
	var days []string
	var volume []int
	for i := 29; i >= 0; i-- {
		d := previewDay.AddDate(0, 0, -i)
		pt := chart.RatePoint{Label: DayLabel(l, d)}
		if d.Weekday() != time.Sunday {
			pt.N = 40 + (i*37)%70
			if d.Weekday() == time.Saturday {
				pt.N /= 3
			}
			g := pt.N * (80 + (i*13)%15) / 100
			if i == 9 {
				g = pt.N * 55 / 100
			}
			pt.Rate, pt.Lo, pt.Hi = wilson(g, pt.N)
		}
		points, days, volume = append(points, pt), append(days, pt.Label), append(volume, pt.N)
		// The 30 days before, a little weaker, closed on the same weekdays.
		prev := chart.RatePoint{N: pt.N}
		if pt.N > 0 {
			prev.Rate, _, _ = wilson(pt.N*(74+(i*7)%14)/100, pt.N)
		}
		previous = append(previous, prev)
	}
	p.Daily = NewFigure(l, chart.RateLine{ID: "daily", Title: l.T("chart.daily"), Desc: l.T("chart.daily.desc"), Points: points,
		SlotHead: l.T("col.day"), NHead: "n", RateHead: l.T("score.rate"), IntervalHead: l.T("score.interval"),
		LineLabel: l.T("score.rate"), BandLabel: l.T("score.interval"), NoData: l.T("chart.nodata"), Comma: c,
		Previous: previous, PreviousLabel: l.T("score.previous"), PreviousHead: l.T("score.previous")})
	p.Volume = NewFigure(l, chart.StackedBars{ID: "volume", Title: l.T("chart.volume"), Desc: l.T("chart.volume.desc"),
		Categories: days, CategoryHead: l.T("col.day"), TotalHead: l.T("score.total"), NoData: l.T("chart.nodata"), Comma: c,
		Series: []chart.Series{{Name: l.T("chart.volume"), Style: chart.StyleVolume, Values: volume}}})

	// Weekday × hour: Saturday mornings only, Sunday closed.
	var weekdays []string
	cells := make([][]chart.HeatCell, 7)
	for wd := range 7 {
		weekdays = append(weekdays, l.T("weekday."+strconv.Itoa(wd+1)))
		cells[wd] = make([]chart.HeatCell, len(hours))
		for h := range hours {
			if wd == 6 || (wd == 5 && h > 4) {
				continue
			}
			n := 12 + (wd*23+h*31)%60
			g := n * (62 + (wd*17+h*11)%37) / 100
			cells[wd][h].N = n
			cells[wd][h].Rate, _, _ = wilson(g, n)
		}
	}
	shortHours := make([]string, len(hours))
	for i := range hours {
		shortHours[i] = hours[i][:2]
	}
	p.Heat = NewFigure(l, chart.Heatmap{ID: "heat", Title: l.T("chart.heat"), Desc: l.T("chart.heat.desc"),
		Rows: weekdays, Cols: shortHours, Cells: cells, MinN: p.MinN, CornerHead: l.T("col.weekday"),
		ThinLabel: l.T("chart.thin", p.MinN), Comma: c})

	// Officers: names are data, with characters that must be escaped.
	officers := []struct {
		name, counter string
		r, s, d       int
	}{
		{"Nguyễn Thị Hoa", "Quầy 1", 48, 20, 3},
		{"Trần Văn <Bình> & \"Bảo\"", "Quầy 2", 30, 22, 9},
		{"Lê Thị Mỹ Dung", "Quầy 3", 5, 1, 1},
		{"Phạm Quốc Việt", "Quầy 4", 22, 12, 16},
		{"Đỗ Hoàng Yến", "Quầy 5", 9, 8, 2},
	}
	rank := 0
	for i, o := range officers {
		n := o.r + o.s + o.d
		rate, _, _ := wilson(o.r+o.s, n)
		row := officerRow{Name: o.name, Counter: o.counter, N: chart.Int(n, c),
			RHL: chart.Pct(pct(o.r, n), c) + "%", HL: chart.Pct(pct(o.s, n), c) + "%", KHL: chart.Pct(pct(o.d, n), c) + "%",
			Rate: chart.Pct(rate, c) + "%"}
		if n >= p.MinN {
			rank++
			row.Rank = chart.Int(rank, c)
		} else {
			row.TooFew = l.T("score.too_few", n)
		}
		var sp []chart.RatePoint
		for k := 29; k >= 0; k-- {
			d := previewDay.AddDate(0, 0, -k)
			pt := chart.RatePoint{Label: DayLabel(l, d)}
			if d.Weekday() != time.Sunday {
				pt.N, pt.Rate = 3+(i+k)%5, float64(60+(i*19+k*7)%40)
			}
			sp = append(sp, pt)
		}
		row.Spark = chart.Sparkline{ID: "spark-" + strconv.Itoa(i), Title: l.T("score.trend") + ": " + o.name, Points: sp}.SVG()
		p.Officers = append(p.Officers, row)
	}
	return p
}
