package screens

import (
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
	k.showReusable(ScreenRating, k.buildRating, func() (bool, func()) {
		if k.inv != nil {
			return true, func() { k.expireInvitation(k.inv.ID) }
		}
		return k.resetLangTimeout()
	})
}

// buildRating builds the rating screen's body and tiles.
func (k *Kiosk) buildRating() (fyne.CanvasObject, []*RatingTile) {
	s := newRatingScreen(k.lang, k.cfg.Scale, k.officerView(), k.portrait, k.choose)
	return s.content, s.tiles
}

// choose is a tap on a tile (or digit key N). The rating it starts is a
// survey.Rating, which decides the steps that follow; the screens only show
// them and pass the citizen's touches on.
func (k *Kiosk) choose(c survey.Choice) {
	if k.screen != ScreenRating || k.officer == nil {
		return
	}
	r, err := survey.NewRating(k.cfg.RatingRules(), survey.Tap{Raw: c.Raw, At: k.clock.Now(), ShownAt: k.shownAt,
		LastThanks: k.lastThanks, Invitation: k.inv, Lang: string(k.lang)})
	if err != nil {
		k.log.Error("rating tile without level", "raw", c.Raw, "err", err)
		return
	}
	if k.inv != nil {
		k.stopInvitationTimer()
	}
	k.draft = r
	k.keypadPage = "" // a new citizen starts on the digits
	k.next(touchTile)
}

// next shows the rating's next step, or saves it when it is complete;
// touched is what the citizen touched last, shown pressed, so that a slow
// save still shows at once that the touch was taken.
func (k *Kiosk) next(touched touch) {
	switch k.draft.Step() {
	case survey.StepReasons:
		k.showReasons()
	case survey.StepDossier:
		k.showDossier()
	default:
		k.save(touched)
	}
}

func (k *Kiosk) showReasons() {
	k.citizen(ScreenReasons, k.reasonsBody(), func() (bool, func()) {
		return true, k.stepTimeout
	})
}

// reasonsBody builds the reasons screen for the draft and keeps its handles.
func (k *Kiosk) reasonsBody() fyne.CanvasObject {
	s := newReasonsScreen(k.lang, k.cfg.Reasons, k.draft.Reasons(), k.draft.CanSendReasons(), k.portrait(), k.toggleReason,
		func() { k.reasonsDone(survey.OutcomeSubmitted) },
		func() { k.reasonsDone(survey.OutcomeSkippedReasons) })
	k.chips, k.send, k.skip = s.chips, s.send, s.skip
	return s.content
}

// stepTimeout: a reasons or dossier screen left untouched saves the rating
// as it stands.
func (k *Kiosk) stepTimeout() {
	if k.draft != nil && k.draft.Timeout() {
		k.next(touchNone)
	}
}

func (k *Kiosk) portrait() bool {
	size := k.d.Window.Canvas().Size()
	return size.Height > size.Width
}

func (k *Kiosk) toggleReason(code string) {
	if k.screen != ScreenReasons || !k.draft.ToggleReason(code) {
		return
	}
	k.chips[code].SetSelected(k.draft.Selected(code))
	k.send.SetDisabled(!k.draft.CanSendReasons())
	k.touched(k.cfg.Timings.ReasonsTimeout, k.stepTimeout)
}

// reasonsDone ends the reasons step: Gửi (only once a reason is chosen) or
// Bỏ qua.
func (k *Kiosk) reasonsDone(o survey.Outcome) {
	if k.screen != ScreenReasons {
		return
	}
	if o == survey.OutcomeSubmitted && k.draft.SendReasons() {
		k.next(touchSend)
	} else if o != survey.OutcomeSubmitted && k.draft.SkipReasons() {
		k.next(touchSkip)
	}
}

func (k *Kiosk) showDossier() {
	k.citizen(ScreenDossier, k.dossierBody(), func() (bool, func()) {
		return true, k.stepTimeout
	})
}

// dossierBody builds the dossier screen for the draft and keeps its handles.
func (k *Kiosk) dossierBody() fyne.CanvasObject {
	s := newDossierScreen(k.lang, k.draft.DossierCode(), k.cfg.Dossier == survey.DossierRequired, k.draft.CanSendDossier(),
		k.keypadPage, k.portrait(), k.dossierKey, func() { k.dossierDone(false) }, func() { k.dossierDone(true) })
	k.keys, k.send, k.skip, k.code = s.keys, s.send, s.skip, s.code
	return s.content
}

// dossierRune takes characters from the keyboard or a barcode scanner.
func (k *Kiosk) dossierRune(r rune) {
	if dossierChar(r) && k.draft.SetDossierCode(k.draft.DossierCode()+string(r)) {
		k.dossierChanged()
	}
}

// dossierChar reports whether r may appear in a dossier code: the letters,
// digits and separators of real codes ("000.00.00.H22-241124-0001-XYZ/2024").
func dossierChar(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '.' || r == '-' || r == '/'
}

// dossierKey is a press on the on-screen keypad.
func (k *Kiosk) dossierKey(key string) {
	if k.screen != ScreenDossier {
		return
	}
	code := k.draft.DossierCode()
	switch key {
	case keyClear:
		code = ""
	case keyBack:
		if code != "" {
			code = code[:len(code)-1]
		}
	case keyLetters, keyDigits:
		k.keypadPage = key
		k.showDossier()
		return
	default:
		code += key
	}
	if k.draft.SetDossierCode(code) {
		k.dossierChanged()
	}
}

// dossierChanged shows the code typed so far and restarts the timeout.
func (k *Kiosk) dossierChanged() {
	k.code.SetCode(k.draft.DossierCode())
	k.send.SetDisabled(!k.draft.CanSendDossier())
	k.touched(k.cfg.Timings.ReasonsTimeout, k.stepTimeout)
}

func (k *Kiosk) dossierDone(skip bool) {
	if k.screen != ScreenDossier {
		return
	}
	switch {
	case skip && k.draft.SkipDossier():
		k.next(touchSkip)
	case !skip && k.draft.SendDossier():
		k.next(touchSend)
	}
}

// baseResponse is the kiosk's part of every response: where, who and which
// versions; the rating fills in the rest.
func (k *Kiosk) baseResponse() survey.Response {
	return survey.Response{
		CentreID:      k.cfg.CentreID,
		CounterID:     k.cfg.CounterID,
		OfficerID:     k.officer.ID,
		AppVersion:    k.d.AppVersion,
		ConfigVersion: k.cfg.Version,
	}
}
