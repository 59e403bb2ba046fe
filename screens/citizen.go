package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hailong/kiosk/survey"
)

// The citizen screens are plain builders: they take the language, the data
// to show and callbacks, and return the content and the widgets that matter.

// ratingScreen: officer, invitation, question and one tile per level.
type ratingScreen struct {
	content fyne.CanvasObject
	tiles   []*RatingTile
}

func newRatingScreen(lang Lang, sc survey.Scale, officer fyne.CanvasObject, portrait func() bool, onChoose func(survey.Choice)) *ratingScreen {
	s := &ratingScreen{}
	var objs []fyne.CanvasObject
	for _, c := range sc.Choices {
		t := NewRatingTile(c, tr(lang, c.Label), onChoose)
		s.tiles = append(s.tiles, t)
		objs = append(objs, t)
	}
	tiles := container.New(tilesLayout{gap: 16, portrait: portrait}, objs...)
	top := container.NewVBox(
		officer,
		heading(tr(lang, "invite"), theme.SizeNameHeadingText, fyne.TextAlignCenter),
		heading(tr(lang, "question"), theme.SizeNameSubHeadingText, fyne.TextAlignCenter),
	)
	s.content = container.NewBorder(top, nil, nil, nil, tiles)
	return s
}

// idleScreen (invite mode, no invitation yet): the officer and a short
// explanation; it accepts no rating.
func newIdleScreen(lang Lang, officer fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(
		officer,
		layoutGap(40),
		heading(tr(lang, "invite"), theme.SizeNameHeadingText, fyne.TextAlignCenter),
		bodyText(tr(lang, "invite.wait")),
	)
}

// closedScreen: no officer is signed in; it accepts no rating.
func newClosedScreen(lang Lang) fyne.CanvasObject {
	return container.NewVBox(
		layoutGap(120),
		heading(tr(lang, "counter.closed"), theme.SizeNameHeadingText, fyne.TextAlignCenter),
		bodyText(tr(lang, "counter.closed.hint")),
	)
}

// reasonsScreen: multi-select chips, Gửi and Bỏ qua.
type reasonsScreen struct {
	content    fyne.CanvasObject
	chips      map[string]*BigButton
	send, skip *BigButton
}

func newReasonsScreen(lang Lang, reasons []survey.Reason, selected []string, portrait bool, onToggle func(code string), onSend, onSkip func()) *reasonsScreen {
	s := &reasonsScreen{chips: map[string]*BigButton{}}
	on := map[string]bool{}
	for _, c := range selected {
		on[c] = true
	}
	cols := 2
	if portrait {
		cols = 1
	}
	var objs []fyne.CanvasObject
	for _, r := range reasons {
		text := r.VI
		if lang == LangEN {
			text = r.EN
		}
		code := r.Code
		b := NewBigButton(text, func() { onToggle(code) })
		b.Selected = on[code]
		s.chips[code] = b
		objs = append(objs, b)
	}
	s.send = NewBigButton(tr(lang, "send"), onSend)
	s.send.Primary = true
	s.skip = NewBigButton(tr(lang, "skip"), onSkip)
	actions := container.New(gridLayout{cols: 2, gap: 24}, s.skip, s.send)
	top := container.NewVBox(
		heading(tr(lang, "reasons.title"), theme.SizeNameHeadingText, fyne.TextAlignCenter),
		bodyText(tr(lang, "reasons.hint")),
	)
	chips := container.New(gridLayout{cols: cols, gap: 16}, objs...)
	s.content = container.NewBorder(top, container.NewVBox(layoutGap(16), actions), nil, nil, container.NewVScroll(chips))
	return s
}

// dossierScreen: a numeric keypad and the code typed or scanned so far.
type dossierScreen struct {
	content    fyne.CanvasObject
	keys       map[string]*BigButton
	send, skip *BigButton
}

