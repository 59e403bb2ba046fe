package main

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"hailong/kiosk/localdb"
	"hailong/kiosk/protocol"
	"hailong/kiosk/screens"
	"hailong/kiosk/upload"
)

// configPollEvery is how often an enrolled kiosk asks for a new
// configuration even when no heartbeat said there is one.
const configPollEvery = 5 * time.Minute

// syncer runs the uploader and the configuration poller of an enrolled
// kiosk, and adapts them to what the screens need.
type syncer struct {
	up      *upload.Uploader
	db      *localdb.DB
	log     *slog.Logger
	etag    atomic.Value // string
	version atomic.Value // string
	wake    chan struct{}
	apply   func(protocol.KioskConfig) error
	photos  func(protocol.KioskConfig)
	current protocol.KioskConfig // the configuration in force (poller goroutine only)
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// newSyncer builds the uploader for an enrolment. apply installs a new
// configuration in the running kiosk.
func newSyncer(db *localdb.DB, e localdb.Enrolment, log *slog.Logger) (*syncer, error) {
	s := &syncer{db: db, log: log, wake: make(chan struct{}, 1), current: e.Config}
	s.etag.Store(e.ETag)
	s.version.Store(e.Config.Version)
	up, err := upload.New(upload.Options{
		ServerURL: e.Server, Token: e.Token, CAFile: e.CAFile, Outbox: db, Logger: log, AppVersion: version,
		RetentionDays:   e.Config.RetentionDays,
		ConfigVersion:   func() string { return s.version.Load().(string) },
		OnConfigChanged: func(string) { s.poke() },
	})
	if err != nil {
		return nil, err
	}
	s.up = up
	return s, nil
}

func (s *syncer) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// start runs the uploader and the poller until ctx ends. apply installs a
// new configuration; photos fetches the officers' photos of one.
func (s *syncer) start(ctx context.Context, apply func(protocol.KioskConfig) error, photos func(protocol.KioskConfig)) {
	s.apply, s.photos = apply, photos
	ctx, s.cancel = context.WithCancel(ctx)
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		if err := s.up.Run(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("uploader stopped", "err", err)
		}
	}()
	go func() {
		defer s.wg.Done()
		s.pollConfig(ctx)
	}()
}

// stop waits for the uploader to drain and the poller to end.
func (s *syncer) stop() {
	if err := s.up.Close(); err != nil {
		s.log.Error("close uploader", "err", err)
	}
	s.cancel()
	s.wg.Wait()
}

// pollConfig fetches the configuration every few minutes and when a
// heartbeat says it changed, and applies it without a restart.
func (s *syncer) pollConfig(ctx context.Context) {
	t := time.NewTicker(configPollEvery)
	defer t.Stop()
	s.photos(s.current)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.wake:
		}
		s.fetchConfig(ctx)
	}
}

func (s *syncer) fetchConfig(ctx context.Context) {
	cfg, etag, notModified, err := s.up.FetchConfig(ctx, s.etag.Load().(string))
	if err != nil {
		s.log.Warn("fetch configuration", "err", err)
		return
	}
	if notModified {
		return
	}
	if err := s.apply(cfg); err != nil {
		s.log.Error("new configuration refused; keeping the current one", "version", cfg.Version, "err", err)
		return
	}
	if err := s.db.SaveServerConfig(ctx, cfg, etag); err != nil {
		s.log.Error("store configuration", "err", err)
	}
	s.etag.Store(etag)
	s.version.Store(cfg.Version)
	s.current = cfg
	s.photos(cfg)
	s.log.Info("configuration applied", "version", cfg.Version)
}

// status adapts the uploader's status to the technician screen's.
func (s *syncer) status() screens.SyncStatus {
	st := s.up.Status()
	q, err := s.db.QuarantinedCount(context.Background())
	if err != nil {
		s.log.Error("count quarantined", "err", err)
	}
	out := screens.SyncStatus{Server: st.Server, LastUpload: st.LastSuccess, Pending: st.Pending,
		OldestPending: st.OldestPending, Quarantined: q, ClockOffset: st.ClockOffset}
	if st.Failures > 0 || st.State == upload.StateTokenRejected {
		out.LastError = st.LastError.String()
	}
	return out
}
