package chart

// Table is the model of the table that accompanies a chart: the same
// numbers as text, already formatted. The dashboard renders it with one
// template for every chart.
type Table struct {
	Caption string
	Head    []string
	Rows    [][]Cell
}

// Cell is one table cell. Num right-aligns it (a figure); Muted greys it
// (a figure shown with too few ratings, or no figure).
type Cell struct {
	Text  string
	Num   bool
	Muted bool
}

func text(s string) Cell   { return Cell{Text: s} }
func figure(s string) Cell { return Cell{Text: s, Num: true} }
func muted(s string) Cell  { return Cell{Text: s, Num: true, Muted: true} }
