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

// nbsp joins words that must stay on one line ("hài lòng"): a heading
// breaks only at ordinary spaces.
const nbsp = "\u00a0"

// phraseLabel is a heading that keeps the words joined by nbsp on one line.
// Fyne wraps at every Unicode space, the no-break one included, so the
// label breaks its text itself, at the width it is given, and balances two
// lines ("Mời Ông/Bà đánh giá / mức độ hài lòng", never "… hài / lòng").
type phraseLabel struct {
	widget.Label
	raw string
}

func newPhraseLabel(text string, size fyne.ThemeSizeName) *phraseLabel {
	l := &phraseLabel{raw: text}
	l.Text = strings.ReplaceAll(text, nbsp, " ")
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.SizeName = size
	l.Alignment = fyne.TextAlignCenter
	l.Wrapping = fyne.TextWrapWord
	l.ExtendBaseWidget(l)
	return l
}

// Resize breaks the text for the new width before the label lays it out.
func (l *phraseLabel) Resize(s fyne.Size) {
	th := l.Theme()
	size := th.Size(l.SizeName)
	width := s.Width - 2*th.Size(theme.SizeNameInnerPadding)
	if text := breakPhrases(l.raw, width, func(t string) float32 {
		return fyne.MeasureText(t, size, l.TextStyle).Width
	}); text != l.Text {
		l.Text = text
		l.Label.Refresh()
	}
	l.Label.Resize(s)
}

// breakPhrases breaks text into lines no wider than width at ordinary
// spaces only; two lines are balanced. Words joined by nbsp stay together.
func breakPhrases(text string, width float32, measure func(string) float32) string {
	words := strings.Split(text, " ")
	join := func(ws []string) string { return strings.ReplaceAll(strings.Join(ws, " "), nbsp, " ") }
	if measure(join(words)) <= width {
		return join(words)
	}
	var lines [][]string
	var cur []string
	for _, w := range words {
		if len(cur) > 0 && measure(join(append(cur[:len(cur):len(cur)], w))) > width {
			lines = append(lines, cur)
			cur = nil
		}
		cur = append(cur, w)
	}
	lines = append(lines, cur)
	if len(lines) == 2 {
		best, bestW := -1, float32(0)
		for i := 1; i < len(words); i++ {
			w := max(measure(join(words[:i])), measure(join(words[i:])))
			if w <= width && (best < 0 || w <= bestW) { // a tie: the longer first line
				best, bestW = i, w
			}
		}
		if best > 0 {
			lines = [][]string{words[:best], words[best:]}
		}
	}
	out := make([]string, len(lines))
	for i, ws := range lines {
		out[i] = join(ws)
	}
	return strings.Join(out, "\n")
}
