package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hailong/kiosk/survey"
)

// maxPIN bounds the digits the pad takes.
const maxPIN = 12

// pinPad collects a PIN behind dots and hands it to submit on OK.
type pinPad struct {
	content fyne.CanvasObject
	keys    map[string]*BigButton
	ok      *BigButton
	dots    *canvas.Text
	title   *widget.Label
	message *widget.Label
	digits  string
	submit  func(pin string)
	locked  bool
	tick    survey.Timer // the lock countdown's next redraw
}

// newPINPad builds the pad. portrait says how the window stands: in a
// landscape window the title, dots and message sit beside the keys, so a
// two-line title and a three-line lock message never make the screen
// taller than the window (issue 11, item 1); in portrait they sit above.
func newPINPad(title string, submit func(string), onBack func(), portrait func() bool) *pinPad {
	p := &pinPad{submit: submit}
	p.dots = canvas.NewText("", colText)
	p.dots.TextSize = headingSize
	p.dots.Alignment = fyne.TextAlignCenter
	p.message = widget.NewLabel("")
	p.message.Alignment = fyne.TextAlignCenter
	p.message.Wrapping = fyne.TextWrapWord
	p.message.Importance = widget.DangerImportance
	p.keys = keypadKeys(tr(LangVI, "dossier.clear"), p.press)
	p.ok = NewBigButton(bi("pin.ok"), func() { p.press("OK") })
	p.ok.Primary = true
	back := NewBigButton(bi("staff.back"), onBack)
	box := codeBox(p.dots)
	p.title = heading(title, theme.SizeNameSubHeadingText, fyne.TextAlignCenter)
	top := container.NewVBox(p.title, box, p.message)
	pad := container.New(minSizeLayout{fyne.NewSize(400, 0)}, keypadGrid(p.keys))
	actions := container.New(gridLayout{cols: 2, gap: 16}, back, p.ok)
	keys := container.NewVBox(pad, actions)
	if portrait != nil && portrait() {
		p.content = container.NewCenter(container.NewVBox(top, keys))
	} else {
		// the texts column is centred at its height, wrapped at its width
		texts := container.New(vCentre{}, top)
		p.content = container.NewCenter(container.New(gridLayout{cols: 2, gap: 48}, texts, keys))
	}
	p.refresh()
	return p
}

func codeBox(t *canvas.Text) fyne.CanvasObject {
	bg := canvas.NewRectangle(colTileText)
	bg.StrokeColor = colMuted
	bg.StrokeWidth = 2
	bg.CornerRadius = 10
	return container.New(minSizeLayout{fyne.NewSize(400, 80)}, bg, container.NewCenter(t))
}

// press handles a key: a digit, "⌫", "C" or "OK".
func (p *pinPad) press(key string) {
	switch key {
	case "OK":
		pin := p.digits
		p.digits = ""
		p.refresh()
		p.submit(pin)
		return
	case "C":
		p.digits = ""
	case "⌫":
		if p.digits != "" {
			p.digits = p.digits[:len(p.digits)-1]
		}
	default:
		if len(p.digits) < maxPIN {
			p.digits += key
		}
	}
	p.refresh()
}

func (p *pinPad) refresh() {
	p.dots.Text = strings.Repeat("●", len(p.digits))
	if p.digits == "" {
		p.dots.Text = "—"
	}
	p.dots.Refresh()
}

// setMessage shows a warning under the dots.
func (p *pinPad) setMessage(s string) {
	p.message.SetText(s)
}

// lock disables the pad while it is locked out.
func (p *pinPad) lock(locked bool) {
	p.locked = locked
	for _, b := range p.keys {
		b.Disabled = locked
		b.Refresh()
	}
	p.ok.Disabled = locked
	p.ok.Refresh()
}
