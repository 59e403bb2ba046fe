package screens

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hailong/kiosk/config"
	"hailong/kiosk/localdb"
	"hailong/kiosk/survey"
)

// start is a fixed local time for every UI test: Monday 24 Nov 2025 09:00
// in Hà Nội.
var start = time.Date(2025, 11, 24, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))

// rig is a kiosk under test: a real store on a temp dir, a manual clock and
// Fyne's test driver.
type rig struct {
	t     *testing.T
	k     *Kiosk
	w     fyne.Window
	db    *localdb.DB
	dir   string
	clock *survey.ManualClock
	quit  int
}

// newRig starts a kiosk on the demo centre, changed by mutate, at 1280×800.
func newRig(t *testing.T, mutate func(*survey.Config)) *rig {
	t.Helper()
	return newRigAt(t, t.TempDir(), fyne.NewSize(1280, 800), mutate)
}

func newRigAt(t *testing.T, dir string, size fyne.Size, mutate func(*survey.Config)) *rig {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(NewTheme())
	cfg := config.Demo()
	if mutate != nil {
		mutate(&cfg)
	}
	clock := survey.NewManualClock(start)
	db, err := localdb.Open(dir, localdb.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := test.NewTempWindow(t, nil)
	w.SetPadded(false) // as main does
	w.Resize(size)
	r := &rig{t: t, w: w, db: db, dir: dir, clock: clock}
	r.k = New(Deps{Window: w, Config: cfg, Recorder: db, Clock: clock, AppVersion: "test",
		Quit: func() { r.quit++ }, DiskFull: localdb.IsDiskFull})
	// The save runs in step with the test, as if the disk were instant;
	// the slow-disk tests put a real goroutine back (slowSaves).
	r.k.offUI = func(work, done func()) { work(); done() }
	if err := r.k.Start(); err != nil {
		t.Fatal(err)
	}
	return r
}

// responses returns every stored response.
func (r *rig) responses() []survey.Response {
	r.t.Helper()
	rs, err := r.db.Responses(context.Background(), start.AddDate(0, 0, -1), start.AddDate(0, 0, 30))
	if err != nil {
		r.t.Fatal(err)
	}
	return rs
}

// only returns the single stored response.
func (r *rig) only() survey.Response {
	r.t.Helper()
	rs := r.responses()
	if len(rs) != 1 {
		r.t.Fatalf("want 1 response, got %d", len(rs))
	}
	return rs[0]
}

func (r *rig) wantScreen(name string) {
	r.t.Helper()
	if got := r.k.Current(); got != name {
		r.t.Fatalf("screen = %q, want %q", got, name)
	}
}

func (r *rig) advance(d time.Duration) { r.clock.Advance(d) }

// key sends a named key to the window canvas.
func (r *rig) key(name fyne.KeyName) {
	r.w.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: name})
}

// typeRunes sends characters to the window canvas, as a keypad or scanner.
func (r *rig) typeRunes(s string) {
	test.TypeOnCanvas(r.w.Canvas(), s)
}

// longPressLogo holds the centre logo for the configured time.
func (r *rig) longPressLogo() {
	r.k.chrome.logo.Press()
	r.advance(r.k.cfg.Timings.LongPress)
}

// enterPIN types a PIN on the on-screen pad and presses OK.
func (r *rig) enterPIN(pin string) {
	r.t.Helper()
	r.wantScreen(ScreenPIN)
	for _, c := range pin {
		test.Tap(r.k.pin.keys[string(c)])
	}
	test.Tap(r.k.pin.ok)
}
