package screens

import (
	"context"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"

	"hailong/kiosk/survey"
)

// showHome shows what a citizen should see between ratings: closed, idle
// (invite mode) or the live rating tiles (open mode, or an open invitation).
// The language always returns to Vietnamese here.
func (k *Kiosk) showHome() {
	k.lang = LangVI
	k.draft = nil
	k.pendingConfig()
	switch {
	case k.unsaved != nil:
		k.showOutOfService()
	case k.officer == nil:
		k.showClosed()
	case k.cfg.Trigger == survey.TriggerOpen || k.inv != nil:
		k.showRating(true)
	default:
		k.showIdle()
	}
}

func (k *Kiosk) officerView() fyne.CanvasObject {
	return officerCard(*k.officer, k.d.Photo(k.officer.ID), 120)
}

// citizen wraps a body in the kiosk chrome and installs it.
func (k *Kiosk) citizen(name string, body fyne.CanvasObject, timeout func() (bool, func())) {
	k.showCitizen(name, k.newChrome(body), timeout)
}

func (k *Kiosk) newChrome(body fyne.CanvasObject) *chrome {
	return newChrome(k.lang, &k.cfg, body, k.clock, k.toggleLangTouched, k.staffRequested)
}

// showReusable shows a resting screen, built the first time only.
func (k *Kiosk) showReusable(name string, build func() (fyne.CanvasObject, []*RatingTile), timeout func() (bool, func())) {
	s := k.reusable(name, build)
	k.tiles = s.tiles
	k.showCitizen(name, s.chrome, timeout)
}

// showCitizen installs a citizen screen in its chrome, with its timeout.
func (k *Kiosk) showCitizen(name string, c *chrome, timeout func() (bool, func())) {
	if k.chrome != nil && k.chrome != c {
		k.chrome.logo.Release() // a hold begun on the screen we leave ends with it
	}
	k.chrome = c
	var onTimeout func()
	d := k.cfg.Timings.RatingTimeout
	if name == ScreenReasons || name == ScreenDossier {
		d = k.cfg.Timings.ReasonsTimeout
	}
	if timeout != nil {
		var arm bool
		arm, onTimeout = timeout()
		if !arm {
			onTimeout = nil
		}
	}
	k.setContent(name, k.chrome.content, d, onTimeout)
}

func (k *Kiosk) toggleLangTouched() { k.toggleLang() }

func (k *Kiosk) showClosed() {
	k.showReusable(ScreenClosed, func() (fyne.CanvasObject, []*RatingTile) {
		return newClosedScreen(k.lang), nil
	}, k.resetLangTimeout)
}

func (k *Kiosk) showIdle() {
	k.showReusable(ScreenIdle, func() (fyne.CanvasObject, []*RatingTile) {
		return newIdleScreen(k.lang, k.officerView()), nil
	}, k.resetLangTimeout)
}

// resetLangTimeout: on screens with nothing in progress, the timeout only
// brings the language back to Vietnamese.
func (k *Kiosk) resetLangTimeout() (bool, func()) {
	return k.lang != LangVI, k.showHome
}

// showRating shows the tiles. fresh marks a new rating screen (as opposed
// to a redraw after the language toggle) and starts its duration clock.
func (k *Kiosk) showRating(fresh bool) {
	if fresh {
		k.shownAt = k.clock.Now()
		if k.inv != nil {
			k.shownAt = k.inv.CreatedAt
		}
	}
	k.showReusable(ScreenRating, func() (fyne.CanvasObject, []*RatingTile) {
		s := newRatingScreen(k.lang, k.cfg.Scale, k.officerView(), k.portrait, k.choose)
		return s.content, s.tiles
	}, func() (bool, func()) {
		if k.inv != nil {
			return true, func() { k.expireInvitation(k.inv.ID) }
		}
		return k.resetLangTimeout()
	})
}

