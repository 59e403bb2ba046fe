package chart

import (
	"html/template"
	"strconv"
)

// StackedBars is a bar per category (an hour, a day) with its series stacked
// from the bottom: the three levels of satisfaction hour by hour, or a
// single volume series.
type StackedBars struct {
	ID    string // unique in the page
	Title string // the accessible name, in the page's language
	Desc  string // one sentence saying what the chart shows
	// Categories label the bars from left to right.
	Categories []string
	// Series are stacked in order, the first at the bottom. A series with
	// fewer values than categories counts 0 for the rest; negative values
	// count 0.
	Series []Series
	// CategoryHead and TotalHead head the first and the last column of
	// the table.
	CategoryHead, TotalHead string
	// NoData is written across an empty chart.
	NoData string
	// Comma writes numbers the Vietnamese way (1.234; 82,5).
	Comma bool
}

// Series is one stacked series of counts.
type Series struct {
	Name   string
	Style  Style
	Values []int
}

// Geometry shared by the charts with axes, in viewBox units. 420 wide keeps
// the 13-unit labels at about 11 px when a 360–390 px phone shrinks the
// chart to its ~340 px box; a desktop stylesheet makes the text smaller.
const (
	chartW   = 420
	padLeft  = 40
	padRight = 8
	padTop   = 10
	plotH    = 180
	xLabelH  = 22
)

func (c StackedBars) value(s, i int) int {
	v := c.Series[s].Values
	if i >= len(v) || v[i] < 0 {
		return 0
	}
	return v[i]
}

func (c StackedBars) total(i int) int {
	t := 0
	for s := range c.Series {
		t += c.value(s, i)
	}
	return t
}

// SVG draws the chart.
func (c StackedBars) SVG() template.HTML {
	max := 0
	for i := range c.Categories {
		max = maxInt(max, c.total(i))
	}
	top, step := niceScale(max)
	plotW := float64(chartW - padLeft - padRight)
	y0 := float64(padTop + plotH)

	var body svg
	body.defs(c.ID)
	for v := 0; v <= top; v += step {
		y := y0 - float64(v)/float64(top)*plotH
		body.line(padLeft, y, chartW-padRight, y, "grid")
		body.text(padLeft-4, y+4, "end", "axis", Int(v, c.Comma))
	}
	n := len(c.Categories)
	slot := plotW / float64(maxInt(n, 1))
	barW := slot * 0.72
	every := labelEvery(n, plotW, labelGap(c.Categories))
	for i, cat := range c.Categories {
		x := padLeft + float64(i)*slot + (slot-barW)/2
		y := y0
		for s, ser := range c.Series {
			v := c.value(s, i)
			if v == 0 {
				continue
			}
			h := float64(v) / float64(top) * plotH
			y -= h
			body.rect(x, y, barW, h, "bar", ser.Style.fill(c.ID), cat+" · "+ser.Name+": "+Int(v, c.Comma))
		}
		if i%every == 0 {
			body.text(x+barW/2, y0+16, "middle", "axis", cat)
		}
	}
	body.line(padLeft, y0, chartW-padRight, y0, "baseline")
	if max == 0 {
		body.text(padLeft+plotW/2, y0-plotH/2, "middle", "nodata", c.NoData)
	}
	items := make([]legendItem, 0, len(c.Series))
	for _, ser := range c.Series {
		items = append(items, legendItem{ser.Style.fill(c.ID), ser.Name})
	}
	lh := body.legend(padLeft, y0+xLabelH+4, chartW-padRight, items)

	var b svg
	b.open("bars", c.ID, chartW, y0+xLabelH+4+lh, c.Title, c.Desc)
	b.WriteString(body.String())
	return b.close()
}

// Table returns the chart's numbers: a row per category with a column per
// series and the total.
func (c StackedBars) Table() Table {
	t := Table{Caption: c.Title, Head: []string{c.CategoryHead}}
	for _, s := range c.Series {
		t.Head = append(t.Head, s.Name)
	}
	t.Head = append(t.Head, c.TotalHead)
	for i, cat := range c.Categories {
		row := []Cell{text(cat)}
		for s := range c.Series {
			row = append(row, figure(Int(c.value(s, i), c.Comma)))
		}
		t.Rows = append(t.Rows, append(row, figure(Int(c.total(i), c.Comma))))
	}
	return t
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// itoa is strconv.Itoa, short for the many labels built here.
func itoa(n int) string { return strconv.Itoa(n) }
