package screens

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/widget"

	"hailong/kiosk/survey"
)

// LongPress wraps an object so that holding it down for a set time calls
// OnLongPress; a shorter press does nothing. It opens the staff screens from
// the centre logo, where a citizen's tap must not.
type LongPress struct {
	widget.BaseWidget
	child       fyne.CanvasObject
	clock       survey.Clock
	hold        time.Duration
	OnLongPress func()
	timer       survey.Timer
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
	l.ExtendBaseWidget(l)
	return l
}

// CreateRenderer shows the child.
func (l *LongPress) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(l.child) }

// Press starts the hold timer.
func (l *LongPress) Press() {
	l.Release()
	l.gen++
	gen := l.gen
	l.timer = l.clock.AfterFunc(l.hold, func() {
		fyne.Do(func() {
			if gen == l.gen && l.OnLongPress != nil {
				l.timer = nil
				l.OnLongPress()
			}
		})
	})
}

// Release cancels a hold in progress.
func (l *LongPress) Release() {
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
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
