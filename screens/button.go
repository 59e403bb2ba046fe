package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// BigButton is a large touch target whose text wraps instead of being cut
// off: reason chips, Gửi / Bỏ qua, keypad keys and the language toggle.
// Selected buttons (chosen reasons) are dark teal with a tick and a dark
// frame, so that they never look like the blue Gửi button.
type BigButton struct {
	widget.BaseWidget
	Text     string
	Selected bool
	Primary  bool // a main action: primary colour even when not selected
	Disabled bool
	Pressed  bool // the touch was taken and its action is under way (a slow save)
	MinH     float32
	MinW     float32 // 0: 1.2 × touchHeight
	OnTapped func()
}

var (
	_ fyne.Widget   = (*BigButton)(nil)
	_ fyne.Tappable = (*BigButton)(nil)
)

// NewBigButton returns a button at least touchHeight high.
func NewBigButton(text string, tapped func()) *BigButton {
	b := &BigButton{Text: text, OnTapped: tapped, MinH: touchHeight}
	b.ExtendBaseWidget(b)
	return b
}

// Tapped runs the action unless the button is disabled.
func (b *BigButton) Tapped(*fyne.PointEvent) {
	if !b.Disabled && b.OnTapped != nil {
		b.OnTapped()
	}
}

// SetSelected changes the selected state and redraws.
func (b *BigButton) SetSelected(s bool) {
	b.Selected = s
	b.Refresh()
}

// SetPressed shows the button pressed, or not, and redraws.
func (b *BigButton) SetPressed(p bool) {
	b.Pressed = p
	b.Refresh()
}

// SetDisabled enables or disables the button and redraws.
func (b *BigButton) SetDisabled(d bool) {
	b.Disabled = d
	b.Refresh()
}

// CreateRenderer builds the button's renderer.
func (b *BigButton) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(colButton)
	bg.CornerRadius = 14
	text := widget.NewRichText(&widget.TextSegment{})
	text.Wrapping = fyne.TextWrapWord
	tick := canvas.NewImageFromResource(theme.NewColoredResource(theme.ConfirmIcon(), theme.ColorNameForegroundOnPrimary))
	tick.FillMode = canvas.ImageFillContain
	r := &bigButtonRenderer{b: b, bg: bg, text: text, tick: tick}
	r.Refresh()
	return r
}

type bigButtonRenderer struct {
	b    *BigButton
	bg   *canvas.Rectangle
	text *widget.RichText
	tick *canvas.Image // shown on selected buttons, so selection is not colour alone
}

func (r *bigButtonRenderer) Destroy() {}

func (r *bigButtonRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.text, r.tick}
}

func (r *bigButtonRenderer) MinSize() fyne.Size {
	w := r.b.MinW
	if w == 0 {
		w = touchHeight * 1.2
	}
	return fyne.NewSize(w, r.b.MinH)
}

func (r *bigButtonRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	pad := float32(innerPadding)
	left := pad
	if r.b.Selected {
		side := float32(textSize) * 1.4
		r.tick.Resize(fyne.NewSize(side, side))
		r.tick.Move(fyne.NewPos(pad, (size.Height-side)/2))
		left = pad*1.5 + side
	}
	w := size.Width - left - pad
	r.text.Resize(fyne.NewSize(w, r.text.MinSize().Height))
	h := r.text.MinSize().Height
	r.text.Resize(fyne.NewSize(w, h))
	r.text.Move(fyne.NewPos(left, (size.Height-h)/2))
}

func (r *bigButtonRenderer) Refresh() {
	b := r.b
	var fill color.Color = colButton
	colour := theme.ColorNameForeground
	switch {
	case b.Pressed:
		fill = colPressed
		colour = theme.ColorNameForegroundOnPrimary
	case b.Disabled:
		fill = colBackground
		colour = theme.ColorNameDisabled
	case b.Selected:
		// a chosen reason: dark teal with a tick, unlike the blue of Gửi
		fill = colSelected
		colour = theme.ColorNameForegroundOnPrimary
	case b.Primary:
		fill = colPrimary
		colour = theme.ColorNameForegroundOnPrimary
	}
	r.bg.FillColor = fill
	r.bg.StrokeColor = colMuted
	r.bg.StrokeWidth = 0
	switch {
	case b.Pressed:
		r.bg.StrokeColor = colText
		r.bg.StrokeWidth = 6
	case b.Disabled:
		r.bg.StrokeWidth = 2
	case b.Selected:
		r.bg.StrokeColor = colText
		r.bg.StrokeWidth = 4
	}
	seg := r.text.Segments[0].(*widget.TextSegment)
	seg.Text = b.Text
	seg.Style = widget.RichTextStyle{Alignment: fyne.TextAlignCenter, ColorName: colour, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameText, Inline: false}
	r.text.Refresh()
	r.tick.Hidden = !b.Selected
	r.Layout(b.Size())
	r.bg.Refresh()
}
