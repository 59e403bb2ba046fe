package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// setupField is one box of the setup screen (the server's address, the
// enrolment code): a caption, the text typed so far and, on the box the
// keys type into, a thick frame and a caret. It is never an Entry: the
// screen's own keyboard, a USB keyboard and a barcode scanner all type
// through the window's canvas, so no widget ever holds the focus. A tap
// makes it the box the keys type into. A long address shrinks to the
// box's width instead of widening the screen.
type setupField struct {
	widget.BaseWidget
	caption string
	text    string
	active  bool
	upper   bool // the code: letters are shown and kept in upper case
	onTap   func()
}

var (
	_ fyne.Widget   = (*setupField)(nil)
	_ fyne.Tappable = (*setupField)(nil)
)

// setupFieldMin is a box's minimum size, whatever its text.
var setupFieldMin = fyne.NewSize(260, touchHeight)

func newSetupField(caption, text string, upper bool, onTap func()) *setupField {
	f := &setupField{caption: caption, upper: upper, onTap: onTap}
	f.ExtendBaseWidget(f)
	f.SetText(text)
	return f
}

// Tapped makes this the box the keys type into.
func (f *setupField) Tapped(*fyne.PointEvent) {
	if f.onTap != nil {
		f.onTap()
	}
}

// Text is what was typed.
func (f *setupField) Text() string { return f.text }

// SetText replaces the text and redraws.
func (f *setupField) SetText(s string) {
	if f.upper {
		s = upperASCII(s)
	}
	f.text = s
	f.Refresh()
}

// SetActive shows whether the keys type into this box.
func (f *setupField) SetActive(a bool) {
	f.active = a
	f.Refresh()
}

func (f *setupField) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(colTileText)
	bg.CornerRadius = 10
	capt := canvas.NewText(f.caption, colMuted)
	capt.TextSize = staffTextSize - 2
	txt := canvas.NewText("", colText)
	txt.TextStyle = fyne.TextStyle{Monospace: true, Bold: true}
	r := &setupFieldRenderer{f: f, bg: bg, capt: capt, txt: txt}
	r.Refresh()
	return r
}

type setupFieldRenderer struct {
	f    *setupField
	bg   *canvas.Rectangle
	capt *canvas.Text
	txt  *canvas.Text
}

func (r *setupFieldRenderer) Destroy() {}

func (r *setupFieldRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.capt, r.txt}
}

func (r *setupFieldRenderer) MinSize() fyne.Size { return setupFieldMin }

// Layout gives the text the largest size up to the sub-heading size at
// which it fits the box, under the caption.
func (r *setupFieldRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	pad := float32(innerPadding)
	capH := fyne.MeasureText(r.capt.Text, r.capt.TextSize, r.capt.TextStyle).Height
	r.capt.Move(fyne.NewPos(pad, 4))
	r.capt.Resize(fyne.NewSize(size.Width-2*pad, capH))
	ts := float32(subHeading)
	for ts > 12 && fyne.MeasureText(r.txt.Text, ts, r.txt.TextStyle).Width > size.Width-2*pad {
		ts--
	}
	r.txt.TextSize = ts
	h := fyne.MeasureText(r.txt.Text, ts, r.txt.TextStyle).Height
	r.txt.Resize(fyne.NewSize(size.Width-2*pad, h))
	top := 4 + capH
	r.txt.Move(fyne.NewPos(pad, top+(size.Height-top-h)/2))
}

func (r *setupFieldRenderer) Refresh() {
	f := r.f
	r.txt.Text = f.text
	if f.active {
		r.txt.Text += "▏"
	}
	r.bg.StrokeColor, r.bg.StrokeWidth = colMuted, 2
	if f.active {
		r.bg.StrokeColor, r.bg.StrokeWidth = colPrimary, 5
	}
	r.Layout(f.Size())
	r.bg.Refresh()
	r.capt.Refresh()
	r.txt.Refresh()
}

// upperASCII upper-cases a to z only: a code has no other letters, and a
// stray Vietnamese letter is left for the server to refuse.
func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
