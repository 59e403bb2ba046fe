package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"hailong/kiosk/survey"
)

// EmbeddedPhotoPrefix marks an officer photo that is compiled into the
// kiosk rather than read from disk: photo = "embedded:officer-lan.svg"
// names config/demo/officer-lan.svg. The demo centre uses it, since an
// embedded configuration has no directory to resolve file names against.
const EmbeddedPhotoPrefix = "embedded:"

// MaxPhotoBytes bounds an officer photo, so a camera original dropped into
// the photo folder cannot stall the idle screen.
const MaxPhotoBytes = 4 << 20

// photoResolver checks officer photos while a file loads. dir is the
// absolute directory of the config file; it is empty for the embedded demo,
// which may only use embedded photos.
type photoResolver struct {
	dir string
}

// resolve checks a photo's name and returns what survey.Officer.Photo
// keeps: the absolute path of a file, or the embedded name unchanged. A
// file that does not exist is accepted (see below); one that exists must
// be a regular file of at most MaxPhotoBytes.
func (r photoResolver) resolve(photo string) (string, error) {
	if err := checkPhotoType(photo); err != nil {
		return "", err
	}
	if name, ok := strings.CutPrefix(photo, EmbeddedPhotoPrefix); ok {
		if _, err := fs.Stat(demoFS, embeddedPath(name)); err != nil {
			return "", fmt.Errorf("no embedded photo %q", name)
		}
		return photo, nil
	}
	if r.dir == "" {
		return "", fmt.Errorf("photo %q: an embedded configuration can only use %s photos", photo, EmbeddedPhotoPrefix)
	}
	p := photo
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.dir, p)
	}
	fi, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// A photo that went missing on the kiosk's disk must not take the
		// counter down: the kiosk logs it once and shows the initials
		// (screens.PhotoCache.LoadFiles), which also rejects a file that
		// is not an image.
		return p, nil
	case err != nil:
		return "", fmt.Errorf("photo file: %w", err)
	case !fi.Mode().IsRegular():
		return "", fmt.Errorf("photo %s is not a regular file", p)
	case fi.Size() > MaxPhotoBytes:
		return "", fmt.Errorf("photo file %s is %d bytes, more than %d", p, fi.Size(), MaxPhotoBytes)
	}
	return p, nil
}

// checkPhotoType accepts the formats the idle screen can draw.
func checkPhotoType(photo string) error {
	switch strings.ToLower(path.Ext(photo)) {
	case ".png", ".jpg", ".jpeg", ".svg":
		return nil
	}
	return fmt.Errorf("photo %q: want a .png, .jpg or .svg file", photo)
}

// PhotoBytes returns the photo of officer id in cfg and its file name (whose
// extension tells the format), for files on disk and embedded photos alike.
// An officer without a photo gives no bytes and no error: show initials.
func PhotoBytes(cfg survey.Config, id string) ([]byte, string, error) {
	o, ok := cfg.Officer(id)
	if !ok {
		return nil, "", fmt.Errorf("photo: officer %q is not on the roster", id)
	}
	if o.Photo == "" {
		return nil, "", nil
	}
	if name, ok := strings.CutPrefix(o.Photo, EmbeddedPhotoPrefix); ok {
		b, err := demoFS.ReadFile(embeddedPath(name))
		if err != nil {
			return nil, "", fmt.Errorf("photo of officer %q: %w", id, err)
		}
		return b, name, nil
	}
	b, err := readLimited(o.Photo, MaxPhotoBytes)
	if err != nil {
		return nil, "", fmt.Errorf("photo of officer %q: %w", id, err)
	}
	return b, filepath.Base(o.Photo), nil
}

// readLimited reads a file that must be at most limit bytes: the file may
// have grown since the config was loaded.
func readLimited(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is more than %d bytes", name, limit)
	}
	return b, nil
}

// embeddedPath maps an embedded photo name to its place in demoFS. path.Base
// keeps a name like "../demo.toml" from reaching other embedded files.
func embeddedPath(name string) string {
	return "demo/" + path.Base(name)
}
