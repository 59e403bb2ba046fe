package dashboard

import (
	"html/template"
	"time"

	"hailong/kiosk/scoring/dashboard/chart"
)

// Figure is a chart and its table, as the "figure" template shows them.
type Figure struct {
	SVG     template.HTML
	Table   chart.Table
	Summary string // the label of the fold that holds the table
}

// charter is what every chart of package chart is.
type charter interface {
	SVG() template.HTML
	Table() chart.Table
}

// NewFigure pairs a chart with its table under a label in lang.
func NewFigure(lang Lang, c charter) Figure {
	return Figure{SVG: c.SVG(), Table: c.Table(), Summary: lang.T("chart.table")}
}

// DayLabel writes a day for a chart axis: 14/03 in Vietnamese, Mar 14 in
// English.
func DayLabel(lang Lang, t time.Time) string {
	if lang == EN {
		return t.Format("Jan 2")
	}
	return t.Format("02/01")
}
