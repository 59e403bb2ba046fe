package config

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hailong/kiosk/survey"
)

func TestPhotoBytesFromDisk(t *testing.T) {
	dir := t.TempDir()
	png := []byte("\x89PNG\r\n\x1a\n not really")
	if err := os.MkdirAll(filepath.Join(dir, "photos"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "photos", "an.png"), png, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(writeConfig(t, dir, minimal+"photo = \"photos/an.png\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(cfg.Officers[0].Photo) {
		t.Errorf("Photo = %q, want an absolute path", cfg.Officers[0].Photo)
	}
	b, name, err := PhotoBytes(cfg, "a")
	if err != nil || name != "an.png" || !bytes.Equal(b, png) {
		t.Errorf("PhotoBytes = %q, %q, %v; want the file's bytes, an.png", b, name, err)
	}
}

func TestPhotoBytesErrors(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.png")
	if err := os.WriteFile(big, make([]byte, MaxPhotoBytes+1), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := survey.Config{Officers: []survey.Officer{
		{ID: "gone", Photo: filepath.Join(dir, "gone.png")},
		{ID: "big", Photo: big},
		{ID: "escape", Photo: EmbeddedPhotoPrefix + "../demo.toml"},
	}}
	cases := []struct{ id, want string }{
		{"nobody", `officer "nobody" is not on the roster`},
		{"gone", "gone.png"},
		{"big", "more than"},
		{"escape", `photo of officer "escape"`},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			b, _, err := PhotoBytes(cfg, c.id)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("PhotoBytes(%s) = %d bytes, %v; want an error containing %q", c.id, len(b), err, c.want)
			}
		})
	}
}

func TestResolvePhoto(t *testing.T) {
	dir := t.TempDir()
	abs := filepath.Join(dir, "abs.jpg")
	if err := os.WriteFile(abs, []byte("jpeg"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.png"), 0o755); err != nil {
		t.Fatal(err)
	}
	onDisk := photoResolver{dir: dir}
	cases := []struct {
		name    string
		r       photoResolver
		photo   string
		want    string // resolved photo, or a part of the error
		wantErr bool
	}{
		{"absolute path", onDisk, abs, abs, false},
		{"relative path", onDisk, "abs.jpg", abs, false},
		// a file that is not there is accepted: the kiosk shows initials
		{"upper-case extension, no such file", onDisk, "abs.JPG", filepath.Join(dir, "abs.JPG"), false},
		{"embedded", onDisk, "embedded:officer-lan.svg", "embedded:officer-lan.svg", false},
		{"embedded from the demo", photoResolver{}, "embedded:officer-minh.svg", "embedded:officer-minh.svg", false},
		{"file from the demo", photoResolver{}, "abs.jpg", "can only use embedded: photos", true},
		{"folder", onDisk, "folder.png", "not a regular file", true},
		{"embedded escape", onDisk, "embedded:../demo.toml", "want a .png", true},
		{"embedded escape to a photo", onDisk, "embedded:../demo/x.svg", `no embedded photo "../demo/x.svg"`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.r.resolve(c.photo)
			switch {
			case c.wantErr && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("resolve(%q) = %q, %v; want an error containing %q", c.photo, got, err, c.want)
			case !c.wantErr && (err != nil || got != c.want):
				t.Errorf("resolve(%q) = %q, %v; want %q", c.photo, got, err, c.want)
			}
		})
	}
}

// TestLoadAcceptsAMissingPhotoFile: a photo file that went missing in the
// field must not stop the kiosk; the photo cache logs it once and shows the
// officer's initials (screens.PhotoCache.LoadFiles).
func TestLoadAcceptsAMissingPhotoFile(t *testing.T) {
	dir := t.TempDir()
	cfg, err := Load(writeConfig(t, dir, minimal+"photo = \"photos/none.png\"\n"))
	if err != nil {
		t.Fatalf("a missing photo stops the kiosk: %v", err)
	}
	if want := filepath.Join(dir, "photos", "none.png"); cfg.Officers[0].Photo != want {
		t.Fatalf("photo %q, want %q", cfg.Officers[0].Photo, want)
	}
	if _, _, err := PhotoBytes(cfg, cfg.Officers[0].ID); err == nil {
		t.Fatal("PhotoBytes of a missing file gave no error")
	}
}
