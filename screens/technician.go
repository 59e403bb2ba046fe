package screens

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// techRefresh is how often the technician screen reads the kiosk's state
// again: a technician watching the backlog drain after the server comes
// back must see it move, not a snapshot of when the screen opened.
const techRefresh = time.Second

// techView is the technician screen on show: the widgets that refresh
// updates in place, so the screen stays put while its values change.
type techView struct {
	values    map[string]*widget.Label // row key → value
	rows      *fyne.Container
	buttons   *fyne.Container
	notice    *widget.Label // what the last Send now did
	body      *fyne.Container
	retryShow bool       // the Retry button is on show
	nextRetry time.Time  // when a rating kept in memory is tried again
	send      *sendWatch // a Send now whose outcome is awaited
}

// showTechnician shows the kiosk's health and the controls only a
// technician may use: send now, retry a save, full screen, quit.
func (k *Kiosk) showTechnician() {
	v := &techView{values: map[string]*widget.Label{}, notice: widget.NewLabel("")}
	v.notice.Wrapping = fyne.TextWrapWord
	v.notice.TextStyle = fyne.TextStyle{Bold: true}
	v.notice.Hide()
	k.tech = v
	v.rows = container.New(newInfoLayout(k.d.Window.Canvas().Size().Width, k.portrait()))
	v.buttons = container.New(gridLayout{cols: 2, gap: 12}) // in portrait; refresh sets landscape's
	v.nextRetry = k.clock.Now().Add(retryEvery)
	k.refreshTechnician()
	top := container.New(&wrapColumn{width: k.d.Window.Canvas().Size().Width},
		heading(bi("tech.title"), theme.SizeNameHeadingText, fyne.TextAlignCenter), v.notice)
	v.body = container.NewBorder(top, v.buttons, nil, nil, container.NewVScroll(v.rows))
	k.staff(ScreenTechnician, v.body)
	k.tickTechnician(v)
}

// tickTechnician refreshes v every techRefresh while it is on show. It
// keeps its own timer: the screen's timer is the staff timeout.
func (k *Kiosk) tickTechnician(v *techView) {
	k.clock.AfterFunc(techRefresh, func() {
		fyne.Do(func() {
			if k.tech != v || k.screen != ScreenTechnician {
				return
			}
			k.refreshTechnician()
			k.tickTechnician(v)
		})
	})
}

// refreshTechnician reads the rows again and updates the widgets whose
// text changed; it also retries a rating kept in memory (the out-of-service
// screen's timer does not run while the technician looks) and follows a
// Send now.
func (k *Kiosk) refreshTechnician() {
	v := k.tech
	now := k.clock.Now()
	if k.unsaved != nil && !now.Before(v.nextRetry) {
		v.nextRetry = now.Add(retryEvery)
		k.retryUnsaved()
	}
	info := k.technicianInfo()
	k.techInfo = map[string]string{}
	for _, row := range info {
		k.techInfo[row[0]] = row[1]
		if l := v.values[row[0]]; l != nil {
			if l.Text != row[1] {
				l.SetText(row[1])
			}
			continue
		}
		l := widget.NewLabel(row[1])
		l.Wrapping = fyne.TextWrapWord
		l.TextStyle = fyne.TextStyle{Bold: true}
		v.values[row[0]] = l
		name := widget.NewLabel(bi(row[0]))
		name.Wrapping = fyne.TextWrapWord
		v.rows.Add(name)
		v.rows.Add(l)
	}
	if v.send != nil {
		k.followSendNow(v, now)
	}
	if v.buttons.Objects == nil || v.retryShow != (k.unsaved != nil) {
		v.retryShow = k.unsaved != nil
		v.buttons.Objects = k.techButtons()
		if !k.portrait() { // one row of buttons, so the rows keep the height
			v.buttons.Layout = gridLayout{cols: min(len(v.buttons.Objects), 4), gap: 12}
		}
		v.buttons.Refresh()
	}
}

// techButtons are the technician's actions; Retry only while a rating
// waits in memory, Send now only when the kiosk is enrolled.
func (k *Kiosk) techButtons() []fyne.CanvasObject {
	k.staffBtn = map[string]*BigButton{}
	var buttons []fyne.CanvasObject
	if k.d.SendNow != nil {
		buttons = append(buttons, k.staffButton("tech.sendnow", k.sendNow))
	}
	if k.d.Reenrol != nil {
		buttons = append(buttons, k.staffButton("tech.reenrol", k.showReenrol))
	}
	if k.unsaved != nil {
		buttons = append(buttons, k.staffButton("tech.retry", func() {
			k.tech.nextRetry = k.clock.Now().Add(retryEvery)
			k.retryUnsaved()
			k.refreshTechnician()
		}))
	}
	full := "tech.leavefull"
	if !k.d.Window.FullScreen() {
		full = "tech.enterfull"
	}
	return append(buttons,
		k.staffButton(full, func() {
			k.d.Window.SetFullScreen(!k.d.Window.FullScreen())
			k.showTechnician()
		}),
		k.staffButton("tech.quit", k.confirmQuit), // asks first: it sits next to Leave full screen
		k.staffButton("staff.back", k.showHome),
	)
}

func (k *Kiosk) staffButton(key string, f func()) *BigButton {
	b := NewBigButton(bi(key), f)
	k.staffBtn[key] = b
	return b
}
