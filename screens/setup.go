package screens

import (
	"log/slog"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hailong/kiosk/protocol"
)

// ScreenSetup is the setup screen, as Current reports it while a
// technician enrols the kiosk again.
const ScreenSetup = "setup"

// SetupTitle is the window's title while a kiosk that was never enrolled
// shows the setup screen; it becomes "Hài Lòng — <centre>" once enrolled.
const SetupTitle = "Hài Lòng — Đăng ký kiosk / Kiosk enrolment"

// SetupDeps is what the setup screen needs. Window and Enrol are required.
type SetupDeps struct {
	Window fyne.Window
	Server string // the server's address to pre-fill ("" for none)
	// Enrol enrols the kiosk with the server at server using code. It runs
	// off the UI thread (it waits for the network); its error is shown as
	// it is, a sentence in Vietnamese / English that says what to do.
	Enrol func(server, code string) error
	Done  func() // on the UI thread once Enrol has succeeded
	Back  func() // nil: no Back (a kiosk never enrolled has nowhere to go back to)
	// Activity is called at every key and tap: a caller with a timeout
	// holds it off while the technician types.
	Activity func()
	Log      *slog.Logger
}

// Setup is the setup screen: the server's address and the enrolment code,
// typed on its own keyboard, a USB keyboard, or read at once from the
// enrolment QR code by a barcode scanner that types like a keyboard. All
// its methods run on the UI thread.
type Setup struct {
	d            SetupDeps
	server, code *setupField
	active       *setupField
	keys         map[string]*BigButton
	enrolBtn     *BigButton
	back         *BigButton
	message      *widget.Label
	content      fyne.CanvasObject
	busy         bool // an enrolment is under way: keys are off
	done         bool // enrolled: keys stay off
	// scan is what the physical keyboard typed into the active box since
	// the last Enter or on-screen key, kept as typed (the code box upper-
	// cases); scanFrom is the box's text before it, so a scanned QR code's
	// text never stays in a box.
	scan     strings.Builder
	scanFrom string
	offUI    func(work, done func())
}

// NewSetup builds the setup screen; it follows the window's orientation
// at each layout.
func NewSetup(d SetupDeps) *Setup {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	s := &Setup{d: d, keys: map[string]*BigButton{}, offUI: runOffUI}
	s.server = newSetupField(bi("setup.server"), d.Server, false, func() { s.tapped(); s.activate(s.server) })
	s.code = newSetupField(bi("setup.code"), "", true, func() { s.tapped(); s.activate(s.code) })
	s.message = widget.NewLabel("")
	s.message.Wrapping = fyne.TextWrapWord
	s.message.Alignment = fyne.TextAlignCenter
	s.say(bi2("setup.hint"), widget.MediumImportance)

	portrait := func() bool {
		size := d.Window.Canvas().Size()
		return size.Height > size.Width
	}
	layout, keys := newKBLayout(portrait)
	objs := make([]fyne.CanvasObject, 0, len(keys))
	for _, key := range keys {
		b := NewBigButton(key, func() { s.press(key) })
		b.MinW = keyMinW
		switch key {
		case kbClear:
			b.Text = bi2("setup.clear")
		case kbEnrol:
			b.Text = bi2("setup.enrol")
			b.Primary = true
			s.enrolBtn = b
		}
		s.keys[key] = b
		objs = append(objs, b)
	}
	keyboard := container.New(layout, objs...)

	title := heading(bi("setup.title"), theme.SizeNameHeadingText, fyne.TextAlignCenter)
	var top fyne.CanvasObject = title
	if d.Back != nil {
		s.back = NewBigButton(bi("staff.back"), func() {
			if !s.busy {
				d.Back()
			}
		})
		top = container.NewBorder(nil, nil, container.New(minSizeLayout{fyne.NewSize(200, touchHeight)}, s.back), nil, title)
	}
	fields := container.New(fieldsLayout{portrait}, s.server, s.code)
	// The message scrolls rather than push the keyboard off a short
	// (1280×720) screen when it is long.
	body := container.NewBorder(container.NewVBox(top, fields), keyboard, nil, nil, container.NewVScroll(container.New(vCentre{}, s.message)))
	s.content = container.NewThemeOverride(container.NewPadded(body), staffTheme())

	// The code first when the address came pre-filled.
	if addr := strings.TrimSpace(d.Server); addr != "" && addr != kbHTTPS {
		s.activate(s.code)
	} else {
		s.activate(s.server)
	}
	return s
}

// ShowSetup puts the setup screen on the window and takes the window's
// keys: a kiosk never enrolled shows nothing else.
func ShowSetup(d SetupDeps) *Setup {
	s := NewSetup(d)
	c := d.Window.Canvas()
	d.Window.SetContent(s.Content())
	c.Unfocus()
	c.SetOnTypedRune(s.TypedRune)
	c.SetOnTypedKey(s.TypedKey)
	return s
}

// Content is the screen's canvas object.
func (s *Setup) Content() fyne.CanvasObject { return s.content }

// Server is the address typed so far; Code the code.
func (s *Setup) Server() string { return s.server.Text() }

// Code is the enrolment code typed so far.
func (s *Setup) Code() string { return s.code.Text() }

// Message is what the screen says: the hint, the progress or the error.
func (s *Setup) Message() string { return s.message.Text }

// Busy reports whether an enrolment is under way.
func (s *Setup) Busy() bool { return s.busy }

// activate makes f the box the keys type into and relabels the letter
// keys in its case.
func (s *Setup) activate(f *setupField) {
	s.active = f
	s.server.SetActive(f == s.server)
	s.code.SetActive(f == s.code)
	for key, b := range s.keys {
		if len(key) == 1 && key[0] >= 'a' && key[0] <= 'z' {
			if f.upper {
				b.Text = upperASCII(key)
			} else {
				b.Text = key
			}
			b.Refresh()
		}
	}
	s.resetScan()
}

