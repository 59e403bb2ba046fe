package scoring

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"

	"hailong/kiosk/protocol"
)

// BuildKioskConfig builds a kiosk's configuration from its centre and roster:
// the defaults of SPEC §4 with the centre's scale and PIN hashes, the
// kiosk's counter, and every officer of the centre with a versioned photo
// URL (relative to the server, fetched with the kiosk's token).
func BuildKioskConfig(ctx context.Context, st RosterStore, k Kiosk) (protocol.KioskConfig, error) {
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
