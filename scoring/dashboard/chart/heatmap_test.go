package chart

import "testing"

var weekdays = []string{"T2", "T3", "T4", "T5", "T6", "T7", "CN"}

func heatCells(rows, cols int) [][]HeatCell {
	cells := make([][]HeatCell, rows)
	for r := range cells {
		cells[r] = make([]HeatCell, cols)
		for k := range cells[r] {
			n := (r*17 + k*29) % 61
			if r == 6 {
				n = 0 // Sunday: closed
			}
			cells[r][k] = HeatCell{N: n, Rate: 40 + float64((r*11+k*7)%60)}
		}
	}
	return cells
}

func TestHeatmap(t *testing.T) {
	zero := make([][]HeatCell, 7)
	for r := range zero {
		zero[r] = make([]HeatCell, 11)
	}
	tests := []struct {
		name  string
		rows  []string
		cols  []string
		cells [][]HeatCell
	}{
		{"heatmap-week", weekdays, hours(), heatCells(7, 11)},
		{"heatmap-all-zero", weekdays, hours(), zero},
		{"heatmap-24h-ragged", weekdays, append(hours(), "18", "19", "20", "21", "22", "23", "00", "01", "02", "03", "04", "05", "06"), heatCells(3, 24)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Heatmap{ID: tc.name, Title: "Theo thứ và giờ", Desc: "Màu: tỷ lệ hài lòng; số: n",
				Rows: tc.rows, Cols: tc.cols, Cells: tc.cells, MinN: 30, CornerHead: "Thứ", ThinLabel: "n < 30", Comma: true}
			got := c.SVG()
			els := parse(t, got)
			checkAccessible(t, els, c.Title, c.Desc)
			thin, labelled := 0, 0
			for r := range tc.rows {
				for k := range tc.cols {
					h := c.cell(r, k)
					if h.N < 30 {
						thin++
					}
					if h.N > 0 {
						labelled++
					}
				}
			}
			if n := count(els, "rect", "cell"); n != len(tc.rows)*len(tc.cols) {
				t.Errorf("%d cells, want %d", n, len(tc.rows)*len(tc.cols))
			}
			if n := count(els, "rect", "thin"); n != thin {
				t.Errorf("%d hatched cells, want %d (n < 30)", n, thin)
			}
			if n := count(els, "text", "cell"); n != labelled {
				t.Errorf("%d cell labels, want %d (n > 0)", n, labelled)
			}
			tab := c.Table()
			if len(tab.Rows) != len(tc.rows) || len(tab.Rows[0]) != len(tc.cols)+1 {
				t.Errorf("table is %d × %d", len(tab.Rows), len(tab.Rows[0]))
			}
			golden(t, tc.name, got)
		})
	}
}

func TestHeatBin(t *testing.T) {
	tests := []struct {
		rate float64
		want string
	}{{0, "#B35806"}, {49.9, "#B35806"}, {50, "#F1A340"}, {79.9, "#FEE0B6"}, {80, "#92C5DE"}, {90, "#2166AC"}, {100, "#2166AC"}}
	for _, tc := range tests {
		if got := heatBin(tc.rate).fill; got != tc.want {
			t.Errorf("heatBin(%v) = %s, want %s", tc.rate, got, tc.want)
		}
	}
}

// The table says the same as the cells: rate and n where n ≥ MinN, only
// n (muted) below it, a dash where there is no rating.
func TestHeatmapTable(t *testing.T) {
	c := Heatmap{Rows: []string{"T2"}, Cols: []string{"08", "09", "10"}, MinN: 30, Comma: true,
		Cells: [][]HeatCell{{{N: 45, Rate: 83.33}, {N: 12, Rate: 50}, {}}}}
	row := c.Table().Rows[0]
	want := []Cell{text("T2"), figure("83,3% · n = 45"), muted("n = 12"), muted("—")}
	for i, w := range want {
		if row[i] != w {
			t.Errorf("cell %d = %+v, want %+v", i, row[i], w)
		}
	}
}
