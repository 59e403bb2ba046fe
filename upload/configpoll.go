package upload

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"hailong/kiosk/protocol"
)

// DefaultConfigPollEvery is how often an enrolled kiosk asks for a new
// configuration even when no heartbeat said there is one.
const DefaultConfigPollEvery = 5 * time.Minute

// ConfigPollerOptions configure a ConfigPoller. Fetch, Apply and Save are
// required.
type ConfigPollerOptions struct {
	// Fetch gets the configuration, notModified when etag is current
	// (Uploader.FetchConfig).
	Fetch func(ctx context.Context, etag string) (cfg protocol.KioskConfig, newETag string, notModified bool, err error)
	// Apply installs a configuration in the running kiosk; an error refuses
	// it, and the current one stays.
	Apply func(protocol.KioskConfig) error
	// Save stores an applied configuration and its ETag durably
	// (localdb.DB.SaveServerConfig), so that the next start runs on it.
	Save func(ctx context.Context, cfg protocol.KioskConfig, etag string) error
	// Applied, if set, runs with the configuration in force once when the
	// poller starts and after each one applied (the officers' photos are
	// fetched there).
	Applied func(protocol.KioskConfig)
	// Current and ETag are the configuration in force at start.
	Current protocol.KioskConfig
	ETag    string
	// Every is the polling period; 0 means DefaultConfigPollEvery.
	Every  time.Duration
	Logger *slog.Logger
}

// ConfigPoller keeps an enrolled kiosk on the configuration the server
// holds for it, without a restart: it fetches it every few minutes and at
// once when a heartbeat says the server's version differs (Poke, wired to
// Options.OnConfigChanged; Version is wired to Options.ConfigVersion).
type ConfigPoller struct {
	opt  ConfigPollerOptions
	wake chan struct{}

	mu      sync.Mutex
	etag    string
	current protocol.KioskConfig

	fetched func() // test hook: after each fetch, whatever its outcome
}

// NewConfigPoller returns a poller; Run starts it.
func NewConfigPoller(opt ConfigPollerOptions) *ConfigPoller {
	if opt.Every <= 0 {
		opt.Every = DefaultConfigPollEvery
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Applied == nil {
		opt.Applied = func(protocol.KioskConfig) {}
	}
	return &ConfigPoller{opt: opt, wake: make(chan struct{}, 1), etag: opt.ETag, current: opt.Current}
}

// Version is the version of the configuration in force.
func (p *ConfigPoller) Version() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.current.Version
}

// Poke asks for a fetch now; it never blocks.
func (p *ConfigPoller) Poke() { signal(p.wake) }

// Run polls until ctx ends.
func (p *ConfigPoller) Run(ctx context.Context) {
	t := time.NewTicker(p.opt.Every)
	defer t.Stop()
	p.mu.Lock()
	cur := p.current
	p.mu.Unlock()
	p.opt.Applied(cur)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-p.wake:
		}
		p.fetch(ctx)
		if p.fetched != nil {
			p.fetched()
		}
	}
}

// fetch gets, applies and stores one configuration.
func (p *ConfigPoller) fetch(ctx context.Context) {
	p.mu.Lock()
	etag := p.etag
	p.mu.Unlock()
	cfg, newETag, notModified, err := p.opt.Fetch(ctx, etag)
	if err != nil {
		p.opt.Logger.Warn("fetch configuration", "err", err)
		return
	}
	if notModified {
		return
	}
	if err := p.opt.Apply(cfg); err != nil {
		p.opt.Logger.Error("new configuration refused; keeping the current one", "version", cfg.Version, "err", err)
		return
	}
	if err := p.opt.Save(ctx, cfg, newETag); err != nil {
		p.opt.Logger.Error("store configuration", "err", err)
	}
	p.mu.Lock()
	p.etag, p.current = newETag, cfg
	p.mu.Unlock()
	p.opt.Applied(cfg)
	p.opt.Logger.Info("configuration applied", "version", cfg.Version)
}