func (s *Setup) resetScan() {
	s.scan.Reset()
	s.scanFrom = s.active.Text()
}

// tapped reports activity.
func (s *Setup) tapped() {
	if s.d.Activity != nil {
		s.d.Activity()
	}
}

// press handles a key of the screen's keyboard.
func (s *Setup) press(key string) {
	if s.busy || s.done {
		return
	}
	s.tapped()
	f := s.active
	switch key {
	case kbEnrol:
		s.submit()
		return
	case kbBackspace:
		if r := []rune(f.Text()); len(r) > 0 {
			f.SetText(string(r[:len(r)-1]))
		}
	case kbClear:
		f.SetText("")
	case kbHTTPS:
		if f != s.server {
			s.activate(s.server)
			f = s.server
		}
		if t := f.Text(); strings.Contains(t, "://") {
			f.SetText(kbHTTPS + t[strings.Index(t, "://")+3:])
		} else {
			f.SetText(kbHTTPS + t)
		}
	default:
		f.SetText(f.Text() + key)
	}
	s.resetScan()
}

// TypedRune takes a character from a USB keyboard or a barcode scanner.
// Once what was typed holds the enrolment QR code's prefix, the rest is
// not shown: the box keeps what it had and Enter reads the code.
func (s *Setup) TypedRune(r rune) {
	if s.busy || s.done || r < ' ' || r == 0x7f { // a scanner's CR or LF is not text
		return
	}
	s.tapped()
	s.scan.WriteRune(r)
	typed := s.scan.String()
	if i := strings.Index(typed, protocol.EnrolQRScheme); i >= 0 {
		s.active.SetText(s.scanFrom + typed[:i])
		return
	}
	s.active.SetText(s.scanFrom + typed)
}

// TypedKey takes Enter (next box, or enrol; after a scanned QR code, enrol
// at once), Up and Down (the address box, the code box), Backspace and
// Escape (Back).
func (s *Setup) TypedKey(ev *fyne.KeyEvent) {
	if s.busy || s.done {
		return
	}
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		s.tapped()
		typed := s.scan.String()
		if i := strings.Index(typed, protocol.EnrolQRScheme); i >= 0 {
			s.scanned(typed[i:])
			return
		}
		if s.active == s.server {
			s.activate(s.code)
			return
		}
		s.submit()
	case fyne.KeyTab: // the test driver's; a real window keeps Tab for focus
		s.tapped()
		if s.active == s.server {
			s.activate(s.code)
		} else {
			s.activate(s.server)
		}
	case fyne.KeyUp:
		s.tapped()
		s.activate(s.server)
	case fyne.KeyDown:
		s.tapped()
		s.activate(s.code)
	case fyne.KeyBackspace:
		s.press(kbBackspace)
	case fyne.KeyEscape:
		if s.d.Back != nil {
			s.d.Back()
		}
	}
}

// scanned fills both boxes from an enrolment QR code's text and enrols.
func (s *Setup) scanned(text string) {
	server, code, err := protocol.ParseEnrolQR(text)
	s.resetScan()
	if err != nil {
		s.d.Log.Info("setup: not an enrolment QR code", "err", err)
		s.say(bi2("setup.badqr"), widget.DangerImportance)
		return
	}
	s.server.SetText(server)
	s.code.SetText(code)
	s.activate(s.code)
	s.submit()
}

// submit enrols with what the boxes hold, off the UI thread; a failure
// keeps both boxes as they were, and Enrol becomes Try again.
func (s *Setup) submit() {
	server := strings.TrimRight(strings.TrimSpace(s.server.Text()), "/")
	code := strings.TrimSpace(s.code.Text())
	switch {
	case server == "" || strings.HasSuffix(server, ":"):
		s.say(bi2("setup.noserver"), widget.DangerImportance)
		s.activate(s.server)
		return
	case code == "":
		s.say(bi2("setup.nocode"), widget.DangerImportance)
		s.activate(s.code)
		return
	}
	s.setBusy(true)
	s.say(bi2("setup.enrolling", server), widget.MediumImportance)
	var err error
	s.offUI(func() { err = s.d.Enrol(server, code) }, func() {
		s.setBusy(false)
		if err != nil {
			s.d.Log.Info("setup: enrolment failed", "server", server, "err", err)
			vi, en := splitBi(err.Error())
			s.say(vi+"\n"+en, widget.DangerImportance)
			s.enrolBtn.Text = bi2("setup.retry")
			s.enrolBtn.Refresh()
			return
		}
		s.done = true
		s.setKeys(false)
		s.say(bi2("setup.enrolled"), widget.SuccessImportance)
		if s.d.Done != nil {
			s.d.Done()
		}
	})
}

// setBusy turns the keys off while an enrolment is under way.
func (s *Setup) setBusy(b bool) {
	s.busy = b
	s.setKeys(!b)
	if b {
		s.enrolBtn.SetPressed(true)
	} else {
		s.enrolBtn.SetPressed(false)
	}
}

func (s *Setup) setKeys(on bool) {
	for _, b := range s.keys {
		if b != s.enrolBtn {
			b.SetDisabled(!on)
		}
	}
	if s.back != nil {
		s.back.SetDisabled(!on)
	}
}

// say shows text under the boxes.
func (s *Setup) say(text string, imp widget.Importance) {
	s.message.Importance = imp
	s.message.SetText(text)
}

// bi2 is a catalogue text in Vietnamese, then English on the next line:
// the setup screen's messages are long, and each language reads best on
// lines of its own.
func bi2(key string, args ...any) string {
	return tr(LangVI, key, args...) + "\n" + tr(LangEN, key, args...)
}