// choose is a tap on a tile (or digit key N).
func (k *Kiosk) choose(c survey.Choice) {
	if k.screen != ScreenRating || k.officer == nil {
		return
	}
	now := k.clock.Now()
	level, err := k.cfg.Scale.Level(c.Raw)
	if err != nil {
		k.log.Error("rating tile without level", "raw", c.Raw, "err", err)
		return
	}
	d := &draft{choice: c, level: level, outcome: survey.OutcomeSubmitted, tappedAt: now, inv: k.inv, lang: k.lang}
	d.durationMS = now.Sub(k.shownAt).Milliseconds()
	if k.cfg.Trigger == survey.TriggerOpen && !k.lastThanks.IsZero() && now.Sub(k.lastThanks) < k.cfg.Timings.RepeatWindow {
		d.filter = survey.FilterRepeat
	}
	if k.inv != nil {
		d.dossier = k.inv.DossierCode
		d.dossierSet = d.dossier != ""
		k.stopInvitationTimer()
	}
	k.draft = d
	k.next()
}

// next moves the draft to its next step: reasons, dossier code, or save.
func (k *Kiosk) next() {
	d := k.draft
	switch {
	case !d.reasonsSet && k.cfg.NeedsReasons(d.level):
		k.showReasons()
	case !d.dossierSet && k.cfg.Dossier != survey.DossierOff:
		k.showDossier()
	default:
		k.save()
	}
}

func (k *Kiosk) showReasons() {
	s := newReasonsScreen(k.lang, k.cfg.Reasons, k.draft.reasons, k.portrait(), k.toggleReason,
		func() { k.reasonsDone(survey.OutcomeSubmitted) },
		func() { k.reasonsDone(survey.OutcomeSkippedReasons) })
	k.chips, k.send, k.skip = s.chips, s.send, s.skip
	k.citizen(ScreenReasons, s.content, func() (bool, func()) {
		return true, func() { k.reasonsDone(survey.OutcomeTimeout) }
	})
}

func (k *Kiosk) portrait() bool {
	size := k.d.Window.Canvas().Size()
	return size.Height > size.Width
}

func (k *Kiosk) toggleReason(code string) {
	if k.screen != ScreenReasons {
		return
	}
	d := k.draft
	if i := slices.Index(d.reasons, code); i >= 0 {
		d.reasons = slices.Delete(d.reasons, i, i+1)
	} else {
		d.reasons = append(d.reasons, code)
	}
	k.chips[code].SetSelected(slices.Contains(d.reasons, code))
	k.touched(k.cfg.Timings.ReasonsTimeout, func() { k.reasonsDone(survey.OutcomeTimeout) })
}

// reasonsDone ends the reasons step. Skipping or leaving the screen saves
// the rating without reasons.
func (k *Kiosk) reasonsDone(o survey.Outcome) {
	if k.screen != ScreenReasons {
		return
	}
	d := k.draft
	if o != survey.OutcomeSubmitted {
		d.reasons = nil
	}
	d.outcome = o
	d.reasonsSet = true
	if o == survey.OutcomeTimeout {
		d.dossierSet = true // the citizen has gone: save now
	}
	k.next()
}

func (k *Kiosk) showDossier() {
	required := k.cfg.Dossier == survey.DossierRequired
	s := newDossierScreen(k.lang, k.draft.dossier, required, k.portrait(), k.dossierKey,
		func() { k.dossierDone(false) }, func() { k.dossierDone(true) })
	k.keys, k.send, k.skip = s.keys, s.send, s.skip
	k.citizen(ScreenDossier, s.content, func() (bool, func()) {
		return true, func() {
			k.draft.outcome = survey.OutcomeTimeout
			k.draft.dossier = ""
			k.draft.dossierSet = true
			k.next()
		}
	})
}

// maxDossier bounds a typed or scanned dossier code.
const maxDossier = 40

