package screens

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"

	"hailong/kiosk/survey"
)

// A kiosk's eMMC can stall an fsync for a second or more, and a response is
// thanked only after its commit (SPEC §5). So the commit runs off the UI
// thread while the screen waits for it: the touched tile or button shows
// pressed at once, "Đang lưu…" appears if the commit takes longer than
// savingNotice, the window keeps answering (the language toggle works), and
// no touch can start a second rating, because the screen is ScreenSaving
// until the commit returns.

// ScreenSaving names the wait between a complete rating and its thanks.
const ScreenSaving = "saving"

// savingNotice is how long a save may take before the citizen is told to
// wait: below it, the pressed tile is enough.
const savingNotice = 150 * time.Millisecond

// saving is a complete rating on its way to the disk.
type saving struct {
	from    string // the screen it was completed on: rating, reasons or dossier
	touched touch  // what the citizen touched last, shown pressed
	slow    bool   // the commit took longer than savingNotice: the notice shows
	timer   survey.Timer
}

// touch is the control whose press completed a rating.
type touch int

const (
	touchNone touch = iota // a timeout: the citizen has gone
	touchTile
	touchSend
	touchSkip
)

// runOffUI runs work on its own goroutine and then done on the Fyne thread.
func runOffUI(work, done func()) {
	go func() {
		work()
		fyne.Do(done)
	}()
}

// commitResult is what the commit off the UI thread reports back.
type commitResult struct {
	saved    survey.Response
	err      error // the response is not on disk
	closeErr error // the response is on disk, its invitation not closed
}

// commit stores r and closes its invitation, if any. It runs off the UI
// thread and touches nothing of the Kiosk but its Recorder and clock.
func commit(rec survey.Recorder, clock survey.Clock, r survey.Response, invID string) (res commitResult) {
	ctx := context.Background()
	if res.saved, res.err = rec.SaveResponse(ctx, r); res.err != nil {
		return res
	}
	if invID != "" {
		res.closeErr = rec.CloseInvitation(ctx, invID, survey.InvitationUsed, res.saved.ID, clock.Now())
	}
	return res
}

// save commits the complete draft and only then thanks the citizen. If the
// store fails, the kiosk stops taking ratings, keeps the response in memory
// and retries it.
func (k *Kiosk) save(touched touch) {
	r := k.draft.Response(k.baseResponse())
	var invID string
	if inv := k.draft.Invitation(); inv != nil {
		invID = inv.ID
	}
	s := &saving{from: k.screen, touched: touched}
	k.beginSaving(s)
	rec, clock := k.d.Recorder, k.clock
	var res commitResult
	k.offUI(func() { res = commit(rec, clock, r, invID) }, func() { k.saved(s, r, invID, res) })
}

// beginSaving keeps the screen the rating was completed on, marks the
// touch, stops the screen's timeout and arms the notice.
func (k *Kiosk) beginSaving(s *saving) {
	k.stopTimer()
	k.gen++
	k.screen = ScreenSaving
	k.saving = s
	k.markPressed()
	s.timer = k.clock.AfterFunc(savingNotice, func() {
		fyne.Do(func() {
			if k.saving == s {
				s.slow = true
				k.chrome.showNotice(tr(k.lang, "saving"))
			}
		})
	})
}

// endSaving takes the pressed look and the notice off the screen, which
// may be a reusable one that the next citizen sees again.
func (k *Kiosk) endSaving() {
	if k.saving == nil {
		return
	}
	k.saving.timer.Stop()
	k.saving = nil
	k.unpress()
}

// unpress clears the pressed tile or button and the notice of the screen
// on show.
func (k *Kiosk) unpress() {
	for _, t := range k.tiles {
		t.SetPressed(false)
	}
	for _, b := range []*BigButton{k.send, k.skip} {
		if b != nil {
			b.SetPressed(false)
		}
	}
	if k.chrome != nil {
		k.chrome.hideNotice()
	}
}

