package screens

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"log"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"hailong/kiosk/survey"
)

// photoFiles writes photos for the first three demo officers: a real PNG,
// a text file named .png, and a name with no file behind it.
func photoFiles(t *testing.T, cfg *survey.Config) {
	t.Helper()
	dir := t.TempDir()
	var good bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.White)
	if err := png.Encode(&good, img); err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg.Officers[0].Photo = write("good.png", good.Bytes())
	cfg.Officers[1].Photo = write("notes.png", []byte("this is a text file, not a photo\n"))
	cfg.Officers[2].Photo = filepath.Join(dir, "gone.jpg")
}

// TestBadPhotosFallBackToInitialsWithOneLogLine: a file that is not an
// image and a missing file each give one log line at load and the
// officer's initials, never a blank or an error that stops the kiosk.
func TestBadPhotosFallBackToInitialsWithOneLogLine(t *testing.T) {
	var logged bytes.Buffer
	var fyneLog bytes.Buffer // Fyne's "Failed to load image" goes to the standard logger
	log.SetOutput(&fyneLog)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })

	r := newRig(t, func(cfg *survey.Config) { photoFiles(t, cfg) })
	p := NewPhotoCache(t.TempDir())
	p.LoadFiles(r.k.cfg, slog.New(slog.NewTextHandler(&logged, nil)))
	ids := []string{r.k.cfg.Officers[0].ID, r.k.cfg.Officers[1].ID, r.k.cfg.Officers[2].ID}
	if p.Get(ids[0]) == nil || p.Get(ids[1]) != nil || p.Get(ids[2]) != nil {
		t.Fatalf("photos good=%v text=%v missing=%v; want only the good one", p.Get(ids[0]), p.Get(ids[1]), p.Get(ids[2]))
	}
	lines := strings.Split(strings.TrimSpace(logged.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], ids[1]) || !strings.Contains(lines[1], ids[2]) {
		t.Fatalf("want one log line per bad photo, got %q", lines)
	}

	// The screens, with a resource that is not an image handed to them
	// directly (as a server photo could be): initials, no log flood.
	bad := fyne.NewStaticResource("x.png", []byte("not a png"))
	r.k.d.Photo = func(string) fyne.Resource { return bad }
	for range 5 {
		r.k.forgetScreens()
		r.k.showHome()
		r.typeRunes("1")
		r.advance(10 * time.Second)
	}
	if n := strings.Count(fyneLog.String(), "Failed to load image"); n != 0 {
		t.Fatalf("%d \"Failed to load image\" lines", n)
	}
	if !showsText(r.w.Content(), initials(r.k.officer.Name)) {
		t.Fatal("the officer's initials are not shown in place of the bad photo")
	}
}

// TestInitialsBadgeIsSquare: the initials badge takes the photo's square,
// not a taller pill.
func TestInitialsBadgeIsSquare(t *testing.T) {
	test.NewTempApp(t)
	card := officerCard(survey.Officer{Name: "Nguyễn Thị Lan"}, nil, 120)
	w := test.NewTempWindow(t, card)
	w.Resize(fyne.NewSize(600, 400))
	var circle *canvas.Circle
	var find func(o fyne.CanvasObject)
	find = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *canvas.Circle:
			circle = x
		case *fyne.Container:
			for _, c := range x.Objects {
				find(c)
			}
		}
	}
	find(card)
	if circle == nil {
		t.Fatal("no initials badge")
	}
	if s := circle.Size(); s.Width != 120 || s.Height != 120 {
		t.Fatalf("initials badge %v, want 120×120", s)
	}
}

// showsText reports whether a canvas.Text with text is under o.
func showsText(o fyne.CanvasObject, text string) bool {
	switch x := o.(type) {
	case *canvas.Text:
		return x.Text == text && x.Visible()
	case *fyne.Container:
		for _, c := range x.Objects {
			if showsText(c, text) {
				return true
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			if showsText(c, text) {
				return true
			}
		}
	}
	return false
}
