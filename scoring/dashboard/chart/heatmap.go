package chart

import (
	"html/template"
	"math"
)

// Heatmap is a grid of rates, a row per weekday and a column per hour,
// coloured by the rate with n written in each cell. A cell with fewer than
// MinN ratings is hatched grey instead of coloured: its rate is not
// reliable enough to compare, so it must not look like one.
type Heatmap struct {
	ID, Title, Desc string
	Rows            []string     // row labels, top to bottom (T2 … CN)
	Cols            []string     // column labels, left to right (07 … 17)
	Cells           [][]HeatCell // Cells[row][col]; missing cells have n = 0
	MinN            int
	// CornerHead heads the table's first column; ThinLabel names the
	// hatched cells in the legend ("n < 30").
	CornerHead, ThinLabel string
	Comma                 bool
}

// HeatCell is one cell: n and the rate in percent.
type HeatCell struct {
	N    int
	Rate float64
}

// heatBins are the colour classes of a rate, from a diverging orange–blue
// scheme that stays readable for colour-blind readers: the low rates, the
// ones a manager must see, are the dark orange ones.
var heatBins = []struct {
	below       float64
	fill, label string
	dark        bool
}{
	{50, "#B35806", "< 50%", true},
	{70, "#F1A340", "50–70%", false},
	{80, "#FEE0B6", "70–80%", false},
	{90, "#92C5DE", "80–90%", false},
	{math.Inf(1), "#2166AC", "≥ 90%", true},
}

func (c Heatmap) cell(r, k int) HeatCell {
	if r >= len(c.Cells) || k >= len(c.Cells[r]) || c.Cells[r][k].N < 0 {
		return HeatCell{}
	}
	return c.Cells[r][k]
}

func (c Heatmap) thin(h HeatCell) bool {
	return h.N == 0 || h.N < c.MinN || !finite(h.Rate)
}

// SVG draws the grid.
func (c Heatmap) SVG() template.HTML {
	const left, top, cellH = 36, 20, 26
	plotW := float64(chartW - left - padRight)
	cellW := plotW / float64(maxInt(len(c.Cols), 1))
	font := "cell"
	if cellW < 24 {
		font = "cell small"
	}
	var body svg
	body.defs(c.ID)
	every := labelEvery(len(c.Cols), plotW, 22)
	for k, col := range c.Cols {
		if k%every == 0 {
			body.text(left+(float64(k)+0.5)*cellW, top-6, "middle", "axis", col)
		}
	}
	for r, row := range c.Rows {
		y := float64(top + r*cellH)
		body.text(left-4, y+cellH/2+4, "end", "axis", row)
		for k, col := range c.Cols {
			h := c.cell(r, k)
			x := left + float64(k)*cellW
			tip := row + " " + col + ": n = " + Int(h.N, c.Comma)
			if c.thin(h) {
				body.rect(x, y, cellW-1, cellH-1, "cell thin", "url(#"+esc(c.ID)+"-thin)", tip)
			} else {
				tip += ", " + Pct(h.Rate, c.Comma) + "%"
				body.rect(x, y, cellW-1, cellH-1, "cell", heatBin(h.Rate).fill, tip)
			}
			if h.N > 0 {
				class := font
				if !c.thin(h) && heatBin(h.Rate).dark {
					class += " on-dark"
				}
				body.text(x+(cellW-1)/2, y+cellH/2+3.5, "middle", class, Int(h.N, c.Comma))
			}
		}
	}
	items := make([]legendItem, 0, len(heatBins)+1)
	for _, bin := range heatBins {
		items = append(items, legendItem{bin.fill, bin.label})
	}
	items = append(items, legendItem{"url(#" + esc(c.ID) + "-thin)", c.ThinLabel})
	gridBottom := float64(top + len(c.Rows)*cellH)
	lh := body.legend(left, gridBottom+8, chartW-padRight, items)

	var b svg
	b.open("heatmap", c.ID, chartW, gridBottom+8+lh, c.Title, c.Desc)
	b.WriteString(body.String())
	return b.close()
}

func heatBin(rate float64) (bin struct {
	below       float64
	fill, label string
	dark        bool
}) {
	for _, bin = range heatBins {
		if rate < bin.below {
			return bin
		}
	}
	return bin
}

// Table returns the grid as a table: a row per row label, a column per
// column label, each cell "rate% · n", muted where n < MinN.
func (c Heatmap) Table() Table {
	t := Table{Caption: c.Title, Head: append([]string{c.CornerHead}, c.Cols...)}
	for r, row := range c.Rows {
		cells := []Cell{text(row)}
		for k := range c.Cols {
			h := c.cell(r, k)
			switch {
			case h.N == 0:
				cells = append(cells, muted("—"))
			case c.thin(h):
				cells = append(cells, muted("n = "+Int(h.N, c.Comma)))
			default:
				cells = append(cells, figure(Pct(h.Rate, c.Comma)+"% · n = "+Int(h.N, c.Comma)))
			}
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}
