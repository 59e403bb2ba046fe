package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// codeField shows the dossier code typed or scanned so far in a large box.
// It is never an Entry, so no text field holds the focus on a citizen
// screen. Its minimum size does not depend on the code: a long code (a
// scanner's 34 characters) shrinks to the box's width instead of widening
// the screen and pushing the keypad out of the window.
type codeField struct {
	widget.BaseWidget
	code string
}

var _ fyne.Widget = (*codeField)(nil)

// codeFieldMin is the box's minimum size, whatever the code.
var codeFieldMin = fyne.NewSize(280, touchHeight)

func newCodeField(code string) *codeField {
	c := &codeField{code: code}
	c.ExtendBaseWidget(c)
	return c
}

// SetCode shows code.
func (c *codeField) SetCode(code string) {
	c.code = code
	c.Refresh()
}

// Code is the code on show.
func (c *codeField) Code() string { return c.code }

func (c *codeField) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(colTileText)
	bg.StrokeColor = colMuted
	bg.StrokeWidth = 2
	bg.CornerRadius = 10
	txt := canvas.NewText("", colText)
	txt.TextStyle = fyne.TextStyle{Monospace: true, Bold: true}
	txt.Alignment = fyne.TextAlignCenter
	r := &codeFieldRenderer{c: c, bg: bg, txt: txt}
	r.Refresh()
	return r
}

type codeFieldRenderer struct {
	c   *codeField
	bg  *canvas.Rectangle
	txt *canvas.Text
}

func (r *codeFieldRenderer) Destroy() {}

func (r *codeFieldRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.txt} }

func (r *codeFieldRenderer) MinSize() fyne.Size { return codeFieldMin }

// Layout gives the text the largest size up to the heading size at which
// the whole code fits the box.
func (r *codeFieldRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	pad := float32(innerPadding)
	ts := float32(headingSize)
	for ts > 12 && fyne.MeasureText(r.txt.Text, ts, r.txt.TextStyle).Width > size.Width-2*pad {
		ts--
	}
	r.txt.TextSize = ts
	h := fyne.MeasureText(r.txt.Text, ts, r.txt.TextStyle).Height
	r.txt.Resize(fyne.NewSize(size.Width-2*pad, h))
	r.txt.Move(fyne.NewPos(pad, (size.Height-h)/2))
}

func (r *codeFieldRenderer) Refresh() {
	r.txt.Text = r.c.code
	if r.txt.Text == "" {
		r.txt.Text = "—"
	}
	r.Layout(r.c.Size())
	r.txt.Refresh()
	r.bg.Refresh()
}
