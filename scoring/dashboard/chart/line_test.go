package chart

import (
	"strings"
	"testing"
)

func TestRateLine(t *testing.T) {
	allEmpty := make([]RatePoint, 30)
	for i := range allEmpty {
		allEmpty[i].Label = days(30)[i]
	}
	tests := []struct {
		name                   string
		points                 []RatePoint
		circles, lines, whisks int
	}{
		{"line-30-days-gaps", ratePoints(30, 7), 26, 5, 0},
		{"line-all-empty", allEmpty, 0, 0, 0},
		{"line-one-day", ratePoints(1, 0), 1, 0, 1},
		{"line-90-days", ratePoints(90, 0), 90, 1, 0},
		// Every other day empty: each rated day stands alone, a whisker.
		{"line-isolated", ratePoints(6, 2), 3, 0, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := RateLine{ID: tc.name, Title: "Tỷ lệ hài lòng theo ngày", Desc: "Đường: tỷ lệ; dải: khoảng tin cậy 95%",
				Points: tc.points, SlotHead: "Ngày", NHead: "n", RateHead: "Tỷ lệ hài lòng", IntervalHead: "Khoảng tin cậy 95%",
				LineLabel: "Tỷ lệ hài lòng", BandLabel: "Khoảng tin cậy 95%", NoData: "Chưa có đánh giá", Comma: true}
			got := c.SVG()
			els := parse(t, got)
			checkAccessible(t, els, c.Title, c.Desc)
			if n := count(els, "circle", "pt"); n != tc.circles {
				t.Errorf("%d points, want %d (one per day with n > 0)", n, tc.circles)
			}
			if n := count(els, "path", "rate"); n != tc.lines {
				t.Errorf("%d line segments, want %d", n, tc.lines)
			}
			if n := count(els, "path", "band"); n != tc.lines {
				t.Errorf("%d band segments, want %d", n, tc.lines)
			}
			if n := count(els, "line", "whisker"); n != tc.whisks {
				t.Errorf("%d whiskers, want %d", n, tc.whisks)
			}
			if n := count(els, "text", "nodata"); (n == 1) != (tc.circles == 0) {
				t.Errorf("%d no-data notes with %d points", n, tc.circles)
			}
			if rows := len(c.Table().Rows); rows != len(tc.points) {
				t.Errorf("table has %d rows, want %d", rows, len(tc.points))
			}
			golden(t, tc.name, got)
		})
	}
}

// A day with n = 0 is a gap in the table too: a dash, never "0,0%".
func TestRateLineTableGap(t *testing.T) {
	c := RateLine{Points: []RatePoint{{Label: "01/03", N: 12, Rate: 83.33, Lo: 55.2, Hi: 95.3}, {Label: "02/03"}}, Comma: true}
	rows := c.Table().Rows
	if got := rows[0][2].Text + " " + rows[0][3].Text; got != "83,3% 55,2–95,3%" {
		t.Errorf("rated day = %q", got)
	}
	if got := rows[1][1].Text + " " + rows[1][2].Text; got != "0 —" || !rows[1][2].Muted {
		t.Errorf("empty day = %q (muted %v), want \"0 —\" muted", got, rows[1][2].Muted)
	}
	if svg := string(c.SVG()); strings.Contains(svg, "0,0%") {
		t.Error("an empty day is drawn as 0%")
	}
}

// The previous period is a dashed line per run of rated slots, with no
// band and no points, and a column of the table.
func TestRateLinePrevious(t *testing.T) {
	prev := ratePoints(30, 10) // gaps at 9, 19, 29: three runs
	c := RateLine{ID: "line-with-previous", Title: "Tỷ lệ hài lòng theo ngày", Desc: "So với kỳ trước",
		Points: ratePoints(30, 7), Previous: prev, LineLabel: "Kỳ này", BandLabel: "Khoảng tin cậy 95%",
		PreviousLabel: "Kỳ trước", PreviousHead: "Kỳ trước", Comma: true}
	got := c.SVG()
	els := parse(t, got)
	if n := count(els, "path", "prev"); n != 3 {
		t.Errorf("%d previous-period runs, want 3", n)
	}
	if n := count(els, "circle", "pt"); n != 26 {
		t.Errorf("%d points, want 26 (the previous period has none)", n)
	}
	if n := count(els, "g", "legend-item"); n != 3 {
		t.Errorf("%d legend items, want 3", n)
	}
	tab := c.Table()
	if len(tab.Head) != 5 || tab.Rows[9][4].Text != "—" || tab.Rows[0][4].Text != Pct(prev[0].Rate, true)+"%" {
		t.Errorf("previous column: head %v, row 0 %v, row 9 %v", tab.Head, tab.Rows[0], tab.Rows[9])
	}
	golden(t, "line-with-previous", got)
}
