package chart

import (
	"html"
	"html/template"
	"strconv"
	"strings"
)

// svg accumulates the markup of one chart.
type svg struct {
	strings.Builder
}

// esc escapes text and attribute values for both HTML and XML: html's
// EscapeString turns <, >, &, ' and " into entities that XML knows too.
func esc(s string) string { return html.EscapeString(s) }

// num writes a coordinate with at most one decimal and no trailing ".0",
// which keeps the markup (and the golden files) short.
func num(f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0")
}

// open writes the root element with its accessible name and description.
// id must be unique in the page: the title, the description and the
// patterns are referenced by ids derived from it.
func (b *svg) open(class, id string, w, h float64, title, desc string) {
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="chart ` + class + `" viewBox="0 0 ` + num(w) + ` ` + num(h) + `"`)
	b.WriteString(` role="img" aria-labelledby="` + esc(id) + `-t ` + esc(id) + `-d" preserveAspectRatio="xMidYMid meet">`)
	b.WriteString(`<title id="` + esc(id) + `-t">` + esc(title) + `</title>`)
	b.WriteString(`<desc id="` + esc(id) + `-d">` + esc(desc) + `</desc>`)
}

func (b *svg) close() template.HTML {
	b.WriteString(`</svg>`)
	// The builder holds only markup written by this package, with every
	// piece of data escaped by esc, so it is safe HTML.
	return template.HTML(b.String())
}

// text writes a text element; anchor is start, middle or end.
func (b *svg) text(x, y float64, anchor, class, s string) {
	b.WriteString(`<text x="` + num(x) + `" y="` + num(y) + `"`)
	if anchor != "" && anchor != "start" {
		b.WriteString(` text-anchor="` + anchor + `"`)
	}
	if class != "" {
		b.WriteString(` class="` + class + `"`)
	}
	b.WriteString(`>` + esc(s) + `</text>`)
}

// line writes a straight line with a class for its stroke.
func (b *svg) line(x1, y1, x2, y2 float64, class string) {
	b.WriteString(`<line x1="` + num(x1) + `" y1="` + num(y1) + `" x2="` + num(x2) + `" y2="` + num(y2) + `" class="` + class + `"/>`)
}

// rect writes a rectangle with a fill and an optional tooltip.
func (b *svg) rect(x, y, w, h float64, class, fill, tip string) {
	b.WriteString(`<rect x="` + num(x) + `" y="` + num(y) + `" width="` + num(w) + `" height="` + num(h) + `"`)
	if class != "" {
		b.WriteString(` class="` + class + `"`)
	}
	if fill != "" {
		b.WriteString(` fill="` + fill + `"`)
	}
	if tip == "" {
		b.WriteString(`/>`)
		return
	}
	b.WriteString(`><title>` + esc(tip) + `</title></rect>`)
}
