package chart

import "unicode/utf8"

// Style picks how a series is painted. The colours come from the
// Okabe–Ito palette, which stays distinguishable with the common kinds of
// colour blindness; the two levels that matter most also differ in
// lightness, and "Không hài lòng" is hatched, so a grey print tells them
// apart too.
type Style int

// The styles of the satisfaction levels and of neutral volume bars.
const (
	StyleVerySatisfied Style = iota // Rất hài lòng: dark blue
	StyleSatisfied                  // Hài lòng: sky blue
	StyleDissatisfied               // Không hài lòng: vermilion, hatched
	StyleVolume                     // a count with no level: slate
	StyleFiltered                   // repeat presses counted beside: grey, dotted
)

// Colours of the palette, also used by the stylesheet's legend swatches.
const (
	colourBlue      = "#0072B2"
	colourSky       = "#56B4E9"
	colourVermilion = "#D55E00"
	colourSlate     = "#5B6B7F"
	colourGrey      = "#B8B8B8"
	// The band is sky blue at 30% opacity (the stylesheet's .band); its
	// legend swatch is that colour over white.
	colourBandLegend = "#CCE8F8"
	// The previous period: a dashed grey line (the stylesheet's .prev).
	colourPrevious = "#8A8A8A"
)

// fill returns the fill attribute of a style; patterns are defined by defs
// under ids derived from the chart's id.
func (s Style) fill(id string) string {
	switch s {
	case StyleVerySatisfied:
		return colourBlue
	case StyleSatisfied:
		return colourSky
	case StyleDissatisfied:
		return "url(#" + esc(id) + "-bad)"
	case StyleFiltered:
		return "url(#" + esc(id) + "-filt)"
	default:
		return colourSlate
	}
}

// defs writes the patterns every chart may use: the hatch of
// "Không hài lòng", the grey hatch of cells with too few ratings, and the
// dots of filtered responses.
func (b *svg) defs(id string) {
	id = esc(id)
	b.WriteString(`<defs>`)
	b.WriteString(`<pattern id="` + id + `-bad" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">`)
	b.WriteString(`<rect width="6" height="6" fill="` + colourVermilion + `"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern>`)
	b.WriteString(`<pattern id="` + id + `-thin" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">`)
	b.WriteString(`<rect width="6" height="6" fill="#E4E4E4"/><line x1="0" y1="0" x2="0" y2="6" stroke="` + colourGrey + `" stroke-width="2"/></pattern>`)
	b.WriteString(`<pattern id="` + id + `-filt" patternUnits="userSpaceOnUse" width="5" height="5">`)
	b.WriteString(`<rect width="5" height="5" fill="` + colourGrey + `"/><circle cx="2.5" cy="2.5" r="1" fill="#fff"/></pattern>`)
	b.WriteString(`</defs>`)
}

// legendItem is one swatch and its label.
type legendItem struct {
	fill, label string
}

// Approximate advance of one character at the charts' 13-unit font; a
// legend only needs to avoid overlaps, not to be exact.
const charWidth = 7.2

// legend writes the swatches from (x, y) on, wrapping at maxX, and returns
// the height it used.
func (b *svg) legend(x, y, maxX float64, items []legendItem) float64 {
	const row = 18
	cx, cy := x, y
	for _, it := range items {
		w := 16 + float64(utf8.RuneCountInString(it.label))*charWidth + 14
		if cx > x && cx+w > maxX {
			cx, cy = x, cy+row
		}
		b.WriteString(`<g class="legend-item">`)
		b.rect(cx, cy, 12, 12, "swatch", it.fill, "")
		b.text(cx+16, cy+10.5, "", "legend", it.label)
		b.WriteString(`</g>`)
		cx += w
	}
	return cy - y + row
}
