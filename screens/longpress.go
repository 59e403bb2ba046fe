package screens

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/widget"

	"hailong/kiosk/survey"
)

// progressTick is how often the hold's progress bar grows.
const progressTick = 100 * time.Millisecond

// LongPress wraps an object so that holding it down for a set time calls
// OnLongPress; a shorter press does nothing. It opens the staff screens from
// the centre logo, where a citizen's tap must not. While held, a bar along
// the bottom of the object fills, so the officer sees the press is taken
// and how long is left.
type LongPress struct {
	widget.BaseWidget
	child       fyne.CanvasObject
	bar         *canvas.Rectangle
	clock       survey.Clock
	hold        time.Duration
	OnLongPress func()
	timer       survey.Timer
	tick        survey.Timer
	started     time.Time
	progress    float32
	gen         int
}

var (
	_ fyne.Widget       = (*LongPress)(nil)
	_ desktop.Mouseable = (*LongPress)(nil)
	_ mobile.Touchable  = (*LongPress)(nil)
)

// NewLongPress returns a long-press area around child.
func NewLongPress(child fyne.CanvasObject, clock survey.Clock, hold time.Duration, f func()) *LongPress {
	l := &LongPress{child: child, clock: clock, hold: hold, OnLongPress: f}
	l.bar = canvas.NewRectangle(colPrimary)
	l.bar.CornerRadius = 3
	l.bar.Hide()
	l.ExtendBaseWidget(l)
	return l
}

// Progress is the share of the hold done, 0 when not held.
func (l *LongPress) Progress() float32 { return l.progress }

// CreateRenderer shows the child and, while held, the progress bar.
func (l *LongPress) CreateRenderer() fyne.WidgetRenderer { return &longPressRenderer{l: l} }

type longPressRenderer struct{ l *LongPress }

func (r *longPressRenderer) Destroy() {}

func (r *longPressRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.l.child, r.l.bar}
}

func (r *longPressRenderer) MinSize() fyne.Size { return r.l.child.MinSize() }

func (r *longPressRenderer) Layout(size fyne.Size) {
	r.l.child.Resize(size)
	r.l.child.Move(fyne.NewPos(0, 0))
	const h = 8
	r.l.bar.Resize(fyne.NewSize(size.Width*r.l.progress, h))
	r.l.bar.Move(fyne.NewPos(0, size.Height-h))
}

func (r *longPressRenderer) Refresh() {
	if r.l.progress > 0 {
		r.l.bar.Show()
	} else {
		r.l.bar.Hide()
	}
	r.Layout(r.l.Size())
	r.l.bar.Refresh()
	r.l.child.Refresh()
}

// Press starts the hold timer and the progress bar.
func (l *LongPress) Press() {
	l.Release()
	l.gen++
	gen := l.gen
	l.started = l.clock.Now()
	l.timer = l.clock.AfterFunc(l.hold, func() {
		fyne.Do(func() {
			if gen == l.gen && l.OnLongPress != nil {
				l.timer = nil
				l.stopProgress()
				l.OnLongPress()
			}
		})
	})
	l.scheduleTick(gen)
}

// scheduleTick grows the bar every progressTick while the hold lasts.
func (l *LongPress) scheduleTick(gen int) {
	l.tick = l.clock.AfterFunc(progressTick, func() {
		fyne.Do(func() {
			if gen != l.gen {
				return
			}
			l.progress = min(float32(l.clock.Now().Sub(l.started))/float32(l.hold), 1)
			l.Refresh()
			if l.progress < 1 {
				l.scheduleTick(gen)
			}
		})
	})
}

// stopProgress empties the bar.
func (l *LongPress) stopProgress() {
	if l.tick != nil {
		l.tick.Stop()
		l.tick = nil
	}
	if l.progress != 0 {
		l.progress = 0
		l.Refresh()
	}
}

// Release cancels a hold in progress.
func (l *LongPress) Release() {
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
	l.stopProgress()
	l.gen++
}

// MouseDown starts a hold (mouse, or a touchscreen seen as a mouse).
func (l *LongPress) MouseDown(*desktop.MouseEvent) { l.Press() }

// MouseUp ends it.
func (l *LongPress) MouseUp(*desktop.MouseEvent) { l.Release() }

// TouchDown starts a hold on mobile drivers.
func (l *LongPress) TouchDown(*mobile.TouchEvent) { l.Press() }

// TouchUp ends it.
func (l *LongPress) TouchUp(*mobile.TouchEvent) { l.Release() }

// TouchCancel ends it.
func (l *LongPress) TouchCancel(*mobile.TouchEvent) { l.Release() }
