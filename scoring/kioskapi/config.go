package kioskapi

import (
	"fmt"
	"net/http"
	"strings"

	"hailong/kiosk/scoring"
)

// handleConfig answers GET /api/v1/config with the kiosk's configuration
// and its version as a strong ETag; 304 when If-None-Match has it.
func (s *server) handleConfig() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := kioskFrom(r.Context())
		cfg, err := scoring.BuildKioskConfig(r.Context(), s.store, k)
		if err == nil {
			// Remembered before it is sent, so that every response made
			// under it can be checked against it (trust.go).
			_, err = s.recordIssued(r.Context(), k, cfg)
		}
		if err != nil {
			respondErr(w, r, s.log, err)
			return
		}
		etag := `"` + cfg.Version + `"`
		w.Header().Set("ETag", etag)
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		encode(w, http.StatusOK, cfg)
	})
}

// etagMatches implements If-None-Match's weak comparison (RFC 9110 §13.1.2):
// a list of entity tags, or "*".
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// handlePhoto answers GET /api/v1/photos/{officer} with the photo of an
// officer of the kiosk's own centre.
func (s *server) handlePhoto() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := kioskFrom(r.Context())
		p, err := s.store.Photo(r.Context(), k.CentreID, r.PathValue("officer"))
		if err != nil {
			respondErr(w, r, s.log, fmt.Errorf("photo: %w", err))
			return
		}
		w.Header().Set("Content-Type", p.ContentType)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		// The URL carries the photo's version, so a kiosk may keep it.
		w.Header().Set("Cache-Control", "private, max-age=86400")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(p.Data)
	})
}