func newDossierScreen(lang Lang, code string, required, portrait bool, onKey func(string), onSend, onSkip func()) *dossierScreen {
	s := &dossierScreen{}
	title := "dossier.title"
	if required {
		title = "dossier.title.req"
	}
	s.keys = keypadKeys(tr(lang, "dossier.clear"), onKey)
	s.send = NewBigButton(tr(lang, "send"), onSend)
	s.send.Primary = true
	s.send.Disabled = required && code == ""
	actions := []fyne.CanvasObject{s.send}
	if !required {
		s.skip = NewBigButton(tr(lang, "skip"), onSkip)
		actions = []fyne.CanvasObject{s.skip, s.send}
	}
	info := container.NewVBox(
		heading(tr(lang, title), theme.SizeNameHeadingText, fyne.TextAlignCenter),
		bodyText(tr(lang, "dossier.hint")),
		codeDisplay(code),
	)
	buttons := container.New(gridLayout{cols: len(actions), gap: 24}, actions...)
	pad := container.New(minSizeLayout{fyne.NewSize(420, 0)}, keypadGrid(s.keys))
	if portrait {
		s.content = container.NewBorder(info, buttons, nil, nil, container.NewCenter(pad))
		return s
	}
	// landscape: the code and the actions on the left, the keypad on the right
	left := container.NewBorder(info, buttons, nil, nil)
	s.content = container.New(gridLayout{cols: 2, gap: 32}, left, pad)
	return s
}

// keypadOrder is the layout of the numeric keypads, telephone style.
var keypadOrder = []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "C"}

// keypadKeys makes the keys of a numeric keypad; "C" clears, "⌫" deletes.
func keypadKeys(clearLabel string, onKey func(string)) map[string]*BigButton {
	keys := map[string]*BigButton{}
	for _, k := range keypadOrder {
		key := k
		label := k
		switch k {
		case "C":
			label = clearLabel
		case "⌫":
			label = "←"
		}
		keys[k] = NewBigButton(label, func() { onKey(key) })
	}
	return keys
}

func keypadGrid(keys map[string]*BigButton) fyne.CanvasObject {
	var objs []fyne.CanvasObject
	for _, k := range keypadOrder {
		objs = append(objs, keys[k])
	}
	return container.New(gridLayout{cols: 3, gap: 12}, objs...)
}

// codeDisplay shows typed characters in a large box (never an Entry, so no
// text field ever holds the focus on a citizen screen).
func codeDisplay(code string) fyne.CanvasObject {
	shown := code
	if shown == "" {
		shown = "—"
	}
	txt := canvas.NewText(shown, colText)
	txt.TextSize = headingSize
	txt.TextStyle = fyne.TextStyle{Monospace: true, Bold: true}
	txt.Alignment = fyne.TextAlignCenter
	bg := canvas.NewRectangle(colTileText)
	bg.StrokeColor = colMuted
	bg.StrokeWidth = 2
	bg.CornerRadius = 10
	return container.New(minSizeLayout{fyne.NewSize(420, touchHeight)}, bg, container.NewCenter(txt))
}

// thanksScreen is the same for every level: staff-blind.
func newThanksScreen(lang Lang) fyne.CanvasObject {
	return container.NewVBox(
		layoutGap(140),
		heading(tr(lang, "thanks"), theme.SizeNameHeadingText, fyne.TextAlignCenter),
		bodyText(tr(lang, "thanks.sub")),
	)
}

// outOfServiceScreen replaces the rating when the store cannot save.
func newOutOfServiceScreen(lang Lang) fyne.CanvasObject {
	title := heading(tr(LangVI, "oos.title"), theme.SizeNameHeadingText, fyne.TextAlignCenter)
	title.Importance = widget.DangerImportance
	return container.NewVBox(
		layoutGap(100),
		title,
		bodyText(tr(LangEN, "oos.title")),
		bodyText(tr(lang, "oos.hint")),
	)
}

func layoutGap(h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(0, h))
	return r
}
