package chart

import "testing"

func TestSparkline(t *testing.T) {
	tests := []struct {
		name         string
		points       []RatePoint
		paths, moves int
	}{
		{"spark-gaps", ratePoints(30, 7), 1, 5},
		{"spark-empty", make([]RatePoint, 5), 0, 0},
		{"spark-one", ratePoints(1, 0), 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Sparkline{ID: tc.name, Title: nasty, Points: tc.points, SlotHead: "Ngày", NHead: "n", RateHead: "Tỷ lệ", Comma: true}
			got := c.SVG()
			els := parse(t, got)
			checkAccessible(t, els, nasty, "")
			if n := count(els, "path", "spark-line"); n != tc.paths {
				t.Fatalf("%d paths, want %d", n, tc.paths)
			}
			if tc.paths > 0 {
				moves := 0
				for _, e := range els {
					if e.name == "path" {
						for _, ch := range e.attrs["d"] {
							if ch == 'M' {
								moves++
							}
						}
					}
				}
				if moves != tc.moves {
					t.Errorf("%d line runs, want %d", moves, tc.moves)
				}
			}
			if len(c.Table().Rows) != len(tc.points) {
				t.Errorf("table rows = %d", len(c.Table().Rows))
			}
			golden(t, tc.name, got)
		})
	}
}
