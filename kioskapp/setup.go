package kioskapp

import (
	"context"
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"hailong/kiosk/screens"
)

// reenrolStopWait bounds how long a re-enrolment lets the old uploader
// finish the request in flight before it is cut short (what it did not
// send stays in the outbox for the new one).
const reenrolStopWait = 5 * time.Second

// firstEnrolment shows the setup screen of a kiosk that has nothing to run
// on and waits until it is enrolled (ok) or the window closes.
func (b *boot) firstEnrolment(ctx context.Context) (res enrolled, ok bool) {
	<-b.prepared
	got := make(chan enrolled, 1)
	fyne.Do(func() {
		var r enrolled // written by Enrol off the UI thread, read by Done on it, after
		b.w.SetTitle(screens.SetupTitle)
		screens.ShowSetup(screens.SetupDeps{Window: b.w, Server: b.province.Enrol.Server, Log: b.log,
			Enrol: func(server, code string) (err error) {
				r, err = b.enrol(ctx, server, code, "")
				return err
			},
			Done: func() { got <- r },
		})
	})
	b.log.Info("not enrolled: showing the setup screen", "version", b.env.Version, "data_dir", b.dataDir,
		"kiosk_id", b.db.KioskID(), "province_file", b.provincePath, "server", b.province.Enrol.Server)
	select {
	case res = <-got:
		b.log.Info("enrolled on the setup screen", "server", res.Enrolment.Server, "centre", res.Config.CentreID, "counter", res.Config.CounterID)
		return res, true
	case <-b.stopped:
		return enrolled{}, false
	}
}

// enrol is the setup screen's enrolment: the province's CA (else
// fallbackCA, the one in use), and messages that name the screen's box
// and the province file rather than command-line flags.
func (b *boot) enrol(ctx context.Context, server, code, fallbackCA string) (enrolled, error) {
	words := screenWords(b.provincePath)
	ca := b.province.Enrol.CAFile
	if ca == "" {
		ca = fallbackCA
	}
	ca, err := absCAFile(ca, words)
	if err != nil {
		return enrolled{}, err
	}
	return enrolKiosk(ctx, b.db, enrolRequest{Server: server, Code: code, CAFile: ca, Version: b.env.Version, Words: words})
}

// reenrol is the technician screen's Enrol again, run off the UI thread:
// the new enrolment is saved in one transaction (the outbox, the sequence
// and the hash chain are not touched), the uploader and poller stop and
// start again with the new token and server, and the new configuration is
// installed. Pending ratings then go to the new server.
func (b *boot) reenrol(ctx context.Context, server, code string) error {
	old, _, err := b.db.Enrolment(ctx)
	if err != nil {
		return err
	}
	res, err := b.enrol(ctx, server, code, old.CAFile)
	if err != nil {
		return err
	}
	sy, err := newSyncer(b.db, res.Enrolment, b.env.Version, b.log)
	if err != nil {
		return fmt.Errorf("Đã đăng ký nhưng chưa gửi được đánh giá (%v): hãy khởi động lại kiosk. / "+
			"Enrolled, but uploads could not start (%v): restart the kiosk.", err, err)
	}
	sy.up.SetRetentionDays(res.Config.RetentionDays)
	stopCtx, cancel := context.WithTimeout(ctx, reenrolStopWait)
	defer cancel()
	b.sync.replace(stopCtx, sy, func(s *syncer) { s.start(ctx, b.apply, b.photos) })
	b.server.Store(res.Enrolment.Server)
	fyne.DoAndWait(func() { b.setSync(sy) })
	if err := b.apply(res.Enrolment.Config); err != nil {
		b.log.Error("re-enrolment: the new configuration", "err", err)
	}
	b.log.Info("re-enrolled", "server", res.Enrolment.Server, "centre", res.Config.CentreID, "counter", res.Config.CounterID,
		"old_server", old.Server)
	return nil
}

// enrolServer is the address the re-enrolment screen offers: the server
// in use, else the province's.
func (b *boot) enrolServer() string {
	if s, _ := b.server.Load().(string); s != "" {
		return s
	}
	return b.province.Enrol.Server
}

// syncSlot holds the running uploader and poller, which a re-enrolment
// replaces; once stopped (the kiosk is closing), it starts no other.
type syncSlot struct {
	mu     sync.Mutex
	cur    *syncer
	closed bool
}

// current is the running syncer, nil for none.
func (s *syncSlot) current() *syncer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur
}

// replace stops the running syncer within stopCtx, then starts next.
func (s *syncSlot) replace(stopCtx context.Context, next *syncer, start func(*syncer)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if s.cur != nil {
		s.cur.stop(stopCtx)
	}
	start(next)
	s.cur = next
}

// stop stops the running syncer within ctx (the shutdown deadline).
func (s *syncSlot) stop(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if s.cur != nil {
		s.cur.stop(ctx)
	}
}
