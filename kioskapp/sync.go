package kioskapp

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

// syncer runs the uploader and the configuration poller of an enrolled
// kiosk, and adapts them to what the screens need.
type syncer struct {
	up     *upload.Uploader
	poller *upload.ConfigPoller
	db     *localdb.DB
	log    *slog.Logger
	e      localdb.Enrolment
	health *health
	cfg    atomic.Pointer[protocol.KioskConfig] // the configuration in force, for the staff PIN check
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// newSyncer builds the uploader for an enrolment.
func newSyncer(db *localdb.DB, e localdb.Enrolment, version string, log *slog.Logger) (*syncer, error) {
	s := &syncer{db: db, log: log, e: e}
	s.cfg.Store(&e.Config)
	s.health = &health{db: db, first: healthFirst, every: healthEvery, deep: deepEvery, log: log,
		clock: func() (time.Duration, bool) { st := s.up.Status(); return st.ClockOffset, st.ClockKnown },
		pins:  func() check { return staffPINCheck(*s.cfg.Load()) }}
	up, err := upload.New(upload.Options{
		ServerURL: e.Server, Token: e.Token, CAFile: e.CAFile, Outbox: db, Logger: log, AppVersion: version,
		RetentionDays: e.Config.RetentionDays, Checks: s.health.checks,
		// Run, the only caller of these two, starts after the poller exists.
		ConfigVersion:   func() string { return s.poller.Version() },
		OnConfigChanged: func(string) { s.poller.Poke() },
	})
	if err != nil {
		return nil, err
	}
	s.up = up
	return s, nil
}

// start runs the uploader, the poller and the self-checks for the
// heartbeat until ctx ends. apply installs a new configuration; photos
// fetches the officers' photos of one.
func (s *syncer) start(ctx context.Context, apply func(protocol.KioskConfig) error, photos func(protocol.KioskConfig)) {
	keep := func(pc protocol.KioskConfig) error {
		err := apply(pc)
		if err == nil {
			s.cfg.Store(&pc)
		}
		return err
	}
	s.poller = upload.NewConfigPoller(upload.ConfigPollerOptions{
		Fetch: s.up.FetchConfig, Apply: keep, Save: s.db.SaveServerConfig, Applied: photos,
		Current: s.e.Config, ETag: s.e.ETag, Logger: s.log,
	})
	ctx, s.cancel = context.WithCancel(ctx)
	s.wg.Add(3)
	go func() {
		defer s.wg.Done()
		s.health.run(ctx)
	}()
	go func() {
		defer s.wg.Done()
		if err := s.up.Run(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("uploader stopped", "err", err)
		}
	}()
	go func() {
		defer s.wg.Done()
		s.poller.Run(ctx)
	}()
}

// stop lets the uploader finish the request in flight until ctx ends (the
// shutdown deadline), then cancels it: what it did not send stays in the
// outbox for the next start. The poller ends with it.
func (s *syncer) stop(ctx context.Context) {
	closed := make(chan error, 1)
	go func() { closed <- s.up.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			s.log.Error("close uploader", "err", err)
		}
	case <-ctx.Done():
		s.log.Warn("uploader cut short at the shutdown deadline; what it did not send stays in the outbox")
	}
	s.cancel()
	s.wg.Wait()
}

// status adapts the uploader's status to the technician screen's.
func (s *syncer) status() screens.SyncStatus {
	st := s.up.Status()
	q, err := s.db.QuarantinedCount(context.Background())
	if err != nil {
		s.log.Error("count quarantined", "err", err)
	}
	out := screens.SyncStatus{Server: st.Server, LastUpload: st.LastSuccess, Pending: st.Pending,
		OldestPending: st.OldestPending, Quarantined: q, ClockOffset: st.ClockOffset,
		LastAttempt: st.LastAttempt, Uploaded: st.Uploaded, Failures: st.Failures, Sending: st.State == upload.StateSending}
	if st.Failures > 0 || st.State == upload.StateTokenRejected {
		out.LastError = st.LastError.String()
	}
	return out
}
