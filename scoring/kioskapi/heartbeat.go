package kioskapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
)

// handleHeartbeat answers POST /api/v1/heartbeat: it stores the kiosk's
// health (version, backlog, last error, free disk, clock, checks) and answers with
// the server's clock and the kiosk's configuration version. A kiosk clock
// off by more than the skew limit is flagged (log, metric, kiosk list).
func (s *server) handleHeartbeat() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := s.heartbeat(w, r)
		if err != nil {
			respondErr(w, r, s.log, err)
			return
		}
		encode(w, http.StatusOK, res)
	})
}

func (s *server) heartbeat(w http.ResponseWriter, r *http.Request) (protocol.HeartbeatResult, error) {
	k := kioskFrom(r.Context())
	body, err := readSmall(w, r)
	if err != nil {
		return protocol.HeartbeatResult{}, err
	}
	// The invitation counts are read strictly apart (invitations.go); the
	// rest keeps the heartbeat's lenient rules.
	var in struct {
		protocol.Heartbeat
		Invitations json.RawMessage `json:"invitations"` // shadows Heartbeat.Invitations
		Checks      json.RawMessage `json:"checks"`      // shadows Heartbeat.Checks
	}
	if err := unmarshal(body, &in); err != nil {
		return protocol.HeartbeatResult{}, fail(protocol.CodeBadRequest, "the body is not valid JSON for this request: %v", err)
	}
	hb := in.Heartbeat
	if hb.Invitations, err = decodeInvitations(body); err != nil {
		return protocol.HeartbeatResult{}, err
	}
	checks, err := decodeChecks(body)
	if err != nil {
		return protocol.HeartbeatResult{}, err
	}
	if hb.Clock.IsZero() {
		return protocol.HeartbeatResult{}, fail(protocol.CodeBadRequest, "clock is required")
	}
	if hb.Pending < 0 || hb.DiskFree < 0 || hb.LastSeq < 0 {
		return protocol.HeartbeatResult{}, fail(protocol.CodeBadRequest, "pending, disk_free and last_seq cannot be negative")
	}
	now := s.cfg.Now()
	rec := scoring.HeartbeatRecord{
		KioskID: k.ID, AppVersion: scoring.Clip(hb.AppVersion, 64), Pending: hb.Pending,
		LastError: scoring.Clip(hb.LastError, 1000), DiskFree: hb.DiskFree, KioskClock: hb.Clock,
		LastSeq: hb.LastSeq, ReceivedAt: now, Checks: checks,
	}
	if hb.OldestPendingAt != nil {
		rec.OldestPendingAt = *hb.OldestPendingAt
	}
	if err := s.store.RecordHeartbeat(r.Context(), rec); err != nil {
		return protocol.HeartbeatResult{}, fmt.Errorf("heartbeat of kiosk %s: %w", k.ID, err)
	}
	s.metrics.Heartbeats.Inc()
	if skew := hb.Clock.Sub(now); scoring.Skewed(skew, s.cfg.SkewLimit) {
		s.metrics.SkewedHeartbeats.Inc()
		s.log.Warn("kiosk clock skewed", "kiosk", k.ID, "skew", skew.Round(time.Second).String(),
			"kiosk_clock", hb.Clock, "server_clock", now)
	}
	ignored, err := s.recordInvitations(r.Context(), k, hb.Invitations, now)
	if err != nil {
		return protocol.HeartbeatResult{}, err
	}
	cfg, err := scoring.BuildKioskConfig(r.Context(), s.store, k)
	if err != nil {
		return protocol.HeartbeatResult{}, err
	}
	return protocol.HeartbeatResult{ServerTime: now.UTC(), ConfigVersion: cfg.Version, InvitationsIgnored: ignored}, nil
}

// recordInvitations stores the heartbeat's invitation counts that can be
// believed and returns the others, with why; the log says how many. It
// reads the roster (for the officers and the centre's zone) only when
// there are counts: a kiosk in open mode sends none.
func (s *server) recordInvitations(ctx context.Context, k scoring.Kiosk, in []protocol.InvitationCount, now time.Time) ([]protocol.IgnoredCount, error) {
	if len(in) == 0 {
		return nil, nil
	}
	c, officers, err := s.store.Roster(ctx, k.CentreID)
	if err != nil {
		return nil, fmt.Errorf("invitation counts of kiosk %s: %w", k.ID, err)
	}
	loc, err := scoring.LoadZone(c.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("invitation counts of kiosk %s: %w", k.ID, err)
	}
	onRoster := make(map[string]bool, len(officers))
	for _, o := range officers {
		onRoster[o.ID] = true
	}
	ok, ignored := acceptInvitations(in, onRoster, scoring.DateOf(now, loc))
	if len(ignored) > 0 { // one line a heartbeat, however many: the answer lists them all
		s.log.Warn("invitation counts ignored", "kiosk", k.ID, "ignored", len(ignored), "of", len(in),
			"first_index", ignored[0].Index, "first_reason", ignored[0].Reason, "first_detail", ignored[0].Detail)
	}
	if len(ok) > 0 {
		if err := s.store.RecordInvitationCounts(ctx, k.ID, ok, now); err != nil {
			return nil, fmt.Errorf("heartbeat of kiosk %s: %w", k.ID, err)
		}
	}
	return ignored, nil
}
