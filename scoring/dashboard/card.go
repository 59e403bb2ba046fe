package dashboard

// Card is a metric card of a page's top row: a label, the figure, and
// optionally its change against a previous period and a note (n, the
// interval). All text is already translated and formatted.
type Card struct {
	Label, Value string
	// Change is the formatted change ("2,1 điểm"); Trend says its
	// direction (+1 up, −1 down, 0 none) and draws ▲ or ▼ beside it, so
	// the colour never carries the meaning alone.
	Change string
	Trend  int
	// Tone colours the change or the figure: "good", "bad" or "".
	Tone string
	Note string
}

// Arrow returns the sign of the change as a character.
func (c Card) Arrow() string {
	switch {
	case c.Trend > 0:
		return "▲"
	case c.Trend < 0:
		return "▼"
	}
	return "="
}
