package kioskapi

import (
	"context"
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
)

// handleEnrol answers POST /api/v1/enrol: it spends a single-use code,
// registers the kiosk under the id it sends (or a new one when it sends
// none) at the code's centre and counter, and returns a new token, shown
// this once, with the kiosk's configuration.
//
// Every attempt that gets past the per-address rate limit and has a body
// is written to the audit trail: a success by the store with the
// enrolment, a failure here, with the address, the hostname given and the
// code's centre when the code exists.
func (s *server) handleEnrol() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resp, err := s.enrol(w, r)
		if err != nil {
			s.metrics.Enrolments.WithLabelValues(asAPIError(err).code).Inc()
			respondErr(w, r, s.log, err)
			return
		}
		s.metrics.Enrolments.WithLabelValues("ok").Inc()
		s.log.Info("kiosk enrolled", "kiosk", resp.KioskID, "centre", resp.Config.Centre.ID,
			"counter", resp.Config.Counter.ID, "remote", remoteHost(r))
		encode(w, http.StatusOK, resp)
	})
}

// enrolAttempt is what the audit trail keeps of a failed enrolment.
type enrolAttempt struct {
	req    protocol.EnrolRequest
	remote string
	kiosk  scoring.Kiosk // the code's centre and counter, when the store knew them
}

// auditFailure writes a failed attempt to the audit trail. A failure to
// write it is logged, not answered: the client's error is the attempt's.
func (s *server) auditFailure(ctx context.Context, a enrolAttempt, cause error) {
	detail := map[string]any{"hostname": a.req.Hostname, "app_version": a.req.AppVersion, "remote": a.remote,
		"result": asAPIError(cause).code, "error": scoring.Clip(asAPIError(cause).message, maxDetail)}
	if a.kiosk.CentreID != "" {
		detail["centre"], detail["counter"] = a.kiosk.CentreID, a.kiosk.CounterID
	}
	if code := scoring.NormaliseEnrolCode(a.req.Code); code != "" {
		detail["code"] = scoring.CodeRef(scoring.HashSecret(code))
	}
	id := a.req.KioskID
	if id == "" {
		id = "-" // the server would have made one up
	}
	err := s.store.RecordAudit(ctx, scoring.AuditEntry{At: s.cfg.Now(), Action: scoring.ActKioskEnrolFailed,
		Subject: scoring.SubjectKiosk(id), Detail: scoring.AuditDetail(detail)})
	if err != nil {
		s.log.Error("audit of a failed enrolment", "err", err, "remote", a.remote)
	}
	s.log.Warn("enrolment refused", "remote", a.remote, "hostname", a.req.Hostname, "kiosk", a.req.KioskID,
		"centre", a.kiosk.CentreID, "code", asAPIError(cause).code)
}

func (s *server) enrol(w http.ResponseWriter, r *http.Request) (resp protocol.EnrolResponse, err error) {
	req, err := decode[protocol.EnrolRequest](w, r)
	if err != nil {
		return protocol.EnrolResponse{}, err
	}
	req.Hostname, req.AppVersion = scoring.Clip(req.Hostname, 255), scoring.Clip(req.AppVersion, 64)
	attempt := enrolAttempt{req: req, remote: remoteHost(r)}
	attempt.req.KioskID = scoring.Clip(req.KioskID, 80)
	ctx := scoring.WithActor(r.Context(), "kiosk:"+req.Hostname+"@"+attempt.remote)
	defer func() {
		if err != nil && statusOf(asAPIError(err).code) < 500 {
			s.auditFailure(ctx, attempt, err)
		}
	}()
	code := scoring.NormaliseEnrolCode(req.Code)
	if code == "" {
		return protocol.EnrolResponse{}, fail(protocol.CodeBadRequest, "code is required")
	}
	if req.KioskID == "" {
		id, err := uuid.NewV7()
		if err != nil {
			return protocol.EnrolResponse{}, fmt.Errorf("new kiosk id: %w", err)
		}
		req.KioskID = id.String()
	}
	if !scoring.ValidID(req.KioskID) {
		return protocol.EnrolResponse{}, fail(protocol.CodeBadRequest,
			"kiosk_id %q: want 1 to %d letters, digits, '.', '_' or '-'", scoring.Clip(req.KioskID, 80), scoring.MaxIDLen)
	}
	token, err := scoring.NewToken()
	if err != nil {
		return protocol.EnrolResponse{}, err
	}
	k, err := s.store.Enrol(ctx, scoring.Enrolment{
		CodeHash: scoring.HashSecret(code), KioskID: req.KioskID, Hostname: req.Hostname,
		AppVersion: req.AppVersion, TokenHash: scoring.HashSecret(token), Remote: attempt.remote, At: s.cfg.Now(),
	})
	if err != nil {
		attempt.kiosk = k
		return protocol.EnrolResponse{}, fmt.Errorf("enrol kiosk %s: %w", req.KioskID, err)
	}
	cfg, err := scoring.BuildKioskConfig(ctx, s.store, k)
	if err != nil {
		return protocol.EnrolResponse{}, err
	}
	// The code is spent: a failure to remember the configuration must not
	// lose the enrolment. Ingest still takes the current version (trust.go).
	if _, err := s.recordIssued(r.Context(), k, cfg); err != nil {
		s.log.Error("enrol: configuration not recorded", "kiosk", k.ID, "err", err)
	}
	return protocol.EnrolResponse{KioskID: k.ID, Token: token, Config: cfg}, nil
}
