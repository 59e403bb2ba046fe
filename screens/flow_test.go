package screens

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hailong/kiosk/survey"
)

func TestOneTapSavesBeforeThanks(t *testing.T) {
	r := newRig(t, nil)
	r.wantScreen(ScreenRating)
	if len(r.responses()) != 0 {
		t.Fatal("a response before any tap")
	}
	r.advance(2500 * time.Millisecond)
	test.Tap(r.k.tiles[0])
	r.wantScreen(ScreenThanks) // thanks is shown only after SaveResponse returned
	got := r.only()
	want := survey.Response{CentreID: "qn-hcc", CounterID: "1", OfficerID: "cb01", Scale: "legal3", RawValue: 3,
		Level: survey.VerySatisfied, Outcome: survey.OutcomeSubmitted, Lang: "vi", DurationMS: 2500, AppVersion: "test",
		CreatedAt: start.Add(2500 * time.Millisecond).Format(survey.TimeLayout)}
	if got.CentreID != want.CentreID || got.CounterID != want.CounterID || got.OfficerID != want.OfficerID ||
		got.Scale != want.Scale || got.RawValue != want.RawValue || got.Level != want.Level || got.Outcome != want.Outcome ||
		got.Lang != want.Lang || got.DurationMS != want.DurationMS || got.CreatedAt != want.CreatedAt || got.AppVersion != want.AppVersion ||
		got.FilterReason != "" || len(got.Reasons) != 0 || got.Seq != 1 {
		t.Fatalf("stored %+v\nwant like %+v", got, want)
	}
	r.advance(3900 * time.Millisecond)
	r.wantScreen(ScreenThanks)
	r.advance(200 * time.Millisecond)
	r.wantScreen(ScreenRating)
}

func TestScalesMapKeysToLevels(t *testing.T) {
	cases := []struct {
		scale     string
		key       string
		raw       int
		level     survey.Level
		asReasons bool
	}{
		{survey.ScaleLegal3, "1", 3, survey.VerySatisfied, false},
		{survey.ScaleLegal3, "2", 2, survey.Satisfied, false},
		{survey.ScaleLegal3, "3", 1, survey.Dissatisfied, true},
		{survey.ScaleFace4, "1", 4, survey.VerySatisfied, false},
		{survey.ScaleFace4, "2", 3, survey.Satisfied, false},
		{survey.ScaleFace4, "3", 2, survey.Satisfied, false}, // Bình thường → Hài lòng by default
		{survey.ScaleFace4, "4", 1, survey.Dissatisfied, true},
		{survey.ScaleStar5, "1", 5, survey.VerySatisfied, false}, // best first on every scale
		{survey.ScaleStar5, "2", 4, survey.Satisfied, false},
		{survey.ScaleStar5, "3", 3, survey.Dissatisfied, true},
		{survey.ScaleStar5, "5", 1, survey.Dissatisfied, true},
	}
	for _, c := range cases {
		t.Run(c.scale+"/"+c.key, func(t *testing.T) {
			r := newRig(t, func(cfg *survey.Config) { cfg.Scale = mustScale(t, c.scale) })
			if n := len(r.k.tiles); n != len(r.k.cfg.Scale.Choices) {
				t.Fatalf("%d tiles for %d choices", n, len(r.k.cfg.Scale.Choices))
			}
			r.typeRunes(c.key)
			if c.asReasons {
				r.wantScreen(ScreenReasons)
				r.key(fyne.KeyEscape)
			}
			r.wantScreen(ScreenThanks)
			got := r.only()
			if got.Scale != c.scale || got.RawValue != c.raw || got.Level != c.level {
				t.Fatalf("stored %s raw %d level %s, want %s raw %d level %s", got.Scale, got.RawValue, got.Level, c.scale, c.raw, c.level)
			}
		})
	}
}

func TestCustomMappingIsStored(t *testing.T) {
	r := newRig(t, func(cfg *survey.Config) {
		sc, err := mustScale(t, survey.ScaleFace4).WithMapping(map[int]survey.Level{2: survey.Dissatisfied})
		if err != nil {
			t.Fatal(err)
		}
		cfg.Scale = sc
	})
	r.typeRunes("3") // Bình thường
	r.wantScreen(ScreenReasons)
	r.key(fyne.KeyEscape)
	got := r.only()
	if got.RawValue != 2 || got.Level != survey.Dissatisfied {
		t.Fatalf("raw %d level %s, want 2 dissatisfied", got.RawValue, got.Level)
	}
}

