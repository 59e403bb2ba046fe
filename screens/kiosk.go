package screens

import (
	"context"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"

	"hailong/kiosk/score"
	"hailong/kiosk/survey"
)

// Screen names, as Current reports them.
const (
	ScreenClosed     = "closed"
	ScreenIdle       = "idle"
	ScreenRating     = "rating"
	ScreenReasons    = "reasons"
	ScreenDossier    = "dossier"
	ScreenThanks     = "thanks"
	ScreenOutOfOrder = "out_of_service"
	ScreenStaff      = "staff"
	ScreenPick       = "pick_officer"
	ScreenPIN        = "pin"
	ScreenTechnician = "technician"
	ScreenManager    = "manager"
)

// staffTimeout sends an abandoned staff screen back to the citizen screens.
const staffTimeout = 60 * time.Second

// retryEvery is how often a response that could not be saved is retried.
const retryEvery = 10 * time.Second

// Deps is what the kiosk UI needs. Only Window, Config and Recorder are
// required.
type Deps struct {
	Window     fyne.Window
	Config     survey.Config
	Recorder   survey.Recorder
	Clock      survey.Clock
	Photo      func(officerID string) fyne.Resource // nil or nil result: initials
	AppVersion string
	FullScreen bool   // the window is full screen: closing it needs the technician PIN
	Quit       func() // ends the application
	Log        *slog.Logger
	// DiskFull classifies a store error, so the technician sees "disk full"
	// rather than a SQLite message.
	DiskFull func(error) bool
	// Sync, when the kiosk is enrolled, reports the uploader's state for the
	// technician screen; SendNow asks for an upload at once; OnSaved is
	// called after each durable save so that an upload starts soon.
	Sync    func() SyncStatus
	SendNow func()
	OnSaved func()
	// Reenrol, when set, puts Enrol again on the technician screen: it
	// enrols the kiosk anew with a server and a code, off the UI thread,
	// and restarts its uploads (its error is a Vietnamese / English
	// sentence); EnrolServer is the address to pre-fill.
	Reenrol     func(server, code string) error
	EnrolServer func() string
	// Figures reads a day's counts for the manager screen; nil means the
	// Recorder's own, when it has them (localdb.DB does). Zone is the
	// centre's zone, whose calendar day the manager screen shows; nil
	// means score.DefaultZone (Asia/Ho_Chi_Minh), as the server counts.
	Figures DayFigures
	Zone    *time.Location
}

// DayFigures reads one local calendar day's counts: the day in day's
// location that contains day.
type DayFigures interface {
	DayTally(ctx context.Context, day time.Time) (score.Tally, error)
}

// SyncStatus is what the technician screen shows about uploads.
type SyncStatus struct {
	Server        string
	LastUpload    time.Time // zero: never
	Pending       int
	OldestPending time.Time // zero: none pending
	Quarantined   int
	LastError     string // in words, Vietnamese / English; "" when the last attempt succeeded
	ClockOffset   time.Duration
	// For Send now's report: an attempt after the press changes
	// LastAttempt (or Failures), and Uploaded counts what it sent.
	LastAttempt time.Time // the last upload request
	Uploaded    int       // responses acknowledged since the uploader started
	Failures    int       // consecutive failed attempts; 0 after a success
	Sending     bool      // an upload is under way
}

// Kiosk is the router and the rating flow: it owns the window content, the
// current screen and every timer. All its methods run on the Fyne thread.
type Kiosk struct {
	d     Deps
	cfg   survey.Config
	clock survey.Clock
	log   *slog.Logger

	lang    Lang
	screen  string
	gen     int          // bumped by every screen change; stale timers check it
	timer   survey.Timer // the current screen's timeout
	shownAt time.Time    // when the rating screen opened

	officer    *survey.Officer
	inv        *survey.Invitation
	invOnDisk  bool // inv is recorded; until then it holds its place only
	invTimer   survey.Timer
	draft      *survey.Rating // the rating between the tap on a tile and its thanks
	saving     *saving        // the draft's commit, while it runs off the UI thread
	retrying   bool           // a retry of the unsaved response is running
	keypadPage string         // the dossier keypad's page: keyDigits ("") or keyLetters
	// offUI runs work off the Fyne thread, then done on it (runOffUI);
	// tests may run both in step.
	offUI      func(work, done func())
	lastThanks time.Time // when the previous thanks screen ended
	unsaved    *survey.Response
	lastErr    string
	nextCfg    *survey.Config // a new configuration waiting for the end of a rating
	built      map[screenKey]*builtScreen

	// handles to the widgets of the current screen, for keys and tests
	chrome   *chrome
	tiles    []*RatingTile
	chips    map[string]*BigButton
	send     *BigButton
	skip     *BigButton
	keys     map[string]*BigButton
	code     *codeField
	pin      *pinPad
	staffBtn map[string]*BigButton
	// staffKeys are the actions of the numbered staff buttons: a technician
	// with a USB keyboard presses 1..9 instead of touching.
	staffKeys []func()
	techInfo  map[string]string
	tech      *techView // the technician screen, while it is on show
	setup     *Setup    // the setup screen of Enrol again, while it is on show
	mgr       *managerView
}

