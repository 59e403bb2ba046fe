package screens

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hailong/kiosk/survey"
)

// TestEveryScreenFits checks that no screen needs more room than the
// window has at the three sizes of SPEC §4: a screen whose minimum size is
// larger would be cut off.
// fitSizes are the window sizes of SPEC §4.
var fitSizes = []fyne.Size{{Width: 1280, Height: 720}, {Width: 1366, Height: 768}, {Width: 1280, Height: 800}, {Width: 1920, Height: 1080}, {Width: 800, Height: 1280}}

func TestEveryScreenFits(t *testing.T) {
	sizes := fitSizes
	screens := []struct {
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
		{"reasons", nil, func(r *rig) { r.typeRunes("3") }},
		{"reasons_english", nil, func(r *rig) { test.Tap(r.k.chrome.langBtn); r.typeRunes("3") }},
		{"dossier", func(c *survey.Config) { c.Dossier = survey.DossierOptional }, func(r *rig) { r.typeRunes("1") }},
		{"dossier_long_code", func(c *survey.Config) { c.Dossier = survey.DossierOptional }, func(r *rig) {
			r.typeRunes("1")
			r.typeRunes("000.00.00.H22-241124-0001-XYZ/2024") // a scanner's 34 characters
		}},
		{"thanks", nil, func(r *rig) { r.typeRunes("1") }},
		{"out_of_service", nil, func(r *rig) {
			r.k.d.Recorder = &failingRecorder{Recorder: r.db, broken: true}
			r.typeRunes("1")
		}},
		{"staff_menu", nil, func(r *rig) { r.longPressLogo() }},
		{"pick_officer", nil, func(r *rig) { r.longPressLogo(); test.Tap(r.k.staffBtn["staff.signin"]) }},
		{"pin_pad", nil, func(r *rig) { r.longPressLogo(); test.Tap(r.k.staffBtn["staff.technician"]) }},
		// issue 11 item 1: a two-line title and the three-line lock message
		{"pin_pad_locked", nil, func(r *rig) {
			r.longPressLogo()
			test.Tap(r.k.staffBtn["staff.technician"])
			for i := 0; i < 5; i++ {
				r.enterPIN("000000")
			}
		}},
		{"pin_pad_locked_english", nil, func(r *rig) {
			test.Tap(r.k.chrome.langBtn)
			r.longPressLogo()
			test.Tap(r.k.staffBtn["staff.signin"])
			test.Tap(r.k.staffBtn["cb02"])
			for i := 0; i < 5; i++ {
				r.enterPIN("0000")
			}
		}},
		{"technician", nil, func(r *rig) {
			r.k.d.Recorder = fixedStats{r.db}
			r.longPressLogo()
			test.Tap(r.k.staffBtn["staff.technician"])
			r.enterPIN("909090")
		}},
		{"confirm_quit", nil, func(r *rig) {
			r.longPressLogo()
			test.Tap(r.k.staffBtn["staff.technician"])
			r.enterPIN("909090")
			test.Tap(r.k.staffBtn["tech.quit"])
		}},
		{"staff_menu_closed", nil, func(r *rig) { _ = r.k.signOut("test"); r.k.showHome(); r.longPressLogo() }},
		{"manager", nil, func(r *rig) { seedManagerDay(r.t, r); r.openManager() }},
		{"manager_english", nil, func(r *rig) { seedManagerDay(r.t, r); r.openManager(); test.Tap(r.k.mgr.lang) }},
		{"manager_english_no_data", nil, func(r *rig) { r.openManager(); test.Tap(r.k.mgr.lang) }},
	}
	for _, size := range sizes {
		for _, s := range screens {
			r := newRigAt(t, t.TempDir(), size, s.mutate)
			s.drive(r)
			// wrapped text knows its height once it has its width: lay out twice
			r.w.Content().Resize(size)
			r.w.Content().Resize(size)
			min := r.w.Content().MinSize()
			if min.Width > size.Width || min.Height > size.Height {
				t.Errorf("%s at %vx%v needs %vx%v", s.name, size.Width, size.Height, min.Width, min.Height)
			}
		}
	}
}
