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
		newPhraseLabel(tr(lang, "invite"), theme.SizeNameHeadingText),
		newPhraseLabel(tr(lang, "question"), theme.SizeNameSubHeadingText),
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
		newPhraseLabel(tr(lang, "invite"), theme.SizeNameHeadingText),
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

// Gửi is offered only once a reason is chosen (canSend); a citizen who
// wants to give none presses Bỏ qua, stored as skipped_reasons.
func newReasonsScreen(lang Lang, reasons []survey.Reason, selected []string, canSend, portrait bool, onToggle func(code string), onSend, onSkip func()) *reasonsScreen {
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
	s.send.Disabled = !canSend
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

// dossierScreen: a keypad with a digits page and a letters page, and the
// code typed or scanned so far.
type dossierScreen struct {
	content    fyne.CanvasObject
	keys       map[string]*BigButton
	send, skip *BigButton
	code       *codeField
}

func newDossierScreen(lang Lang, code string, required, canSend bool, page string, portrait bool, onKey func(string), onSend, onSkip func()) *dossierScreen {
	s := &dossierScreen{}
	title := "dossier.title"
	if required {
		title = "dossier.title.req"
	}
	order, cols := keypadDigits, 4
	if page == keyLetters {
		order, cols = keypadLetters, 6
	}
	s.keys = dossierKeys(order, tr(lang, "dossier.clear"), onKey)
	s.send = NewBigButton(tr(lang, "send"), onSend)
	s.send.Primary = true
	s.send.Disabled = !canSend
	actions := []fyne.CanvasObject{s.send}
	if !required {
		s.skip = NewBigButton(tr(lang, "skip"), onSkip)
		actions = []fyne.CanvasObject{s.skip, s.send}
	}
	s.code = newCodeField(code)
	info := container.NewVBox(
		heading(tr(lang, title), theme.SizeNameHeadingText, fyne.TextAlignCenter),
		bodyText(tr(lang, "dossier.hint")),
		s.code,
	)
	buttons := container.New(gridLayout{cols: len(actions), gap: 24}, actions...)
	pad := dossierGrid(order, cols, s.keys)
	if portrait {
		s.content = container.NewBorder(info, container.NewVBox(layoutGap(16), buttons), nil, nil, pad)
		return s
	}
	// landscape: the code and the actions on the left, the keypad on the right
	left := container.NewBorder(info, buttons, nil, nil)
	s.content = container.New(gridLayout{cols: 2, gap: 32}, left, pad)
	return s
}

// Special keys of the dossier keypad.
const (
	keyBack    = "⌫"
	keyClear   = "C"
	keyLetters = "ABC" // switches to the letters page
	keyDigits  = "123" // switches back to the digits page
)

// keypadDigits and keypadLetters are the two pages of the dossier keypad,
// row by row: real codes ("000.00.00.H22-241124-0001-XYZ/2024") mix digits,
// capital letters, '.', '-' and '/'.
var (
	keypadDigits = []string{
		"1", "2", "3", keyBack,
		"4", "5", "6", keyClear,
		"7", "8", "9", "/",
		".", "0", "-", keyLetters,
	}
	keypadLetters = []string{
		"A", "B", "C", "D", "E", "F",
		"G", "H", "I", "J", "K", "L",
		"M", "N", "O", "P", "Q", "R",
		"S", "T", "U", "V", "W", "X",
		"Y", "Z", "-", keyBack, keyClear, keyDigits,
	}
)

// dossierKeys makes the keys of one dossier keypad page.
func dossierKeys(order []string, clearLabel string, onKey func(string)) map[string]*BigButton {
	keys := map[string]*BigButton{}
	for _, k := range order {
		key := k
		label := k
		switch k {
		case keyClear:
			label = clearLabel
		case keyBack:
			label = "←"
		}
		b := NewBigButton(label, func() { onKey(key) })
		b.MinW = keyMinWidth
		keys[k] = b
	}
	return keys
}

// keyMinWidth lets six keys share a row in half a 1280-pixel window; the
// keys stay at least touchHeight high.
const keyMinWidth = 64

func dossierGrid(order []string, cols int, keys map[string]*BigButton) fyne.CanvasObject {
	var objs []fyne.CanvasObject
	for _, k := range order {
		objs = append(objs, keys[k])
	}
	return container.New(gridLayout{cols: cols, gap: 10}, objs...)
}

// keypadOrder is the layout of the PIN pad, telephone style.
var keypadOrder = []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "C"}

// keypadKeys makes the keys of the PIN pad; "C" clears, "⌫" deletes.
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
