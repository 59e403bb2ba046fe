package chart

import (
	"html/template"
	"unicode/utf8"
)

// HBars is a horizontal bar per item, in the caller's order: the reasons
// for "Không hài lòng" by count. Each label sits above its bar, so long
// Vietnamese reasons need no truncation on a phone.
type HBars struct {
	ID, Title, Desc string
	Items           []HBar
	// Style paints every bar; StyleDissatisfied for reasons.
	Style Style
	// LabelHead, ValueHead and ShareHead head the table's columns; the
	// share is each count's percentage of the total.
	LabelHead, ValueHead, ShareHead string
	NoData                          string
	Comma                           bool
}

// HBar is one labelled count; a negative count counts 0.
type HBar struct {
	Label string
	Value int
}

func (b HBar) value() int { return maxInt(b.Value, 0) }

// SVG draws the bars.
func (c HBars) SVG() template.HTML {
	const rowH, barH, left = 42, 14, 4
	max, total := 0, 0
	for _, it := range c.Items {
		max = maxInt(max, it.value())
		total += it.value()
	}
	var body svg
	body.defs(c.ID)
	// The widest value label decides how much room the bars leave.
	valueW := 0
	for _, it := range c.Items {
		valueW = maxInt(valueW, utf8.RuneCountInString(Int(it.value(), c.Comma)))
	}
	barMax := float64(chartW-left-padRight) - float64(valueW)*charWidth - 8
	for i, it := range c.Items {
		y := float64(padTop + i*rowH)
		body.text(left, y+14, "", "label", shorten(it.Label, maxHLabel))
		w := 0.0
		if max > 0 && it.value() > 0 {
			w = float64(it.value()) / float64(max) * barMax
			body.rect(left, y+20, w, barH, "bar", c.Style.fill(c.ID), it.Label+": "+Int(it.value(), c.Comma))
		}
		body.text(left+w+6, y+20+barH-2, "", "value", Int(it.value(), c.Comma))
	}
	h := float64(padTop + len(c.Items)*rowH + 6)
	if total == 0 {
		h = float64(padTop + 60)
		body.text(chartW/2, padTop+30, "middle", "nodata", c.NoData)
	}
	var b svg
	b.open("hbars", c.ID, chartW, h, c.Title, c.Desc)
	b.WriteString(body.String())
	return b.close()
}

// Table returns a row per item: label, count and share of the total.
func (c HBars) Table() Table {
	total := 0
	for _, it := range c.Items {
		total += it.value()
	}
	t := Table{Caption: c.Title, Head: []string{c.LabelHead, c.ValueHead, c.ShareHead}}
	for _, it := range c.Items {
		share := muted("—")
		if total > 0 {
			share = figure(Pct(100*float64(it.value())/float64(total), c.Comma) + "%")
		}
		t.Rows = append(t.Rows, []Cell{text(it.Label), figure(Int(it.value(), c.Comma)), share})
	}
	return t
}

// maxHLabel is the longest label drawn whole: about the width of the chart
// at the phone's label size. A longer one is cut with "…" in the picture;
// the bar's tooltip and the table keep it whole.
const maxHLabel = 52

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
