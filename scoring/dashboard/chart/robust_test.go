package chart

import (
	"math"
	"strings"
	"testing"
)

// Charts given nonsense (negative counts, NaN and infinite rates, rates
// outside 0–100, huge counts, ragged series) still draw well-formed SVG
// with no NaN or Inf in it, and never panic.
func TestChartsRobust(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	pts := []RatePoint{
		{Label: "a", N: 5, Rate: nan, Lo: 1, Hi: 2}, {Label: "b", N: 5, Rate: inf, Lo: 0, Hi: inf},
		{Label: "c", N: -3, Rate: 50, Lo: 40, Hi: 60}, {Label: "d", N: 9, Rate: 140, Lo: -20, Hi: 300},
		{Label: "e", N: 9, Rate: 50, Lo: 60, Hi: 40},
	}
	outputs := []string{
		string(StackedBars{ID: "s", Categories: []string{"a", "b", "c"}, Series: []Series{
			{Name: "x", Values: []int{-5, 1 << 40}}, {Name: "y", Values: nil}, {Name: "z", Values: []int{1, 2, 3, 4, 5}}}}.SVG()),
		string(StackedBars{ID: "empty"}.SVG()),
		string(RateLine{ID: "l", Points: pts}.SVG()),
		string(RateLine{ID: "none"}.SVG()),
		string(Heatmap{ID: "h", Rows: []string{"r"}, Cols: []string{"a", "b", "c"}, MinN: 1,
			Cells: [][]HeatCell{{{N: 5, Rate: nan}, {N: -1, Rate: 50}, {N: 5, Rate: inf}}, {{N: 1}}}}.SVG()),
		string(Heatmap{ID: "h0"}.SVG()),
		string(Sparkline{ID: "sp", Points: pts}.SVG()),
		string(Sparkline{ID: "sp0"}.SVG()),
	}
	for i, out := range outputs {
		parse(t, templateHTML(out))
		for _, bad := range []string{"NaN", "Inf"} {
			if strings.Contains(out, bad) {
				t.Errorf("chart %d holds %s:\n%s", i, bad, out)
			}
		}
	}
}