// New builds the kiosk on an existing window.
func New(d Deps) *Kiosk {
	if d.Clock == nil {
		d.Clock = survey.SystemClock{}
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Photo == nil {
		d.Photo = func(string) fyne.Resource { return nil }
	}
	if d.DiskFull == nil {
		d.DiskFull = func(error) bool { return false }
	}
	if d.Figures == nil {
		if f, ok := d.Recorder.(DayFigures); ok {
			d.Figures = f
		}
	}
	if d.Zone == nil {
		d.Zone = score.DefaultZone()
	}
	return &Kiosk{d: d, cfg: d.Config, clock: d.Clock, log: d.Log, lang: LangVI, offUI: runOffUI}
}

// Start restores the signed-in officer, installs key handlers and shows the
// first screen. In the demo, the first officer is signed in on first start.
func (k *Kiosk) Start() error {
	ctx := context.Background()
	id, ever, err := k.d.Recorder.CurrentOfficer(ctx)
	if err != nil {
		return err
	}
	if o, ok := k.cfg.Officer(id); ok {
		k.officer = &o
	}
	if !ever && k.cfg.Demo && len(k.cfg.Officers) > 0 {
		first := k.cfg.Officers[0]
		if err := k.d.Recorder.RecordShift(ctx, survey.ShiftEvent{OfficerID: first.ID, Kind: survey.ShiftSignIn, Source: "demo", At: k.clock.Now()}); err != nil {
			return err
		}
		k.officer = &first
	}
	c := k.d.Window.Canvas()
	c.SetOnTypedRune(k.typedRune)
	c.SetOnTypedKey(k.typedKey)
	k.d.Window.SetCloseIntercept(k.closeRequested)
	k.showHome()
	return nil
}

// Current names the screen on show.
func (k *Kiosk) Current() string { return k.screen }

// Lang is the citizen language on show.
func (k *Kiosk) Lang() Lang { return k.lang }

// setContent swaps the window content and arms the screen's timeout.
func (k *Kiosk) setContent(name string, content fyne.CanvasObject, timeout time.Duration, onTimeout func()) {
	k.stopTimer()
	k.gen++
	k.screen = name
	k.d.Window.SetContent(content)
	k.d.Window.Canvas().Unfocus()
	if timeout > 0 && onTimeout != nil {
		k.after(timeout, onTimeout)
	}
}

// after runs f on the Fyne thread after d, unless the screen changed.
func (k *Kiosk) after(d time.Duration, f func()) {
	k.stopTimer()
	gen := k.gen
	k.timer = k.clock.AfterFunc(d, func() {
		fyne.Do(func() {
			if gen == k.gen {
				f()
			}
		})
	})
}

func (k *Kiosk) stopTimer() {
	if k.timer != nil {
		k.timer.Stop()
		k.timer = nil
	}
}

// touched restarts the current screen's timeout after a citizen touch.
func (k *Kiosk) touched(d time.Duration, f func()) {
	k.gen++
	k.after(d, f)
}

// typedRune handles digit keys: rating keypads, the dossier keypad, the PIN
// pad, and barcode scanners that type like a keyboard.
func (k *Kiosk) typedRune(r rune) {
	switch k.screen {
	case ScreenSetup:
		k.setup.TypedRune(r)
	case ScreenRating:
		if r >= '1' && r <= '9' {
			i := int(r - '1')
			if i < len(k.tiles) {
				k.choose(k.tiles[i].Choice)
			}
		}
	case ScreenDossier:
		k.dossierRune(r)
	case ScreenPIN:
		if r >= '0' && r <= '9' {
			k.pin.press(string(r))
		}
	case ScreenStaff, ScreenPick:
		if i := int(r - '1'); r >= '1' && r <= '9' && i < len(k.staffKeys) {
			k.staffKeys[i]()
		}
	}
}

// typedKey handles Enter, Escape, Backspace and the invite hotkey.
func (k *Kiosk) typedKey(ev *fyne.KeyEvent) {
	if string(ev.Name) == k.cfg.InviteHotkey && k.cfg.Trigger == survey.TriggerInvite {
		if _, err := k.invite("hotkey", "", ""); err != nil {
			k.log.Info("invite hotkey refused", "err", err)
		}
		return
	}
	enter := ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter
	switch k.screen {
	case ScreenSetup:
		k.setup.TypedKey(ev)
	case ScreenReasons:
		if enter {
			k.reasonsDone(survey.OutcomeSubmitted)
		} else if ev.Name == fyne.KeyEscape {
			k.reasonsDone(survey.OutcomeSkippedReasons)
		}
	case ScreenDossier:
		switch {
		case enter:
			k.dossierDone(false)
		case ev.Name == fyne.KeyEscape:
			k.dossierDone(true)
		case ev.Name == fyne.KeyBackspace:
			k.dossierKey("⌫")
		}
	case ScreenPIN:
		switch {
		case enter:
			k.pin.press("OK")
		case ev.Name == fyne.KeyBackspace:
			k.pin.press("⌫")
		case ev.Name == fyne.KeyEscape:
			k.showHome()
		}
	case ScreenStaff, ScreenPick, ScreenTechnician, ScreenManager, ScreenConfirmQuit:
		if ev.Name == fyne.KeyEscape {
			k.showHome()
		}
	}
}

// toggleLang switches the citizen language and redraws the screen.
func (k *Kiosk) toggleLang() {
	if k.lang == LangVI {
		k.lang = LangEN
	} else {
		k.lang = LangVI
	}
	switch k.screen {
	case ScreenRating:
		k.showRating(false)
	case ScreenReasons:
		k.showReasons()
	case ScreenDossier:
		k.showDossier()
	case ScreenIdle:
		k.showIdle()
	case ScreenClosed:
		k.showClosed()
	case ScreenSaving:
		k.redrawSaving()
	case ScreenOutOfOrder:
		k.showOutOfService()
	}
}

// closeRequested intercepts the window's close button: in full screen only
// the technician may close the kiosk.
func (k *Kiosk) closeRequested() {
	if !k.d.FullScreen || !k.d.Window.FullScreen() {
		k.quit()
		return
	}
	if k.draft != nil {
		return
	}
	k.showPIN(pinTechnicianQuit, nil)
}

func (k *Kiosk) quit() {
	if k.d.Quit != nil {
		k.d.Quit()
	}
}
