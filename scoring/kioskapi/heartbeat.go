package kioskapi

import (
	"fmt"
	"net/http"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
)

// handleHeartbeat answers POST /api/v1/heartbeat: it stores the kiosk's
// health (version, backlog, last error, free disk, clock) and answers with
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
	hb, err := decode[protocol.Heartbeat](w, r)
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
		LastSeq: hb.LastSeq, ReceivedAt: now,
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
	cfg, err := scoring.BuildKioskConfig(r.Context(), s.store, k)
	if err != nil {
		return protocol.HeartbeatResult{}, err
	}
	return protocol.HeartbeatResult{ServerTime: now.UTC(), ConfigVersion: cfg.Version}, nil
}
