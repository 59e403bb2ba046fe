package screens

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hailong/kiosk/score"
)

// scrollBarRoom is the room kept free for the scroll bar.
const scrollBarRoom = 14

// managerView holds the manager screen's handles, for the keys and tests.
type managerView struct {
	text                map[string]string // every figure shown, by key (see newManagerReport)
	back, lang, refresh *BigButton
}

// showManager opens today's figures for this kiosk (SPEC §2, issue 10
// item 6), in Vietnamese first. It is reached only from the manager PIN on
// the staff menu's PIN pad, and goes back to the citizen screens after
// 60 s untouched like every staff screen.
func (k *Kiosk) showManager() {
	k.renderManager(LangVI)
	// Who looked at the figures, and when, is worth a line in the log.
	k.log.Info("manager screen opened", "n", k.mgr.text["n"], "filtered", k.mgr.text["filtered"], "pending", k.mgr.text["pending"])
}

// renderManager reads the figures again and draws them in lang. Every tap
// on the screen lands here, so it also restarts the 60 s.
func (k *Kiosk) renderManager(lang Lang) {
	ctx := context.Background()
	now := k.clock.Now().In(k.d.Zone)
	var tally score.Tally
	var readErr error
	if k.d.Figures != nil {
		tally, readErr = k.d.Figures.DayTally(ctx, now)
	}
	st, pendingErr := k.d.Recorder.Stats(ctx, now)
	rp := newManagerReport(lang, &k.cfg, now, tally, readErr, st.Pending, pendingErr)

	v := &managerView{text: rp.text}
	v.back = NewBigButton(tr(lang, "staff.back"), k.showHome)
	v.refresh = NewBigButton(tr(lang, "mgr.refresh"), func() { k.renderManager(lang) })
	other := LangEN
	if lang == LangEN {
		other = LangVI
	}
	v.lang = NewBigButton(tr(lang, "lang.toggle"), func() { k.renderManager(other) })
	v.back.Primary = true
	k.mgr = v

	title := heading(rp.title, theme.SizeNameSubHeadingText, fyne.TextAlignLeading)
	top := []fyne.CanvasObject{title, wrapped(rp.place)}
	if rp.err != "" {
		e := wrapped(rp.err)
		e.Importance = widget.DangerImportance
		top = append(top, e)
	}
	note := wrapped(rp.note)

	cards := make([]fyne.CanvasObject, len(rp.cards))
	for i, c := range rp.cards {
		cards[i] = figureCard(c)
	}
	cardGrid := container.New(gridLayout{cols: 2, gap: 12}, cards...)
	levels := section(tr(lang, "mgr.levels"), newTable(rp.levels).obj)
	var reasons fyne.CanvasObject
	if rp.reasons == nil {
		reasons = section(tr(lang, "mgr.reasons"), widget.NewLabel(tr(lang, "mgr.noreasons")))
	} else {
		reasons = section(tr(lang, "mgr.reasons"), newTable(rp.reasons).obj)
	}
	officers := section(tr(lang, "mgr.officers"), newTable(rp.officers).obj)

	// Landscape: key figures and levels on the left, officers and reasons
	// on the right. Narrower: one column, the key figures beside the
	// levels when they fit. Decided by measuring, in either language, so
	// that nothing is cut off.
	th := k.managerTheme()
	w := measure(th, cardGrid, levels, reasons, officers)
	room := k.d.Window.Canvas().Size().Width - 28 - scrollBarRoom // the paddings around and between
	beside := func(a, b fyne.CanvasObject) fyne.CanvasObject {
		return container.NewBorder(nil, nil, a, nil, container.NewPadded(b))
	}
	var figures fyne.CanvasObject
	switch {
	case max(w[0], w[1])+max(w[2], w[3]) <= room:
		figures = beside(container.NewVBox(cardGrid, levels, note), container.NewVBox(officers, reasons))
	case w[0]+w[1] <= room:
		figures = container.NewVBox(beside(cardGrid, levels), officers, reasons, note)
	default:
		figures = container.NewVBox(cardGrid, levels, officers, reasons, note)
	}

	// The right padding keeps the scroll bar, when there is one, off the
	// figures of the last column.
	body := container.NewThemeOverride(container.New(layout.NewCustomPaddedLayout(2, 2, 2, scrollBarRoom), container.NewVBox(append(top, figures)...)), th)
	buttons := container.New(gridLayout{cols: 3, gap: 12}, v.lang, v.refresh, v.back)
	k.staff(ScreenManager, container.NewBorder(nil, buttons, nil, nil, container.NewVScroll(body)))
}

// managerTheme is the manager screen's: the staff text size with tight
// padding, larger on a large screen so that the figures fill it.
func (k *Kiosk) managerTheme() fyne.Theme {
	if size := k.d.Window.Canvas().Size(); size.Width >= 1700 && size.Height >= 1000 {
		return tableTheme(1.3)
	}
	return tableTheme(1)
}

// measure returns the minimum widths of objs in th, in which they will be
// shown.
func measure(th fyne.Theme, objs ...fyne.CanvasObject) []float32 {
	container.NewThemeOverride(container.NewHBox(objs...), th)
	w := make([]float32, len(objs))
	for i, o := range objs {
		w[i] = o.MinSize().Width
	}
	return w
}

// wrapped is a label that wraps at word boundaries.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// section is a bold heading over its content.
func section(title string, content fyne.CanvasObject) fyne.CanvasObject {
	h := widget.NewLabel(title)
	h.TextStyle = fyne.TextStyle{Bold: true}
	return container.NewVBox(h, content)
}

// figureCard is one key figure: what it is, the number in large type, and
// a line under it.
func figureCard(c reportCard) fyne.CanvasObject {
	bg := canvas.NewRectangle(colTileText)
	bg.StrokeColor = colMuted
	bg.StrokeWidth = 1
	bg.CornerRadius = 10
	label := widget.NewLabel(c.label)
	value := heading(c.value, theme.SizeNameHeadingText, fyne.TextAlignLeading)
	value.Wrapping = fyne.TextWrapOff
	objs := []fyne.CanvasObject{label, value}
	if c.sub != "" {
		objs = append(objs, widget.NewLabel(c.sub))
	}
	return container.NewStack(bg, container.New(layout.NewCustomPaddedLayout(2, 2, 6, 6), container.NewVBox(objs...)))
}
