package report

import (
	"strconv"
	"time"

	"hailong/kiosk/score"
	"hailong/kiosk/survey"
)

// Kind is how a column's values are typed in a spreadsheet.
type Kind int

// Column kinds.
const (
	Text    Kind = iota // a string, neutralised against formulas
	Int                 // a count
	Percent             // a score.Percent: a number with one decimal, empty without a figure
	Time                // a local wall-clock time (time.Time in the centre's zone)
)

// Column is one column of a table: its heading in both languages, its
// kind, and its width in an XLSX sheet (characters).
type Column struct {
	VI, EN string
	Kind   Kind
	Width  float64
}

// Heading is the column's header cell: Vietnamese first, English beside.
func (c Column) Heading() string { return c.VI + " / " + c.EN }

// TimeLayout is how a local time is written in CSV: ISO order, which
// every spreadsheet reads the same whatever its locale.
const TimeLayout = "2006-01-02 15:04:05"

// csvCell writes one value of a column as CSV text: text neutralised,
// numbers plain, a percentage with a decimal point and no sign, "" when
// there is no figure.
func csvCell(k Kind, v any) string {
	switch x := v.(type) {
	case string:
		return survey.CSVText(x)
	case int:
		return strconv.Itoa(x)
	case score.Percent:
		if !x.OK() {
			return ""
		}
		return strconv.FormatFloat(x.Value(), 'f', 1, 64)
	case time.Time:
		return x.Format(TimeLayout)
	}
	return ""
}
