package dashboard

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file, served under a name that carries a
// hash of its content so browsers may cache it for ever and still get a
// new stylesheet after an upgrade (miniflux does the same).
type asset struct {
	data  []byte
	ctype string
}

// assets maps fingerprinted names ("dashboard.1a2b3c4d.css") to files and
// plain names to fingerprinted ones.
type assets struct {
	byHashed map[string]asset
	hashed   map[string]string
}

func loadAssets() (*assets, error) {
	a := &assets{byHashed: map[string]asset{}, hashed: map[string]string{}}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("read embedded static files: %w", err)
	}
	for _, e := range entries {
		data, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("read embedded %s: %w", e.Name(), err)
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(e.Name())
		name := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:4]) + ext
		a.hashed[e.Name()] = name
		a.byHashed[name] = asset{data: data, ctype: mime.TypeByExtension(ext)}
	}
	return a, nil
}

// url returns the path of a static file by its plain name.
func (a *assets) url(name string) string {
	return "/static/" + a.hashed[name]
}

// serve answers GET /static/{name}; an unknown name is the dashboard's 404.
func (s *Site) serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := s.static.byHashed[strings.TrimPrefix(r.URL.Path, "/static/")]
	if !ok {
		s.Error(w, r, ErrNotFound)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(f.data)
}
