package chart

import (
	"html/template"
	"strings"
)

// Sparkline is a word-sized rate trend for a table row (an officer's
// daily rate): no axes, a line broken where n = 0, and a dot on the last
// slot that has a rate. The y range is 0–100%, the same for every row, so
// rows compare.
type Sparkline struct {
	ID, Title string
	Points    []RatePoint // only Label, N and Rate are used
	// SlotHead, NHead and RateHead head the table's columns.
	SlotHead, NHead, RateHead string
	Comma                     bool
}

const sparkW, sparkH = 100, 24

// SVG draws the sparkline. Its <desc> lists the first and last rate so a
// screen reader hears the trend.
func (c Sparkline) SVG() template.HTML {
	n := len(c.Points)
	slot := float64(sparkW) / float64(maxInt(n, 1))
	xOf := func(i int) float64 { return (float64(i) + 0.5) * slot }
	yOf := func(v float64) float64 { return 2 + (100-clampPct(v))/100*(sparkH-4) }

	var body svg
	body.line(0, yOf(50), sparkW, yOf(50), "mid")
	var d strings.Builder
	first, last := -1, -1
	prev := false
	for i, p := range c.Points {
		ok := p.N > 0 && finite(p.Rate)
		if ok {
			cmd := " L"
			if !prev {
				cmd = " M"
			}
			d.WriteString(cmd + num(xOf(i)) + " " + num(yOf(p.Rate)))
			if first < 0 {
				first = i
			}
			last = i
		}
		prev = ok
	}
	if d.Len() > 0 {
		body.WriteString(`<path class="spark-line" d="` + strings.TrimSpace(d.String()) + `"/>`)
		body.WriteString(`<circle class="spark-end" cx="` + num(xOf(last)) + `" cy="` + num(yOf(c.Points[last].Rate)) + `" r="2"/>`)
	}
	desc := "—"
	if first >= 0 {
		desc = c.Points[first].Label + ": " + Pct(c.Points[first].Rate, c.Comma) + "% → " +
			c.Points[last].Label + ": " + Pct(c.Points[last].Rate, c.Comma) + "%"
	}
	var b svg
	b.open("spark", c.ID, sparkW, sparkH, c.Title, desc)
	b.WriteString(body.String())
	return b.close()
}

// Table returns a row per slot: label, n and rate (a dash when n = 0).
func (c Sparkline) Table() Table {
	t := Table{Caption: c.Title, Head: []string{c.SlotHead, c.NHead, c.RateHead}}
	for _, p := range c.Points {
		rate := muted("—")
		if p.N > 0 && finite(p.Rate) {
			rate = figure(Pct(p.Rate, c.Comma) + "%")
		}
		t.Rows = append(t.Rows, []Cell{text(p.Label), figure(Int(max(p.N, 0), c.Comma)), rate})
	}
	return t
}
