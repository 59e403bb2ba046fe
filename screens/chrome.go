package screens

import (
	"image/color"

	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hailong/kiosk/assets"
	"hailong/kiosk/survey"
)

// chrome is the frame of every citizen screen: a header bar with the logo
// (long press opens staff screens), the centre and counter, and the language
// toggle; the body fills the rest.
type chrome struct {
	content fyne.CanvasObject
	logo    *LongPress
	langBtn *BigButton
	// notice covers the body (never the header, so the language toggle
	// stays live) while a save waits for the disk.
	notice     *fyne.Container
	noticeText *canvas.Text
}

func newChrome(lang Lang, cfg *survey.Config, body fyne.CanvasObject, clock survey.Clock, onLang, onStaff func()) *chrome {
	c := &chrome{}
	logoImg := newDrawing(assets.Logo)
	c.logo = NewLongPress(logoImg, clock, cfg.Timings.LongPress, onStaff)
	logoBox := container.New(minSizeLayout{fyne.NewSize(80, 80)}, c.logo)

	// The centre's name shrinks rather than wrap or be cut off in portrait.
	centre := NewFitText(cfg.CentreName, textSize, true, colTileText)
	counter := NewFitText(counterName(lang, cfg.CounterName), textSize, false, colTileText)
	names := container.NewVBox(centre, counter)

	var right fyne.CanvasObject = layoutSpacer()
	if onLang != nil {
		c.langBtn = NewBigButton(tr(lang, "lang.toggle"), onLang)
		right = container.New(minSizeLayout{fyne.NewSize(200, touchHeight)}, c.langBtn)
	}
	barBg := canvas.NewRectangle(colHeader)
	bar := container.NewStack(barBg, container.NewPadded(container.NewBorder(nil, nil, logoBox, right, container.New(vCentre{}, names))))
	c.notice = c.newNotice()
	c.content = container.NewBorder(bar, nil, nil, nil, container.NewStack(container.NewPadded(body), c.notice))
	return c
}

// newNotice builds the hidden "Đang lưu…" card over a light veil.
func (c *chrome) newNotice() *fyne.Container {
	veil := canvas.NewRectangle(colVeil)
	card := canvas.NewRectangle(colBackground)
	card.StrokeColor = colPrimary
	card.StrokeWidth = 4
	card.CornerRadius = 18
	c.noticeText = canvas.NewText("", colText)
	c.noticeText.TextSize = headingSize
	c.noticeText.TextStyle = fyne.TextStyle{Bold: true}
	c.noticeText.Alignment = fyne.TextAlignCenter
	box := container.New(minSizeLayout{fyne.NewSize(360, 2*touchHeight)}, card, container.NewCenter(c.noticeText))
	n := container.NewStack(veil, container.NewCenter(box))
	n.Hide()
	return n
}

// showNotice shows text over the body.
func (c *chrome) showNotice(text string) {
	c.noticeText.Text = text
	c.noticeText.Refresh()
	c.notice.Show()
}

// hideNotice hides the notice, if shown.
func (c *chrome) hideNotice() {
	if c.notice.Visible() {
		c.notice.Hide()
	}
}

// counterName is the counter's name in lang: in English, "Quầy 3" reads
// "Counter 3"; other configured names are shown as they are.
func counterName(lang Lang, name string) string {
	if rest, ok := strings.CutPrefix(name, "Quầy "); ok && lang == LangEN {
		return "Counter " + rest
	}
	return name
}

func layoutSpacer() fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(0, 0))
	return r
}

// officerCard shows the signed-in officer: photo or initials, name, title.
func officerCard(o survey.Officer, photo fyne.Resource, side float32) fyne.CanvasObject {
	var pic fyne.CanvasObject
	if photo != nil {
		if _, err := pixels(photo); err == nil { // a bad photo: initials, not a blank
			pic = newDrawing(photo)
		}
	}
	if pic == nil {
		circle := canvas.NewCircle(colPrimary)
		txt := canvas.NewText(initials(o.Name), colTileText)
		txt.TextSize = side * 0.38
		txt.TextStyle = fyne.TextStyle{Bold: true}
		txt.Alignment = fyne.TextAlignCenter
		pic = container.NewStack(circle, container.NewCenter(txt))
	}
	// Centred, so the card's height (a wrapped title) never stretches the
	// badge into a pill: photo and initials are both side × side.
	picBox := container.NewCenter(container.New(minSizeLayout{fyne.NewSize(side, side)}, pic))
	name := heading(o.Name, theme.SizeNameSubHeadingText, fyne.TextAlignLeading)
	title := widget.NewLabel(o.Title)
	title.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, picBox, nil, container.NewVBox(layoutSpacer(), name, title))
}

// heading is a bold, wrapping label of the given size.
func heading(text string, size fyne.ThemeSizeName, align fyne.TextAlign) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.SizeName = size
	l.Alignment = align
	l.Wrapping = fyne.TextWrapWord
	return l
}

// body is a wrapping, centred label in the normal text size.
func bodyText(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Alignment = fyne.TextAlignCenter
	l.Wrapping = fyne.TextWrapWord
	return l
}

// initials returns the first letter of the family name and of the given
// name, as Vietnamese name cards show them: "Nguyễn Thị Lan" → "NL".
func initials(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return unicode.IsSpace(r) })
	if len(words) == 0 {
		return "?"
	}
	first := []rune(words[0])[0]
	if len(words) == 1 {
		return strings.ToUpper(string(first))
	}
	last := []rune(words[len(words)-1])[0]
	return strings.ToUpper(string(first) + string(last))
}