// dossierRune takes characters from the keyboard or a barcode scanner.
func (k *Kiosk) dossierRune(r rune) {
	ok := r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '.' || r == '-' || r == '/'
	if ok && len(k.draft.dossier) < maxDossier {
		k.draft.dossier += string(r)
		k.showDossier()
	}
}

// dossierKey is a press on the on-screen keypad.
func (k *Kiosk) dossierKey(key string) {
	if k.screen != ScreenDossier {
		return
	}
	d := k.draft
	switch key {
	case "C":
		d.dossier = ""
	case "⌫":
		if d.dossier != "" {
			d.dossier = d.dossier[:len(d.dossier)-1]
		}
	default:
		if len(d.dossier) < maxDossier {
			d.dossier += key
		}
	}
	k.showDossier()
}

func (k *Kiosk) dossierDone(skip bool) {
	if k.screen != ScreenDossier {
		return
	}
	d := k.draft
	if skip {
		if k.cfg.Dossier == survey.DossierRequired {
			return
		}
		d.dossier = ""
	} else if d.dossier == "" && k.cfg.Dossier == survey.DossierRequired {
		return
	}
	d.dossierSet = true
	k.next()
}

// response turns the draft into the record to store.
func (k *Kiosk) response(d *draft) survey.Response {
	r := survey.Response{
		CentreID:      k.cfg.CentreID,
		CounterID:     k.cfg.CounterID,
		OfficerID:     k.officer.ID,
		Scale:         k.cfg.Scale.Name,
		RawValue:      d.choice.Raw,
		Level:         d.level,
		Reasons:       d.reasons,
		Outcome:       d.outcome,
		FilterReason:  d.filter,
		DossierCode:   d.dossier,
		Lang:          string(d.lang),
		CreatedAt:     d.tappedAt.Format(survey.TimeLayout),
		DurationMS:    d.durationMS,
		AppVersion:    k.d.AppVersion,
		ConfigVersion: k.cfg.Version,
	}
	if d.inv != nil {
		r.InvitationID = d.inv.ID
		r.Ticket = d.inv.Ticket
	}
	return r
}

// save commits the response and only then thanks the citizen. If the store
// fails, the kiosk stops taking ratings, keeps the response in memory and
// retries it.
func (k *Kiosk) save() {
	r := k.response(k.draft)
	inv := k.draft.inv
	k.draft = nil
	if err := k.store(r, inv); err != nil {
		k.unsaved = &r
		k.showOutOfService()
		return
	}
	k.showThanks()
}

// store saves r and closes its invitation; it records the error for the
// technician screen.
func (k *Kiosk) store(r survey.Response, inv *survey.Invitation) error {
	ctx := context.Background()
	saved, err := k.d.Recorder.SaveResponse(ctx, r)
	if err != nil {
		k.lastErr = k.describe(err)
		k.log.Error("save response", "err", err)
		return err
	}
	k.lastErr = ""
	if k.d.OnSaved != nil {
		k.d.OnSaved()
	}
	if inv != nil {
		if err := k.d.Recorder.CloseInvitation(ctx, inv.ID, survey.InvitationUsed, saved.ID, k.clock.Now()); err != nil {
			k.log.Error("close invitation", "id", inv.ID, "err", err)
		}
		if k.inv != nil && k.inv.ID == inv.ID {
			k.inv = nil
		}
	}
	return nil
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

// retryUnsaved tries again to store the response kept in memory.
func (k *Kiosk) retryUnsaved() {
	if k.unsaved == nil {
		k.showHome()
		return
	}
	var inv *survey.Invitation
	if k.unsaved.InvitationID != "" {
		inv = &survey.Invitation{ID: k.unsaved.InvitationID}
	}
	if err := k.store(*k.unsaved, inv); err != nil {
		if k.screen == ScreenOutOfOrder {
			k.after(retryEvery, k.retryUnsaved)
		}
		return
	}
	k.unsaved = nil
	if k.screen == ScreenOutOfOrder {
		k.showHome()
	}
}
