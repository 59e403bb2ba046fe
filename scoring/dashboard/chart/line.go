package chart

import (
	"html/template"
	"math"
	"strings"
)

// RateLine is a rate over time, a point per slot (a day), with its
// interval drawn as a band around the line: the daily satisfaction rate
// with its Wilson 95% interval. A slot with n = 0 has no point and breaks
// the line and the band: no ratings is not a rate of zero.
type RateLine struct {
	ID, Title, Desc string
	Points          []RatePoint
	// Heads of the table's columns: the slot, n, the rate, the interval.
	SlotHead, NHead, RateHead, IntervalHead string
	// Legend labels of the line and of the band.
	LineLabel, BandLabel string
	// Previous is the previous period slot by slot (Previous[i] is drawn
	// at Points[i]), as a dashed line with no band; nil draws none.
	// PreviousLabel names it in the legend, PreviousHead in the table.
	Previous                    []RatePoint
	PreviousLabel, PreviousHead string
	NoData                      string
	Comma                       bool
}

// RatePoint is one slot: its label, n, and the rate with its interval in
// percent (0–100), as the score functions computed them.
type RatePoint struct {
	Label        string
	N            int
	Rate, Lo, Hi float64
}

func (p RatePoint) ok() bool {
	return p.N > 0 && finite(p.Rate) && finite(p.Lo) && finite(p.Hi)
}

// finite reports whether v is a number a chart can place: a caller's 0/0
// or overflow must be a gap, not a point at the edge.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func clampPct(v float64) float64 { return math.Max(0, math.Min(100, v)) }

// SVG draws the chart.
func (c RateLine) SVG() template.HTML {
	plotW := float64(chartW - padLeft - padRight)
	y0 := float64(padTop + plotH)
	n := len(c.Points)
	slot := plotW / float64(maxInt(n, 1))
	xOf := func(i int) float64 { return padLeft + (float64(i)+0.5)*slot }
	yOf := func(v float64) float64 { return y0 - clampPct(v)/100*plotH }

	var body svg
	body.defs(c.ID)
	for v := 0; v <= 100; v += 25 {
		body.line(padLeft, yOf(float64(v)), chartW-padRight, yOf(float64(v)), "grid")
		body.text(padLeft-4, yOf(float64(v))+4, "end", "axis", itoa(v)+"%")
	}
	for _, run := range runsOf(c.Previous, func(p RatePoint) bool { return p.N > 0 && finite(p.Rate) }) {
		var d strings.Builder
		for k, i := range run {
			if i >= n {
				break
			}
			cmd := " L"
			if k == 0 {
				cmd = "M"
			}
			d.WriteString(cmd + num(xOf(i)) + " " + num(yOf(c.Previous[i].Rate)))
		}
		if d.Len() > 0 {
			body.WriteString(`<path class="prev" d="` + d.String() + `"/>`)
		}
	}
	any := false
	for _, run := range runsOf(c.Points, RatePoint.ok) {
		any = true
		if len(run) == 1 {
			p := c.Points[run[0]]
			body.line(xOf(run[0]), yOf(p.Hi), xOf(run[0]), yOf(p.Lo), "whisker")
			continue
		}
		var band, ln strings.Builder
		for k, i := range run {
			cmd := " L"
			if k == 0 {
				cmd = "M"
			}
			band.WriteString(cmd + num(xOf(i)) + " " + num(yOf(c.Points[i].Hi)))
			ln.WriteString(cmd + num(xOf(i)) + " " + num(yOf(c.Points[i].Rate)))
		}
		for k := len(run) - 1; k >= 0; k-- {
			i := run[k]
			band.WriteString(" L" + num(xOf(i)) + " " + num(yOf(c.Points[i].Lo)))
		}
		body.WriteString(`<path class="band" d="` + band.String() + ` Z"/>`)
		body.WriteString(`<path class="rate" d="` + ln.String() + `"/>`)
	}
	labels := make([]string, n)
	for i, p := range c.Points {
		labels[i] = p.Label
	}
	every := labelEvery(n, plotW, labelGap(labels))
	r := math.Min(3, math.Max(1.2, slot/3))
	for i, p := range c.Points {
		if p.ok() {
			body.WriteString(`<circle class="pt" cx="` + num(xOf(i)) + `" cy="` + num(yOf(p.Rate)) + `" r="` + num(r) + `"><title>` +
				esc(p.Label+": "+c.rateText(p)+", n = "+Int(p.N, c.Comma)) + `</title></circle>`)
		}
		if i%every == 0 {
			body.text(xOf(i), y0+16, "middle", "axis", p.Label)
		}
	}
	body.line(padLeft, y0, chartW-padRight, y0, "baseline")
	if !any {
		body.text(padLeft+plotW/2, y0-plotH/2, "middle", "nodata", c.NoData)
	}
	items := []legendItem{{colourBlue, c.LineLabel}, {colourBandLegend, c.BandLabel}}
	if c.Previous != nil {
		items = append(items, legendItem{colourPrevious, c.PreviousLabel})
	}
	lh := body.legend(padLeft, y0+xLabelH+4, chartW-padRight, items)
	var b svg
	b.open("line", c.ID, chartW, y0+xLabelH+4+lh, c.Title, c.Desc)
	b.WriteString(body.String())
	return b.close()
}

// runsOf returns the indexes of the points in maximal runs of slots that
// ok accepts.
func runsOf(points []RatePoint, ok func(RatePoint) bool) [][]int {
	var out [][]int
	var cur []int
	for i, p := range points {
		if ok(p) {
			cur = append(cur, i)
			continue
		}
		if cur != nil {
			out, cur = append(out, cur), nil
		}
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out
}

func (c RateLine) rateText(p RatePoint) string {
	return Pct(p.Rate, c.Comma) + "% (" + Pct(p.Lo, c.Comma) + "–" + Pct(p.Hi, c.Comma) + "%)"
}

// Table returns a row per slot: label, n, the rate and its interval; a
// slot with no rating shows a dash, never 0%.
func (c RateLine) Table() Table {
	t := Table{Caption: c.Title, Head: []string{c.SlotHead, c.NHead, c.RateHead, c.IntervalHead}}
	if c.Previous != nil {
		t.Head = append(t.Head, c.PreviousHead)
	}
	for i, p := range c.Points {
		row := []Cell{text(p.Label), figure(Int(max(p.N, 0), c.Comma)), muted("—"), muted("—")}
		if p.ok() {
			row[2] = figure(Pct(p.Rate, c.Comma) + "%")
			row[3] = figure(Pct(p.Lo, c.Comma) + "–" + Pct(p.Hi, c.Comma) + "%")
		}
		if c.Previous != nil {
			prev := muted("—")
			if i < len(c.Previous) && c.Previous[i].N > 0 && finite(c.Previous[i].Rate) {
				prev = figure(Pct(c.Previous[i].Rate, c.Comma) + "%")
			}
			row = append(row, prev)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
