package chart

import (
	"fmt"
	"testing"
)

func TestStackedBars(t *testing.T) {
	allZero := levels(11)
	for i := range allZero {
		allZero[i].Values = make([]int, 11)
	}
	tests := []struct {
		name       string
		categories []string
		series     []Series
	}{
		{"bars-hours", hours(), levels(11)},
		{"bars-all-zero", hours(), allZero},
		{"bars-one-day", []string{"14/03"}, levels(1)},
		{"bars-90-days", days(90), []Series{{Name: "Số lượt", Style: StyleVolume, Values: levels(90)[0].Values}}},
		{"bars-escaped", []string{nasty, "b"}, []Series{{Name: nasty, Style: StyleDissatisfied, Values: []int{3, 1}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := StackedBars{ID: tc.name, Title: "Theo giờ " + nasty, Desc: "Số lượt mỗi giờ",
				Categories: tc.categories, Series: tc.series, CategoryHead: "Giờ", TotalHead: "Tổng",
				NoData: "Chưa có đánh giá", Comma: true}
			got := c.SVG()
			els := parse(t, got)
			checkAccessible(t, els, c.Title, c.Desc)
			nonZero, total := 0, 0
			for _, s := range tc.series {
				for _, v := range s.Values {
					if v > 0 {
						nonZero++
						total += v
					}
				}
			}
			if n := count(els, "rect", "bar"); n != nonZero {
				t.Errorf("%d bars, want %d (one per non-zero value)", n, nonZero)
			}
			if n := count(els, "text", "nodata"); (n == 1) != (total == 0) {
				t.Errorf("%d no-data notes for a total of %d", n, total)
			}
			if n := count(els, "g", "legend-item"); n != len(tc.series) {
				t.Errorf("%d legend items, want %d", n, len(tc.series))
			}
			tab := c.Table()
			if len(tab.Rows) != len(tc.categories) || len(tab.Head) != len(tc.series)+2 {
				t.Errorf("table %d rows × %d columns, want %d × %d", len(tab.Rows), len(tab.Head), len(tc.categories), len(tc.series)+2)
			}
			golden(t, tc.name, got)
		})
	}
}

func TestStackedBarsTableNumbers(t *testing.T) {
	c := StackedBars{Categories: []string{"08", "09"}, Series: []Series{
		{Name: "A", Values: []int{1200, 3}}, {Name: "B", Values: []int{34}}, // B has no value for 09
	}, CategoryHead: "Giờ", TotalHead: "Tổng", Comma: true}
	tab := c.Table()
	want := [][]string{{"08", "1.200", "34", "1.234"}, {"09", "3", "0", "3"}}
	for r, row := range want {
		for k, w := range row {
			if got := tab.Rows[r][k].Text; got != w {
				t.Errorf("row %d column %d = %q, want %q", r, k, got, w)
			}
		}
	}
}

func TestNiceScale(t *testing.T) {
	tests := []struct{ max, top, step int }{
		{0, 1, 1}, {1, 1, 1}, {4, 4, 1}, {5, 5, 1}, {6, 6, 2}, {7, 8, 2}, {11, 15, 5},
		{23, 25, 5}, {26, 30, 10}, {99, 100, 20}, {101, 150, 50}, {1234, 1500, 500},
	}
	for _, tc := range tests {
		if top, step := niceScale(tc.max); top != tc.top || step != tc.step {
			t.Errorf("niceScale(%d) = %d, %d; want %d, %d", tc.max, top, step, tc.top, tc.step)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{Pct(82.45, true), "82,5"}, {Pct(82.45, false), "82.5"}, {Pct(100, true), "100,0"},
		{Int(0, true), "0"}, {Int(999, true), "999"}, {Int(1000, true), "1.000"},
		{Int(1234567, false), "1,234,567"}, {Int(-1234, true), "-1.234"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// Axis labels never overlap, however many bars: 90 daily bars are
// labelled every few days, at least a label's width apart.
func TestAxisLabelsDoNotOverlap(t *testing.T) {
	for _, k := range []int{1, 11, 30, 90} {
		c := StackedBars{ID: "x", Categories: days(k), Series: levels(k)}
		var xs []float64
		for _, e := range parse(t, c.SVG()) {
			if e.name == "text" && e.attrs["text-anchor"] == "middle" && e.attrs["class"] == "axis" {
				var x float64
				fmt.Sscan(e.attrs["x"], &x)
				xs = append(xs, x)
			}
		}
		if len(xs) == 0 {
			t.Fatalf("%d bars: no axis labels", k)
		}
		for i := 1; i < len(xs); i++ {
			if gap := xs[i] - xs[i-1]; gap < 5*charWidth {
				t.Errorf("%d bars: labels %v apart, less than a 5-character label", k, gap)
			}
		}
	}
}
