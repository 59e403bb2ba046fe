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
}

func newChrome(lang Lang, cfg *survey.Config, body fyne.CanvasObject, clock survey.Clock, onLang, onStaff func()) *chrome {
	c := &chrome{}
	logoImg := newDrawing(assets.Logo)
	c.logo = NewLongPress(logoImg, clock, cfg.Timings.LongPress, onStaff)
	logoBox := container.New(minSizeLayout{fyne.NewSize(80, 80)}, c.logo)

	// The centre's name shrinks rather than wrap or be cut off in portrait.
	centre := NewFitText(cfg.CentreName, textSize, true, colTileText)
	counter := NewFitText(cfg.CounterName, textSize, false, colTileText)
	names := container.NewVBox(centre, counter)

	var right fyne.CanvasObject = layoutSpacer()
	if onLang != nil {
		c.langBtn = NewBigButton(tr(lang, "lang.toggle"), onLang)
		c.langBtn.MinH = 80
		right = container.New(minSizeLayout{fyne.NewSize(200, 80)}, c.langBtn)
	}
	barBg := canvas.NewRectangle(colHeader)
	bar := container.NewStack(barBg, container.NewPadded(container.NewBorder(nil, nil, logoBox, right, container.New(vCentre{}, names))))
	c.content = container.NewBorder(bar, nil, nil, nil, container.NewPadded(body))
	return c
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
		pic = newDrawing(photo)
	} else {
		circle := canvas.NewCircle(colPrimary)
		txt := canvas.NewText(initials(o.Name), colTileText)
		txt.TextSize = side * 0.38
		txt.TextStyle = fyne.TextStyle{Bold: true}
		txt.Alignment = fyne.TextAlignCenter
		pic = container.NewStack(circle, container.NewCenter(txt))
	}
	picBox := container.New(minSizeLayout{fyne.NewSize(side, side)}, pic)
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
