package kioskapi

import (
	"context"
	"fmt"
	"sync"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// A kiosk's token says which kiosk is speaking, not that what it says is
// true. Every response is therefore checked against what the kiosk was
// given (issue 9, item 1): its centre from its enrolment, and the
// configuration it names in config_version, as the server sent it: the
// counter it was for, its roster, its scale and mapping, its reasons. A
// kiosk that rated under an older configuration (an officer since gone, a
// reason since renamed) is judged by that older one, so the server
// remembers every version it sends to each kiosk (FleetStore.RecordIssued, when
// GET /api/v1/config or POST /api/v1/enrol answers). The check costs no
// query per response: versions are kept in memory, and a batch looks up
// only the versions it names that are not there yet.

// issuedKey names one version sent to one kiosk.
type issuedKey struct{ kiosk, version string }

// maxIssuedCached bounds the cache: 500 kiosks with 40 versions each. When
// full it starts again empty; the store still has every version.
const maxIssuedCached = 20000

// issuedCache keeps the versions sent or looked up, by kiosk and version.
type issuedCache struct {
	mu sync.RWMutex
	m  map[issuedKey]*scoring.TrustRules
}

func newIssuedCache() *issuedCache { return &issuedCache{m: map[issuedKey]*scoring.TrustRules{}} }

func (c *issuedCache) get(k issuedKey) *scoring.TrustRules {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[k]
}

func (c *issuedCache) put(k issuedKey, r *scoring.TrustRules) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxIssuedCached {
		c.m = map[issuedKey]*scoring.TrustRules{}
	}
	c.m[k] = r
}

// recordIssued remembers that cfg is being sent to kiosk k, before it is.
// A version already remembered costs nothing.
func (s *server) recordIssued(ctx context.Context, k scoring.Kiosk, cfg protocol.KioskConfig) (*scoring.TrustRules, error) {
	key := issuedKey{k.ID, cfg.Version}
	if r := s.issued.get(key); r != nil {
		return r, nil
	}
	ic, err := scoring.IssuedFrom(k, cfg, s.cfg.Now())
	if err != nil {
		return nil, err
	}
	if err := s.store.RecordIssued(ctx, ic); err != nil {
		return nil, fmt.Errorf("record configuration %s sent to kiosk %s: %w", cfg.Version, k.ID, err)
	}
	r := scoring.CompileTrust(ic)
	s.issued.put(key, r)
	return r, nil
}

// batchTrust is what one batch's responses are checked against: the
// kiosk's enrolment and the configuration versions the batch names, looked
// up before the store starts calling Check. It is only read after that.
type batchTrust struct {
	kiosk    scoring.Kiosk
	versions map[string]*scoring.TrustRules // nil value: never sent to this kiosk
	// first is the version of the batch's first response and its rules:
	// nearly every batch is under one version, which then costs no map
	// look-up per response.
	first      string
	firstRules *scoring.TrustRules
}

// trustFor looks up the configuration versions that rs name: in memory,
// else with one query for every version the kiosk was sent, however many
// versions the batch names (made-up ones cost nothing more). A version
// the store does not know is still taken when it is the configuration the
// kiosk would be sent now: a server that began remembering versions after
// the kiosk was sent its own has not recorded it (it is recorded then).
// An error of the store fails the batch (it is retried); an unknown
// version only rejects its items.
func (s *server) trustFor(ctx context.Context, k scoring.Kiosk, rs []survey.Response) (*batchTrust, error) {
	t := &batchTrust{kiosk: k, versions: make(map[string]*scoring.TrustRules, 2)}
	var stored map[string]*scoring.TrustRules // every version of the kiosk, once loaded
	var current *protocol.KioskConfig
	for i := range rs {
		v := rs[i].ConfigVersion
		if i > 0 && v == rs[i-1].ConfigVersion {
			continue
		}
		if _, done := t.versions[v]; done {
			continue
		}
		if r := s.issued.get(issuedKey{k.ID, v}); r != nil {
			t.versions[v] = r
			continue
		}
		// The server's versions are short; a long one is not worth a look.
		if v == "" || len(v) > scoring.MaxIDLen {
			t.versions[v] = nil
			continue
		}
		if stored == nil {
			all, err := s.store.Issued(ctx, k.ID)
			if err != nil {
				return nil, fmt.Errorf("configurations of kiosk %s: %w", k.ID, err)
			}
			stored = make(map[string]*scoring.TrustRules, len(all))
			for _, ic := range all {
				r := scoring.CompileTrust(ic)
				stored[ic.Version] = r
				s.issued.put(issuedKey{k.ID, ic.Version}, r)
			}
		}
		if r := stored[v]; r != nil {
			t.versions[v] = r
			continue
		}
		if current == nil {
			cfg, err := scoring.BuildKioskConfig(ctx, s.store, k)
			if err != nil {
				return nil, err
			}
			current = &cfg
		}
		if current.Version != v {
			t.versions[v] = nil
			continue
		}
		r, err := s.recordIssued(ctx, k, *current)
		if err != nil {
			return nil, err
		}
		t.versions[v] = r
	}
	if len(rs) > 0 {
		t.first = rs[0].ConfigVersion
		t.firstRules = t.versions[t.first]
	}
	return t, nil
}

// check rejects a response that its kiosk could not have made: at another
// centre or counter, under a configuration it was never sent, or that
// disagrees with that configuration. It allocates nothing for a response
// that passes.
func (t *batchTrust) check(resp *survey.Response, res *protocol.ItemResult) bool {
	if resp.CentreID != t.kiosk.CentreID {
		reject(res, protocol.ReasonWrongPlace, fmt.Sprintf("centre_id %q is not the kiosk's centre %q", resp.CentreID, t.kiosk.CentreID))
		return false
	}
	r := t.firstRules
	if resp.ConfigVersion != t.first {
		r = t.versions[resp.ConfigVersion]
	}
	if r == nil {
		reject(res, protocol.ReasonUnknownConfig, fmt.Sprintf("config_version %q was never sent to this kiosk", resp.ConfigVersion))
		return false
	}
	if reason, detail := r.Check(resp); reason != "" {
		reject(res, reason, detail)
		return false
	}
	return true
}
