package screens

import (
	"math"
	"testing"
	"time"
)

// TestLogoHoldShowsProgress: while the logo is held, a bar fills with the
// share of the hold done, so the officer sees the press is taken and how
// long is left; letting go early empties it (issue 11, item 4).
func TestLogoHoldShowsProgress(t *testing.T) {
	r := newRig(t, nil)
	logo := r.k.chrome.logo
	hold := r.k.cfg.Timings.LongPress
	if logo.Progress() != 0 || logo.bar.Visible() {
		t.Fatalf("progress %v before any press", logo.Progress())
	}
	logo.Press()
	for _, frac := range []float64{0.25, 0.5, 0.75} {
		r.advance(time.Duration(float64(hold) / 4))
		if got := float64(logo.Progress()); math.Abs(got-frac) > 0.05 {
			t.Fatalf("progress %.2f at %.0f%% of the hold", got, 100*frac)
		}
		if !logo.bar.Visible() || logo.bar.Size().Width < float32(frac-0.05)*logo.Size().Width {
			t.Fatalf("bar %v (visible %v) at %.0f%% of the hold on a %v logo", logo.bar.Size(), logo.bar.Visible(), 100*frac, logo.Size())
		}
	}
	logo.Release()
	if logo.Progress() != 0 || logo.bar.Visible() {
		t.Fatalf("progress %v after letting go", logo.Progress())
	}
	r.wantScreen(ScreenRating)
	r.longPressLogo()
	r.wantScreen(ScreenStaff)
}
