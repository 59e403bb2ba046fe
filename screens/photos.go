package screens

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"

	"hailong/kiosk/config"
	"hailong/kiosk/survey"
)

// PhotoCache holds the officers' photos as Fyne resources, for Deps.Photo. Photos from a
// configuration file are read at start; photos from the scoring server are
// downloaded once and kept in DATA_DIR/photos, so a kiosk that restarts
// offline still shows them.
type PhotoCache struct {
	mu  sync.RWMutex
	m   map[string]fyne.Resource
	dir string
}

// NewPhotoCache returns an empty cache that keeps downloaded photos in
// DATA_DIR/photos.
func NewPhotoCache(dataDir string) *PhotoCache {
	return &PhotoCache{m: map[string]fyne.Resource{}, dir: filepath.Join(dataDir, "photos")}
}

// Get returns an officer's photo, nil for initials.
func (p *PhotoCache) Get(officerID string) fyne.Resource {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.m[officerID]
}

func (p *PhotoCache) set(officerID string, r fyne.Resource) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m[officerID] = r
}

// LoadFiles reads the photos a configuration file names. A photo that is
// missing or is not an image never stops the kiosk: its officer keeps the
// initials, and the log says so in one line.
func (p *PhotoCache) LoadFiles(cfg survey.Config, log *slog.Logger) {
	for _, o := range cfg.Officers {
		b, name, err := config.PhotoBytes(cfg, o.ID)
		if err == nil && b != nil {
			err = p.add(o.ID, name, b)
		}
		if err != nil {
			log.Warn("officer photo not shown; the initials are shown instead", "officer", o.ID, "err", err)
		}
	}
}

// add checks that b is an image and keeps it as officerID's photo.
func (p *PhotoCache) add(officerID, name string, b []byte) error {
	r := fyne.NewStaticResource(name, b)
	if err := checkImage(r); err != nil {
		return err
	}
	p.set(officerID, r)
	return nil
}

// checkImage reports whether r can be drawn: an SVG is rasterised (once:
// the officer card reuses the pixels), a PNG or JPEG has its header read.
// Fyne would otherwise log a "Failed to load image" at every layout of a
// bad photo and draw a blank.
func checkImage(r fyne.Resource) error {
	if isSVG(r) {
		if _, err := pixels(r); err != nil {
			return fmt.Errorf("photo %s is not a usable SVG image: %w", r.Name(), err)
		}
		return nil
	}
	if _, _, err := image.DecodeConfig(bytes.NewReader(r.Content())); err != nil {
		return fmt.Errorf("photo %s is not a PNG or JPEG image: %w", r.Name(), err)
	}
	return nil
}

// PhotoFetcher downloads one photo from the server and says its content
// type (upload.Uploader.FetchPhoto).
type PhotoFetcher func(ctx context.Context, url string) ([]byte, string, error)

// OfficerPhoto is where the server keeps an officer's photo; the URL
// carries the photo's version.
type OfficerPhoto struct {
	ID       string
	PhotoURL string
}

// LoadServer makes sure every officer with a PhotoURL has its photo, from
// the disk cache or the server; it reports whether any photo changed. A
// photo that cannot be had leaves the officer's initials.
func (p *PhotoCache) LoadServer(ctx context.Context, officers []OfficerPhoto, fetch PhotoFetcher, log *slog.Logger) bool {
	changed := false
	for _, o := range officers {
		if o.PhotoURL == "" {
			continue
		}
		sum := sha256.Sum256([]byte(o.PhotoURL)) // the URL carries the photo's version
		base := filepath.Join(p.dir, hex.EncodeToString(sum[:8]))
		b, name, err := p.readCached(base)
		if err != nil {
			b, name, err = p.download(ctx, base, o.PhotoURL, fetch)
		}
		if err != nil {
			log.Warn("officer photo", "officer", o.ID, "err", err)
			continue
		}
		if cur := p.Get(o.ID); cur == nil || cur.Name() != name {
			if err := p.add(o.ID, name, b); err != nil {
				os.Remove(filepath.Join(p.dir, name)) // fetched again next time, maybe fixed
				log.Warn("officer photo not shown; the initials are shown instead", "officer", o.ID, "err", err)
				continue
			}
			changed = true
		}
	}
	return changed
}

func (p *PhotoCache) readCached(base string) ([]byte, string, error) {
	for _, ext := range []string{".png", ".jpg", ".svg"} {
		if b, err := os.ReadFile(base + ext); err == nil {
			return b, filepath.Base(base + ext), nil
		}
	}
	return nil, "", os.ErrNotExist
}

func (p *PhotoCache) download(ctx context.Context, base, url string, fetch PhotoFetcher) ([]byte, string, error) {
	b, ctype, err := fetch(ctx, url)
	if err != nil {
		return nil, "", err
	}
	ext := ".png"
	switch {
	case strings.Contains(ctype, "svg"):
		ext = ".svg"
	case strings.Contains(ctype, "jpeg"):
		ext = ".jpg"
	case !strings.Contains(ctype, "png"):
		return nil, "", fmt.Errorf("photo %s has type %q", url, ctype)
	}
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		return nil, "", err
	}
	if err := os.WriteFile(base+ext+".part", b, 0o600); err != nil {
		return nil, "", err
	}
	if err := os.Rename(base+ext+".part", base+ext); err != nil {
		return nil, "", err
	}
	return b, filepath.Base(base + ext), nil
}
