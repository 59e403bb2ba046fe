package screens

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hailong/kiosk/survey"
)

// scannerCode is a real dossier code, as a barcode scanner types it.
const scannerCode = "000.00.00.H22-241124-0001-XYZ/2024"

// tapKeys types code on the on-screen dossier keypad, switching pages.
func tapKeys(t *testing.T, r *rig, code string) {
	t.Helper()
	for _, c := range code {
		key := string(c)
		if _, ok := r.k.keys[key]; !ok {
			page := keyLetters
			if r.k.keypadPage == keyLetters {
				page = keyDigits
			}
			test.Tap(r.k.keys[page])
		}
		b, ok := r.k.keys[key]
		if !ok {
			t.Fatalf("no key %q on either page of the dossier keypad", key)
		}
		test.Tap(b)
	}
}

// TestDossierKeypadTypesRealCodes: a real code, letters, dots, dashes and
// slashes, can be typed on the keypad alone, and every key is a touch
// target at least 90 px high.
func TestDossierKeypadTypesRealCodes(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 800, Height: 1280}} {
		r := newRigAt(t, t.TempDir(), size, func(c *survey.Config) { c.Dossier = survey.DossierOptional })
		r.typeRunes("1")
		r.wantScreen(ScreenDossier)
		tapKeys(t, r, scannerCode)
		for name, b := range r.k.keys {
			if s := b.Size(); s.Height < 90 || s.Width < 60 {
				t.Errorf("at %v key %q is %v: too small to touch", size, name, s)
			}
		}
		if r.k.code.Code() != scannerCode {
			t.Fatalf("at %v the keypad typed %q", size, r.k.code.Code())
		}
		test.Tap(r.k.send)
		if got := r.only(); got.DossierCode != scannerCode {
			t.Fatalf("at %v stored %q", size, got.DossierCode)
		}
	}
}

// inside fails unless o lies wholly inside the window.
func inside(t *testing.T, r *rig, what string, o fyne.CanvasObject) {
	t.Helper()
	win := r.w.Canvas().Size()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	end := pos.Add(o.Size())
	if pos.X < 0 || pos.Y < 0 || end.X > win.Width+0.5 || end.Y > win.Height+0.5 {
		t.Errorf("at %vx%v %s spans %v to %v: outside the window", win.Width, win.Height, what, pos, end)
	}
}

// TestLongDossierCodeFits: a scanner's 34-character code neither widens
// the screen nor pushes the keypad, the actions or the language toggle out
// of the window, in landscape and in portrait.
func TestLongDossierCodeFits(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 800, Height: 1280}} {
		r := newRigAt(t, t.TempDir(), size, func(c *survey.Config) { c.Dossier = survey.DossierOptional })
		r.typeRunes("1")
		r.typeRunes(scannerCode)
		r.w.Content().Resize(size)
		if min := r.w.Content().MinSize(); min.Width > size.Width || min.Height > size.Height {
			t.Errorf("at %v the dossier screen needs %v", size, min)
		}
		if r.k.code.Code() != scannerCode {
			t.Fatalf("code %q", r.k.code.Code())
		}
		inside(t, r, "the code", r.k.code)
		inside(t, r, "the language toggle", r.k.chrome.langBtn)
		inside(t, r, "Gửi", r.k.send)
		inside(t, r, "Bỏ qua", r.k.skip)
		for name, b := range r.k.keys {
			inside(t, r, "key "+name, b)
		}
	}
}

// TestHeadingKeepsHaiLongTogether: in portrait the invitation breaks
// before "mức độ hài lòng", never between "hài" and "lòng".
func TestHeadingKeepsHaiLongTogether(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 800, Height: 1280}, {Width: 1280, Height: 800}, {Width: 1920, Height: 1080}} {
		r := newRigAt(t, t.TempDir(), size, nil)
		found := false
		for _, l := range phraseLabels(r.w.Canvas().Content()) {
			if strings.Contains(l.Text, "hài\nlòng") || strings.Contains(l.Text, "cán\nbộ") || strings.Contains(l.Text, "đánh\ngiá") {
				t.Errorf("at %v the heading breaks inside a phrase: %q", size, l.Text)
			}
			if strings.Contains(l.Text, nbsp) {
				t.Errorf("at %v a no-break space is shown: %q", size, l.Text)
			}
			if strings.Contains(strings.ReplaceAll(l.Text, "\n", " "), "mức độ hài lòng") {
				found = true
			}
		}
		if !found {
			t.Fatalf("at %v no heading invites the rating", size)
		}
	}
}

func phraseLabels(o fyne.CanvasObject) []*phraseLabel {
	var out []*phraseLabel
	switch x := o.(type) {
	case *phraseLabel:
		out = append(out, x)
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, phraseLabels(c)...)
		}
	}
	return out
}

func TestBreakPhrases(t *testing.T) {
	measure := func(s string) float32 { return float32(len([]rune(s))) } // one unit a letter
	cases := []struct {
		text  string
		width float32
		want  string
	}{
		{"a b c", 10, "a b c"},
		{"Mời Ông/Bà đánh giá mức độ hài" + nbsp + "lòng", 30, "Mời Ông/Bà đánh giá\nmức độ hài lòng"},
		{"aaaa bbbb cccc dd" + nbsp + "ee", 9, "aaaa bbbb\ncccc\ndd ee"},
	}
	for _, c := range cases {
		if got := breakPhrases(c.text, c.width, measure); got != c.want {
			t.Errorf("breakPhrases(%q, %v) = %q, want %q", c.text, c.width, got, c.want)
		}
	}
}

// TestEnglishTranslatesTheCitizenText: in English the counter reads
// "Counter 1" and the out-of-service screen explains itself in English.
func TestEnglishTranslatesTheCitizenText(t *testing.T) {
	r := newRig(t, nil)
	test.Tap(r.k.chrome.langBtn)
	txt := texts(r.w.Canvas().Content())
	if !txt["Counter 1"] || txt["Quầy 1"] {
		t.Fatalf("English header texts: %v", txt)
	}
	r.k.d.Recorder = &failingRecorder{Recorder: r.db, broken: true}
	test.Tap(r.k.chrome.langBtn) // back to Vietnamese
	r.typeRunes("1")
	r.wantScreen(ScreenOutOfOrder)
	test.Tap(r.k.chrome.langBtn)
	if r.k.Lang() != LangEN || !labels(r.w.Canvas().Content())[tr(LangEN, "oos.hint")] {
		t.Fatal("the out-of-service screen did not turn English")
	}
	r.wantScreen(ScreenOutOfOrder)
}

// texts collects the FitText strings under o.
func texts(o fyne.CanvasObject) map[string]bool {
	out := map[string]bool{}
	switch x := o.(type) {
	case *FitText:
		out[x.Text] = true
	case *fyne.Container:
		for _, c := range x.Objects {
			for k := range texts(c) {
				out[k] = true
			}
		}
	}
	return out
}

// TestChosenReasonIsNotTheSendColour: a chosen reason chip never looks
// like the Gửi button.
func TestChosenReasonIsNotTheSendColour(t *testing.T) {
	if colSelected == colPrimary || colSelected == colPressed {
		t.Fatal("chosen chips share a colour with Gửi")
	}
	if c := contrast(colSelected, colTileText); c < 4.5 {
		t.Fatalf("white on a chosen chip: contrast %.2f", c)
	}
	if c := contrast(colPressed, colTileText); c < 4.5 {
		t.Fatalf("white on a pressed button: contrast %.2f", c)
	}
}
