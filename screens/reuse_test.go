package screens

import (
	"image"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"hailong/kiosk/survey"
)

// labels collects the text of every label under o.
func labels(o fyne.CanvasObject) map[string]bool {
	found := map[string]bool{}
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			found[v.Text] = true
		case *phraseLabel:
			found[strings.ReplaceAll(v.Text, "\n", " ")] = true
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return found
}

func TestRatingScreenIsReusedBetweenCitizens(t *testing.T) {
	r := newRig(t, nil)
	first := r.w.Canvas().Content()
	tiles := r.k.tiles
	r.typeRunes("1")
	r.wantScreen(ScreenThanks)
	thanks := r.w.Canvas().Content()
	r.advance(10 * time.Second)
	r.wantScreen(ScreenRating)
	if r.w.Canvas().Content() != first || &r.k.tiles[0] != &tiles[0] {
		t.Fatal("the rating screen was built again for the next citizen")
	}
	r.typeRunes("1")
	if r.w.Canvas().Content() != thanks {
		t.Fatal("the thanks screen was built again")
	}
	if n := len(r.responses()); n != 2 {
		t.Fatalf("%d responses stored, want 2", n)
	}
}

func TestReusedScreensFollowLanguageOfficerAndConfig(t *testing.T) {
	r := newRig(t, nil)
	vi := r.w.Canvas().Content()
	r.k.toggleLang()
	if r.w.Canvas().Content() == vi || !labels(r.w.Canvas().Content())[tr(LangEN, "question")] {
		t.Fatal("the English rating screen is not a screen of its own")
	}
	r.k.toggleLang()
	if r.w.Canvas().Content() != vi {
		t.Fatal("the Vietnamese rating screen was not reused after the toggle")
	}

	cfg := r.k.Config()
	cfg.Officers[0].Title = "Chuyên viên mới"
	r.k.ApplyConfig(cfg)
	if r.w.Canvas().Content() == vi || !labels(r.w.Canvas().Content())["Chuyên viên mới"] {
		t.Fatal("a new configuration still shows the old officer card")
	}

	second := cfg.Officers[1]
	if err := r.k.signIn(second, "test"); err != nil {
		t.Fatal(err)
	}
	r.k.showHome()
	if !labels(r.w.Canvas().Content())[second.Name] {
		t.Fatalf("after %s signed in, the rating screen shows someone else", second.ID)
	}
	r.typeRunes("1")
	if got := r.only(); got.OfficerID != second.ID {
		t.Fatalf("rating stored for %s, want %s", got.OfficerID, second.ID)
	}
}

func TestReusedScreenAfterStaffScreens(t *testing.T) {
	r := newRig(t, func(c *survey.Config) { c.Scale = mustScale(t, survey.ScaleFace4) })
	rating := r.w.Canvas().Content()
	r.longPressLogo()
	r.wantScreen(ScreenStaff)
	r.key("Escape")
	r.wantScreen(ScreenRating)
	if r.w.Canvas().Content() != rating || len(r.k.tiles) != 4 {
		t.Fatal("the rating screen was not reused after the staff menu")
	}
	want := r.k.tiles[0].Choice.Raw
	r.typeRunes("1")
	if got := r.only().RawValue; got != want {
		t.Fatalf("stored raw value %d, want %d", got, want)
	}
}

// objectsOf lists every canvas object under o, through containers.
func objectsOf(o fyne.CanvasObject) []fyne.CanvasObject {
	out := []fyne.CanvasObject{o}
	if c, ok := o.(*fyne.Container); ok {
		for _, child := range c.Objects {
			out = append(out, objectsOf(child)...)
		}
	}
	return out
}

// hasPhoto reports whether the screen shows an officer photo (as opposed
// to the initials on a circle).
func hasPhoto(o fyne.CanvasObject, photo image.Image) bool {
	for _, obj := range objectsOf(o) {
		if img, ok := obj.(*canvas.Image); ok && img.Image == photo {
			return true
		}
	}
	return false
}

func TestPhotosArrivingRedrawTheRestingScreen(t *testing.T) {
	r := newRig(t, nil)
	res := fyne.NewStaticResource("cb01.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#336699"/></svg>`))
	photo, err := pixels(res)
	if err != nil {
		t.Fatal(err)
	}
	if hasPhoto(r.w.Canvas().Content(), photo) {
		t.Fatal("a photo before any arrived")
	}
	r.k.d.Photo = func(id string) fyne.Resource {
		if id == "cb01" {
			return res
		}
		return nil
	}
	r.k.RefreshPhotos()
	r.wantScreen(ScreenRating)
	if !hasPhoto(r.w.Canvas().Content(), photo) {
		t.Fatal("the rating screen still shows the initials after the photo arrived")
	}
	r.typeRunes("1")
	r.advance(10 * time.Second)
	if !hasPhoto(r.w.Canvas().Content(), photo) {
		t.Fatal("the next citizen's rating screen lost the photo")
	}
}