// markPressed shows the control that completed the rating being saved
// pressed, on the screen on show.
func (k *Kiosk) markPressed() {
	var b *BigButton
	switch k.saving.touched {
	case touchTile:
		for _, t := range k.tiles {
			if t.Choice.Raw == k.draft.Raw() {
				t.SetPressed(true)
			}
		}
	case touchSend:
		b = k.send
	case touchSkip:
		b = k.skip
	}
	if b != nil {
		b.SetPressed(true)
	}
}

// redrawSaving draws the screen of a rating being saved again, in the
// language just chosen, still pressed and still waiting.
func (k *Kiosk) redrawSaving() {
	s := k.saving
	k.unpress()
	var c *chrome
	switch s.from {
	case ScreenRating:
		b := k.reusable(ScreenRating, k.buildRating)
		k.tiles = b.tiles
		c = b.chrome
	case ScreenReasons:
		c = k.newChrome(k.reasonsBody())
	case ScreenDossier:
		c = k.newChrome(k.dossierBody())
	default:
		return
	}
	if k.chrome != nil && k.chrome != c {
		k.chrome.logo.Release()
	}
	k.chrome = c
	k.d.Window.SetContent(c.content)
	k.markPressed()
	if s.slow {
		c.showNotice(tr(k.lang, "saving"))
	}
}

// saved runs on the Fyne thread when the commit has returned.
func (k *Kiosk) saved(s *saving, r survey.Response, invID string, res commitResult) {
	if k.saving != s {
		return
	}
	k.endSaving()
	k.draft = nil
	if res.err != nil {
		k.lastErr = k.describe(res.err)
		k.log.Error("save response", "err", res.err)
		k.unsaved = &r
		k.showOutOfService()
		return
	}
	k.committed(invID, res)
	k.showThanks()
}

// committed records a durable save: no error to show, an upload to start,
// the invitation used.
func (k *Kiosk) committed(invID string, res commitResult) {
	k.lastErr = ""
	if k.d.OnSaved != nil {
		k.d.OnSaved()
	}
	if invID == "" {
		return
	}
	if res.closeErr != nil {
		k.log.Error("close invitation", "id", invID, "err", res.closeErr)
	}
	if k.inv != nil && k.inv.ID == invID {
		k.inv = nil
	}
}

func (k *Kiosk) describe(err error) string {
	if k.d.DiskFull(err) {
		return fmt.Sprintf("Đĩa đầy / Disk full: %v", err)
	}
	return err.Error()
}

func (k *Kiosk) showThanks() {
	k.showReusable(ScreenThanks, func() (fyne.CanvasObject, []*RatingTile) {
		return newThanksScreen(k.lang), nil
	}, func() (bool, func()) { return true, nil })
	k.after(k.cfg.Timings.Thanks, func() {
		k.lastThanks = k.clock.Now()
		k.showHome()
	})
}

// showOutOfService stops ratings until the unsaved response is stored.
func (k *Kiosk) showOutOfService() {
	k.citizen(ScreenOutOfOrder, newOutOfServiceScreen(k.lang), nil)
	k.after(retryEvery, k.retryUnsaved)
}

// retryUnsaved tries again, off the UI thread, to store the response kept
// in memory. One retry at a time: the technician's Retry and the timer may
// both ask.
func (k *Kiosk) retryUnsaved() {
	if k.unsaved == nil {
		k.showHome()
		return
	}
	if k.retrying {
		return
	}
	k.retrying = true
	r := *k.unsaved
	rec, clock := k.d.Recorder, k.clock
	var res commitResult
	k.offUI(func() { res = commit(rec, clock, r, r.InvitationID) }, func() {
		k.retrying = false
		if res.err != nil {
			k.lastErr = k.describe(res.err)
			k.log.Error("save response", "err", res.err)
			if k.screen == ScreenOutOfOrder {
				k.after(retryEvery, k.retryUnsaved)
			}
			return
		}
		k.unsaved = nil
		k.committed(r.InvitationID, res)
		if k.screen == ScreenOutOfOrder {
			k.showHome()
		}
	})
}
