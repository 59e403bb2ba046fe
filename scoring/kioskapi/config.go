package scoring

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"hailong/kiosk/protocol"
)

// kioskConfig builds a kiosk's configuration from its centre and roster:
// the defaults of SPEC §4 with the centre's scale and PIN hashes, the
// kiosk's counter, and every officer of the centre with a versioned photo
// URL (relative to the server, fetched with the kiosk's token).
func kioskConfig(ctx context.Context, st Store, k Kiosk) (protocol.KioskConfig, error) {
	c, officers, err := st.Roster(ctx, k.CentreID)
	if err != nil {
		return protocol.KioskConfig{}, fmt.Errorf("configuration of kiosk %s: %w", k.ID, err)
	}
	cfg := protocol.DefaultConfig(protocol.Place{ID: c.ID, Name: c.Name},
		protocol.Place{ID: k.CounterID, Name: "Quầy " + k.CounterID})
	if c.Scale != "" {
		cfg.Scale = c.Scale
	}
	if len(c.Reasons) > 0 {
		cfg.Reasons = c.Reasons
	}
	cfg.Mapping = c.Mapping
	cfg.TechnicianPINHash = c.TechnicianPINHash
	cfg.ManagerPINHash = c.ManagerPINHash
	cfg.Officers = make([]protocol.Officer, 0, len(officers))
	for _, o := range officers {
		po := protocol.Officer{ID: o.ID, Name: o.Name, Title: o.Title, PINHash: o.PINHash}
		if o.PhotoSHA != "" {
			po.PhotoURL = protocol.PathPhotos + url.PathEscape(o.ID) + "?v=" + o.PhotoSHA[:min(12, len(o.PhotoSHA))]
		}
		cfg.Officers = append(cfg.Officers, po)
	}
	cfg.Version = ConfigVersion(cfg)
	return cfg, nil
}

// ConfigVersion is a configuration's version and ETag: the first 16 hex
// digits of the SHA-256 of its JSON with an empty version. It changes
// whenever anything in the configuration changes (a photo changes its URL),
// and is the same on every server that builds the same configuration.
func ConfigVersion(c protocol.KioskConfig) string {
	c.Version = ""
	b, err := json.Marshal(c)
	if err != nil {
		panic(fmt.Sprintf("scoring: encode config: %v", err)) // strings, ints and a string map cannot fail
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// handleConfig answers GET /api/v1/config with the kiosk's configuration
// and its version as a strong ETag; 304 when If-None-Match has it.
func (s *server) handleConfig() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := kioskFrom(r.Context())
		cfg, err := kioskConfig(r.Context(), s.store, k)
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
