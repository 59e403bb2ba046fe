package screens

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hailong/kiosk/survey"
)

// fixedStats makes the technician screen deterministic for its golden file.
type fixedStats struct{ survey.Recorder }

func (fixedStats) Stats(context.Context, time.Time) (survey.Stats, error) {
	return survey.Stats{KioskID: "01900000-0000-7000-8000-000000000001", ResponsesToday: 12, ResponsesTotal: 340,
		Pending: 3, LastSeq: 340, DBBytes: 1 << 20, DiskFreeBytes: 12 << 30, DataDir: "/var/lib/hailong"}, nil
}

// TestScreensRenderToMarkup compares every screen with its golden markup
// in testdata/. A missing or changed master fails and writes
// testdata/failed/NAME; accept it by moving it into testdata/.
func TestScreensRenderToMarkup(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*survey.Config)
		drive  func(r *rig)
	}{
		{"rating_legal3", nil, func(r *rig) {}},
		{"rating_face4", func(c *survey.Config) { c.Scale = mustScale(t, survey.ScaleFace4) }, func(r *rig) {}},
		{"rating_star5", func(c *survey.Config) { c.Scale = mustScale(t, survey.ScaleStar5) }, func(r *rig) {}},
		{"rating_english", nil, func(r *rig) { test.Tap(r.k.chrome.langBtn) }},
		{"idle_invite", inviteMode, func(r *rig) {}},
		{"closed", nil, func(r *rig) { _ = r.k.signOut("test"); r.k.showHome() }},
		{"reasons", nil, func(r *rig) { r.typeRunes("3"); test.Tap(r.k.chips["wait"]) }},
		{"dossier", func(c *survey.Config) { c.Dossier = survey.DossierOptional }, func(r *rig) { r.typeRunes("1"); r.typeRunes("12345") }},
		{"thanks", nil, func(r *rig) { r.typeRunes("1") }},
		{"out_of_service", nil, func(r *rig) {
			r.k.d.Recorder = &failingRecorder{Recorder: r.db, broken: true}
			r.typeRunes("1")
		}},
		{"staff_menu", nil, func(r *rig) { r.longPressLogo() }},
		{"pick_officer", nil, func(r *rig) { r.longPressLogo(); test.Tap(r.k.staffBtn["staff.signin"]) }},
		{"pin_pad", nil, func(r *rig) {
			r.longPressLogo()
			test.Tap(r.k.staffBtn["staff.technician"])
			r.enterPIN("12")
			test.Tap(r.k.pin.keys["3"])
		}},
		{"technician", nil, func(r *rig) {
			r.k.d.Recorder = fixedStats{r.db}
			r.k.d.AppVersion = "0.1.0"
			r.longPressLogo()
			test.Tap(r.k.staffBtn["staff.technician"])
			r.enterPIN("909090")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRigAt(t, t.TempDir(), fyne.NewSize(1280, 800), c.mutate)
			c.drive(r)
			test.AssertRendersToMarkup(t, c.name+".xml", r.w.Canvas())
		})
	}
}

// TestPortraitPutsTilesInAColumn checks the 800×1280 layout: tiles stacked
// top to bottom in key order, each at least a touch target high.
func TestPortraitPutsTilesInAColumn(t *testing.T) {
	r := newRigAt(t, t.TempDir(), fyne.NewSize(800, 1280), func(c *survey.Config) { c.Scale = mustScale(t, survey.ScaleStar5) })
	for i := 1; i < len(r.k.tiles); i++ {
		prev, cur := r.k.tiles[i-1], r.k.tiles[i]
		if cur.Position().Y <= prev.Position().Y || cur.Position().X != prev.Position().X {
			t.Fatalf("tile %d at %v after tile %d at %v: not a column", i+1, cur.Position(), i, prev.Position())
		}
	}
	checkTouchTargets(t, r)
}

// TestLandscapeTouchTargets checks the ≥ 90 px rule at 1280×800, the
// language toggle included (SPEC §4).
func TestLandscapeTouchTargets(t *testing.T) {
	r := newRig(t, func(c *survey.Config) { c.Scale = mustScale(t, survey.ScaleStar5) })
	for i := 1; i < len(r.k.tiles); i++ {
		if r.k.tiles[i].Position().X <= r.k.tiles[i-1].Position().X {
			t.Fatal("landscape tiles are not in a row")
		}
	}
	checkTouchTargets(t, r)
	r.typeRunes("5") // one star: the reasons screen
	r.wantScreen(ScreenReasons)
	for code, chip := range r.k.chips {
		if h := chip.Size().Height; h < 90 {
			t.Errorf("reason chip %s is %.0f px high", code, h)
		}
	}
	for _, b := range []*BigButton{r.k.send, r.k.skip, r.k.chrome.langBtn} {
		if h := b.Size().Height; h < 90 {
			t.Errorf("button %q is %.0f px high", b.Text, h)
		}
	}
}

func checkTouchTargets(t *testing.T, r *rig) {
	t.Helper()
	for i, tile := range r.k.tiles {
		if s := tile.Size(); s.Height < 90 || s.Width < 90 {
			t.Errorf("tile %d is %v, smaller than 90 px", i+1, s)
		}
		if end := tile.Position().Y + tile.Size().Height; end > r.w.Canvas().Size().Height {
			t.Errorf("tile %d ends at %.0f, below the window", i+1, end)
		}
	}
}
