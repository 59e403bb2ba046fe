package upload

import (
	"context"
	"fmt"
	"time"

	"hailong/kiosk/protocol"
)

// maxLastError bounds the last_error the heartbeat carries.
const maxLastError = 500

// Heartbeat sends one heartbeat now, outside the loop's schedule (kiosk
// doctor uses it to check reachability, TLS, the token and the clock), and
// returns the server's answer and its clock minus the kiosk's. Failures are
// *Error.
func (u *Uploader) Heartbeat(ctx context.Context) (protocol.HeartbeatResult, time.Duration, error) {
	hb, err := u.heartbeatBody(ctx)
	if err != nil {
		return protocol.HeartbeatResult{}, 0, fmt.Errorf("heartbeat: %w", err)
	}
	t0 := u.clock.Now()
	res, err := u.cl.heartbeat(ctx, u.token(), hb)
	if err != nil {
		return protocol.HeartbeatResult{}, 0, fmt.Errorf("heartbeat: %w", err)
	}
	t1 := u.clock.Now()
	// The server read its clock about halfway through the exchange.
	offset := res.ServerTime.Sub(t0.Add(t1.Sub(t0) / 2))
	return res, offset, nil
}

func (u *Uploader) heartbeatBody(ctx context.Context) (protocol.Heartbeat, error) {
	now := u.clock.Now()
	st, err := u.out.Stats(ctx, now)
	if err != nil {
		return protocol.Heartbeat{}, &Error{Kind: KindLocal, Err: err}
	}
	hb := protocol.Heartbeat{AppVersion: u.opt.AppVersion, Pending: st.Pending, DiskFree: st.DiskFreeBytes,
		Clock: now, LastSeq: st.LastSeq}
	oldest, ok, err := u.out.OldestPending(ctx)
	if err != nil {
		return protocol.Heartbeat{}, &Error{Kind: KindLocal, Err: err}
	}
	if ok {
		hb.OldestPendingAt = &oldest
	}
	hb.Invitations = u.invitationCounts(ctx, now)
	if u.opt.Checks != nil {
		var dropped []string
		hb.Checks, dropped = u.opt.Checks().Sendable()
		for _, d := range dropped { // a bug of the kiosk's: the rest still go
			u.log.Warn("upload: heartbeat without a check", "why", d)
		}
	}
	if s := u.Status(); s.Failures > 0 {
		hb.LastError = s.LastError.Detail
		if len(hb.LastError) > maxLastError {
			hb.LastError = hb.LastError[:maxLastError]
		}
	}
	return hb, nil
}

// invitationCounts returns the invitation counts of today and the
// protocol.InvitationDays − 1 days before (in now's location: the kiosk's
// days), newest first, at most protocol.MaxInvitationCounts of them.
// Counting is secondary to the heartbeat's health report: a failure is
// logged and the heartbeat goes without counts (the next one carries them).
func (u *Uploader) invitationCounts(ctx context.Context, now time.Time) []protocol.InvitationCount {
	if u.opt.Invitations == nil {
		return nil
	}
	cs, err := u.opt.Invitations.InvitationCounts(ctx, now.AddDate(0, 0, -(protocol.InvitationDays-1)))
	if err != nil {
		u.log.Warn("upload: heartbeat without invitation counts", "err", err)
		return nil
	}
	if len(cs) > protocol.MaxInvitationCounts {
		cs = cs[:protocol.MaxInvitationCounts] // the oldest days go
	}
	var out []protocol.InvitationCount
	for _, c := range cs {
		out = append(out, protocol.InvitationCount{Day: c.Day, OfficerID: c.OfficerID, Issued: c.Issued,
			Used: c.Used, Expired: c.Expired})
	}
	return out
}

// beat is the loop's heartbeat: it records the clock offset, notices a new
// configuration, and treats a 401 as the uploads would.
func (u *Uploader) beat(ctx context.Context) {
	// The loop waits for the heartbeat, so a stalled one would hold the
	// next drain for the whole RequestTimeout: it gets the batches'
	// adapted deadline (pacer.go), never scaled up, as it is smaller than
	// any batch. Its round trip is not a sample: the batches' are.
	hctx, cancel := context.WithTimeout(ctx, u.pace.deadline(0))
	res, offset, err := u.Heartbeat(hctx)
	cancel()
	now := u.clock.Now()
	if err != nil {
		e := asError(err)
		if e.Kind == KindCanceled {
			return
		}
		u.log.Warn("upload: heartbeat failed", "err", err)
		p := problemOf(e, now)
		p.Detail = "heartbeat: " + p.Detail
		if e.Kind == KindUnauthorized {
			u.tokenRejected = true
			if next := now.Add(u.opt.Backoff.LongPause); next.After(u.nextUpload) {
				u.nextUpload = next
			}
			u.update(func(s *Status) { s.State, s.LastError, s.NextAttempt = StateTokenRejected, p, u.nextUpload })
			return
		}
		u.update(func(s *Status) { s.LastError = p })
		return
	}
	if u.tokenRejected { // accepted again: the kiosk was enrolled anew, or the server fixed
		u.tokenRejected, u.failures, u.fruitless, u.nextUpload, u.dirty = false, 0, 0, time.Time{}, true
		u.update(func(s *Status) { s.State, s.Failures, s.NextAttempt = StateIdle, 0, time.Time{} })
	}
	if !u.nextProbe.IsZero() { // the server was unreachable and answers again: as good as a probe
		u.stopProbing()
		u.nextUpload, u.dirty = now, true
		u.update(func(s *Status) { s.NextAttempt = now })
	}
	for _, ig := range res.InvitationsIgnored {
		u.log.Warn("upload: the server ignored an invitation count", "index", ig.Index, "reason", ig.Reason, "detail", ig.Detail)
	}
	u.update(func(s *Status) {
		s.ClockOffset, s.ClockKnown, s.LastHeartbeat, s.ConfigVersion = offset, true, now, res.ConfigVersion
	})
	if res.ConfigVersion != "" && res.ConfigVersion != u.opt.ConfigVersion() {
		u.log.Info("upload: the server has a new configuration", "version", res.ConfigVersion)
		u.opt.OnConfigChanged(res.ConfigVersion)
	}
}