func mustScale(t *testing.T, name string) survey.Scale {
	t.Helper()
	sc, err := survey.NewScale(name)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestReasonsSubmitSkipAndTimeout(t *testing.T) {
	t.Run("submit", func(t *testing.T) {
		r := newRig(t, nil)
		test.Tap(r.k.tiles[2])
		r.wantScreen(ScreenReasons)
		test.Tap(r.k.chips["wait"])
		test.Tap(r.k.chips["rude"])
		test.Tap(r.k.chips["late"])
		test.Tap(r.k.chips["late"]) // unselect
		if !r.k.chips["wait"].Selected || r.k.chips["late"].Selected {
			t.Fatal("chip selection not shown")
		}
		test.Tap(r.k.send)
		r.wantScreen(ScreenThanks)
		got := r.only()
		if got.Outcome != survey.OutcomeSubmitted || !slices.Equal(got.Reasons, []string{"wait", "rude"}) {
			t.Fatalf("outcome %s reasons %v", got.Outcome, got.Reasons)
		}
	})
	t.Run("enter submits", func(t *testing.T) {
		r := newRig(t, nil)
		r.typeRunes("3")
		test.Tap(r.k.chips["other"])
		r.key(fyne.KeyReturn)
		if got := r.only(); got.Outcome != survey.OutcomeSubmitted || !slices.Equal(got.Reasons, []string{"other"}) {
			t.Fatalf("outcome %s reasons %v", got.Outcome, got.Reasons)
		}
	})
	t.Run("skip", func(t *testing.T) {
		r := newRig(t, nil)
		test.Tap(r.k.tiles[2])
		test.Tap(r.k.chips["wait"])
		test.Tap(r.k.skip)
		if got := r.only(); got.Outcome != survey.OutcomeSkippedReasons || len(got.Reasons) != 0 {
			t.Fatalf("outcome %s reasons %v", got.Outcome, got.Reasons)
		}
	})
	t.Run("escape skips", func(t *testing.T) {
		r := newRig(t, nil)
		r.typeRunes("3")
		r.key(fyne.KeyEscape)
		if got := r.only(); got.Outcome != survey.OutcomeSkippedReasons {
			t.Fatalf("outcome %s", got.Outcome)
		}
	})
	t.Run("timeout saves without reasons", func(t *testing.T) {
		r := newRig(t, nil)
		test.Tap(r.k.tiles[2])
		r.advance(20 * time.Second)
		test.Tap(r.k.chips["wait"]) // a touch restarts the 30 s
		r.advance(29 * time.Second)
		r.wantScreen(ScreenReasons)
		if len(r.responses()) != 0 {
			t.Fatal("saved before the timeout")
		}
		r.advance(2 * time.Second)
		r.wantScreen(ScreenThanks)
		if got := r.only(); got.Outcome != survey.OutcomeTimeout || len(got.Reasons) != 0 || got.Level != survey.Dissatisfied {
			t.Fatalf("outcome %s reasons %v level %s", got.Outcome, got.Reasons, got.Level)
		}
	})
	t.Run("configured for satisfied too", func(t *testing.T) {
		r := newRig(t, func(c *survey.Config) { c.ReasonLevels = []survey.Level{survey.Satisfied, survey.Dissatisfied} })
		r.typeRunes("2")
		r.wantScreen(ScreenReasons)
	})
}

func TestDossierCode(t *testing.T) {
	t.Run("keypad and scanner", func(t *testing.T) {
		r := newRig(t, func(c *survey.Config) { c.Dossier = survey.DossierOptional })
		r.typeRunes("1")
		r.wantScreen(ScreenDossier)
		test.Tap(r.k.keys["7"])
		test.Tap(r.k.keys["9"])
		test.Tap(r.k.keys["⌫"])
		r.typeRunes("000.00.H22-0001") // a barcode scanner types, then Enter
		r.key(fyne.KeyReturn)
		r.wantScreen(ScreenThanks)
		if got := r.only(); got.DossierCode != "7000.00.H22-0001" {
			t.Fatalf("dossier %q", got.DossierCode)
		}
	})
	t.Run("skip", func(t *testing.T) {
		r := newRig(t, func(c *survey.Config) { c.Dossier = survey.DossierOptional })
		r.typeRunes("3")
		test.Tap(r.k.chips["wait"])
		r.key(fyne.KeyReturn) // reasons first, then the dossier code
		r.wantScreen(ScreenDossier)
		test.Tap(r.k.keys["5"])
		test.Tap(r.k.skip)
		if got := r.only(); got.DossierCode != "" || got.Level != survey.Dissatisfied {
			t.Fatalf("dossier %q level %s", got.DossierCode, got.Level)
		}
	})
	t.Run("required", func(t *testing.T) {
		r := newRig(t, func(c *survey.Config) { c.Dossier = survey.DossierRequired })
		r.typeRunes("1")
		if r.k.skip != nil {
			t.Fatal("Bỏ qua shown although the code is required")
		}
		test.Tap(r.k.send)
		r.key(fyne.KeyReturn)
		r.key(fyne.KeyEscape)
		r.wantScreen(ScreenDossier)
		test.Tap(r.k.keys["4"])
		test.Tap(r.k.send)
		if got := r.only(); got.DossierCode != "4" {
			t.Fatalf("dossier %q", got.DossierCode)
		}
	})
	t.Run("timeout still saves the rating", func(t *testing.T) {
		r := newRig(t, func(c *survey.Config) { c.Dossier = survey.DossierRequired })
		r.typeRunes("2")
		r.advance(31 * time.Second)
		if got := r.only(); got.Outcome != survey.OutcomeTimeout || got.Level != survey.Satisfied {
			t.Fatalf("outcome %s level %s", got.Outcome, got.Level)
		}
	})
}

func TestRepeatFilterStoresButFlags(t *testing.T) {
	r := newRig(t, nil)
	r.typeRunes("1")
	r.advance(4 * time.Second) // thanks ends
	r.wantScreen(ScreenRating)
	r.advance(time.Second)
	r.typeRunes("1") // 1 s after the thanks: a repeat
	r.advance(4 * time.Second)
	r.advance(6 * time.Second)
	r.typeRunes("2") // 6 s after: a new citizen
	rs := r.responses()
	if len(rs) != 3 {
		t.Fatalf("%d responses, want 3 (nothing is dropped)", len(rs))
	}
	for i, want := range []string{"", survey.FilterRepeat, ""} {
		if rs[i].FilterReason != want {
			t.Errorf("response %d filter %q, want %q", i+1, rs[i].FilterReason, want)
		}
	}
}

func TestRepeatFilterOffInInviteMode(t *testing.T) {
	r := newRig(t, func(c *survey.Config) { c.Trigger = survey.TriggerInvite })
	r.key(fyne.KeyF9)
	r.typeRunes("1")
	r.advance(4 * time.Second)
	r.key(fyne.KeyF9)
	r.typeRunes("1")
	for _, x := range r.responses() {
		if x.FilterReason != "" {
			t.Fatalf("invited rating flagged %q", x.FilterReason)
		}
	}
}

func TestDigitsDuringThanksAreIgnored(t *testing.T) {
	r := newRig(t, nil)
	r.typeRunes("1")
	r.typeRunes("123")
	if n := len(r.responses()); n != 1 {
		t.Fatalf("%d responses, want 1", n)
	}
}

// TestThanksIsStaffBlind: the thanks screen and its duration are the same
// whatever the level, so the officer cannot tell what the citizen chose.
func TestThanksIsStaffBlind(t *testing.T) {
	var first string
	for _, key := range []string{"1", "2", "3"} {
		r := newRig(t, nil)
		r.typeRunes(key)
		if r.k.Current() == ScreenReasons {
			r.key(fyne.KeyEscape)
		}
		r.wantScreen(ScreenThanks)
		markup := test.RenderToMarkup(r.w.Canvas())
		if first == "" {
			first = markup
		} else if markup != first {
			t.Fatalf("thanks after key %s differs from after key 1", key)
		}
		r.advance(r.k.cfg.Timings.Thanks - time.Millisecond)
		r.wantScreen(ScreenThanks)
		r.advance(time.Millisecond)
		r.wantScreen(ScreenRating)
	}
}
