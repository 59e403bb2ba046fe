package screens

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
)

// The PIN pad's lock-out as the screen shows it: a countdown that runs
// live, second by second, and a pad that opens again by itself when the
// lock ends. The lock itself is the domain's (survey.TryPIN).

// showLockState disables the pad and counts down to the end of the lock,
// if its scope is locked; otherwise it enables the pad. It reports whether
// the pad is locked.
func (k *Kiosk) showLockState(purpose pinPurpose) bool {
	p := k.pin
	p.stopTick()
	lock, err := k.d.Recorder.PINLock(context.Background(), pinScope(purpose))
	if err != nil {
		p.setMessage(bi("pin.error", err))
		p.lock(true)
		return true
	}
	now := k.clock.Now()
	if !lock.Locked(now) {
		if p.locked {
			p.setMessage("") // the lock message no longer holds
		}
		p.lock(false)
		return false
	}
	left := lock.LockedUntil.Sub(now)
	wait := countdown(left)
	p.setMessage(tr(LangVI, "pin.locked", wait) + " / " + tr(LangEN, "pin.locked", wait))
	p.lock(true)
	// The next redraw is when the shown second changes. The tick is the
	// pad's own timer, not the screen's, so the staff timeout still runs.
	next := left % time.Second
	if next == 0 {
		next = time.Second
	}
	p.tick = k.clock.AfterFunc(next, func() {
		fyne.Do(func() {
			if k.pin == p && k.screen == ScreenPIN {
				k.showLockState(purpose)
			}
		})
	})
	return true
}

// countdown is a wait as m:ss, rounded up to the second, so it reads
// "5:00", "4:59" … "0:01" and never "0:00" while the lock holds.
func countdown(d time.Duration) string {
	s := int((d + time.Second - 1) / time.Second)
	s = max(s, 1)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// triesLeftText says how many wrong PINs remain before the lock: one
// "try", several "tries"; Vietnamese has no plural ("Còn 1 lần thử").
func triesLeftText(n int) string {
	if n == 1 {
		return bi("pin.wrong.one", n)
	}
	return bi("pin.wrong", n)
}

// stopTick stops the pad's countdown, if it runs.
func (p *pinPad) stopTick() {
	if p.tick != nil {
		p.tick.Stop()
		p.tick = nil
	}
}
