package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// FitText is one line of text that shrinks to fit its width instead of
// wrapping or being cut off: the centre's name in the header, whose height
// must not depend on the width.
type FitText struct {
	widget.BaseWidget
	Text  string
	Max   float32 // the largest text size
	Bold  bool
	Color color.Color
}

var _ fyne.Widget = (*FitText)(nil)

// NewFitText returns a single-line text of at most size.
func NewFitText(text string, size float32, bold bool, c color.Color) *FitText {
	f := &FitText{Text: text, Max: size, Bold: bold, Color: c}
	f.ExtendBaseWidget(f)
	return f
}

// CreateRenderer builds the renderer.
func (f *FitText) CreateRenderer() fyne.WidgetRenderer {
	t := canvas.NewText(f.Text, f.Color)
	t.TextStyle = fyne.TextStyle{Bold: f.Bold}
	t.TextSize = f.Max
	return &fitTextRenderer{f: f, text: t}
}

type fitTextRenderer struct {
	f    *FitText
	text *canvas.Text
}

func (r *fitTextRenderer) Destroy() {}

func (r *fitTextRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.text} }

// MinSize is narrow and exactly one line at the largest size high.
func (r *fitTextRenderer) MinSize() fyne.Size {
	h := fyne.MeasureText("Ấ", r.f.Max, r.text.TextStyle).Height
	return fyne.NewSize(r.f.Max*3, h)
}

func (r *fitTextRenderer) Layout(size fyne.Size) {
	s := r.f.Max
	for s > 10 && fyne.MeasureText(r.f.Text, s, r.text.TextStyle).Width > size.Width {
		s--
	}
	r.text.TextSize = s
	h := fyne.MeasureText(r.f.Text, s, r.text.TextStyle).Height
	r.text.Resize(fyne.NewSize(size.Width, h))
	r.text.Move(fyne.NewPos(0, (size.Height-h)/2))
}

func (r *fitTextRenderer) Refresh() {
	r.text.Text = r.f.Text
	r.text.Color = r.f.Color
	r.Layout(r.f.Size())
	r.text.Refresh()
}
