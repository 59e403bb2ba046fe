package scoring

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"hailong/kiosk/protocol"
)

// maxIDLen bounds kiosk, centre, counter and officer ids.
const maxIDLen = 64

// validID reports whether s can be an id: 1 to 64 ASCII letters, digits,
// '.', '_' or '-'. Ids appear in URLs, logs and CSV files unescaped.
func validID(s string) bool {
	if s == "" || len(s) > maxIDLen {
		return false
	}
	for _, c := range []byte(s) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

// clip shortens free text from a kiosk to n bytes without splitting a
// UTF-8 sequence.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

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
	kiosk  Kiosk // the code's centre and counter, when the store knew them
}

// auditFailure writes a failed attempt to the audit trail. A failure to
// write it is logged, not answered: the client's error is the attempt's.
func (s *server) auditFailure(ctx context.Context, a enrolAttempt, cause error) {
	detail := map[string]any{"hostname": a.req.Hostname, "app_version": a.req.AppVersion, "remote": a.remote,
		"result": asAPIError(cause).code, "error": clip(asAPIError(cause).message, maxDetail)}
	if a.kiosk.CentreID != "" {
		detail["centre"], detail["counter"] = a.kiosk.CentreID, a.kiosk.CounterID
	}
	if code := NormaliseEnrolCode(a.req.Code); code != "" {
		detail["code"] = CodeRef(HashSecret(code))
	}
	id := a.req.KioskID
	if id == "" {
		id = "-" // the server would have made one up
	}
	err := s.store.RecordAudit(ctx, AuditEntry{At: s.cfg.Now(), Action: ActKioskEnrolFailed,
		Subject: SubjectKiosk(id), Detail: AuditDetail(detail)})
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
	req.Hostname, req.AppVersion = clip(req.Hostname, 255), clip(req.AppVersion, 64)
	attempt := enrolAttempt{req: req, remote: remoteHost(r)}
	attempt.req.KioskID = clip(req.KioskID, 80)
	ctx := WithActor(r.Context(), "kiosk:"+req.Hostname+"@"+attempt.remote)
	defer func() {
		if err != nil && statusOf(asAPIError(err).code) < 500 {
			s.auditFailure(ctx, attempt, err)
		}
	}()
	code := NormaliseEnrolCode(req.Code)
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
	if !validID(req.KioskID) {
		return protocol.EnrolResponse{}, fail(protocol.CodeBadRequest,
			"kiosk_id %q: want 1 to %d letters, digits, '.', '_' or '-'", clip(req.KioskID, 80), maxIDLen)
	}
	token, err := NewToken()
	if err != nil {
		return protocol.EnrolResponse{}, err
	}
	k, err := s.store.Enrol(ctx, Enrolment{
		CodeHash: HashSecret(code), KioskID: req.KioskID, Hostname: req.Hostname,
		AppVersion: req.AppVersion, TokenHash: HashSecret(token), Remote: attempt.remote, At: s.cfg.Now(),
	})
	if err != nil {
		attempt.kiosk = k
		return protocol.EnrolResponse{}, fmt.Errorf("enrol kiosk %s: %w", req.KioskID, err)
	}
	cfg, err := kioskConfig(ctx, s.store, k)
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

// IssueEnrolCode makes a single-use enrolment code for a counter of a
// centre, valid for ttl from now, stores its hash and returns the code, to
// be shown once.
func IssueEnrolCode(ctx context.Context, st Store, centreID, counterID string, now time.Time, ttl time.Duration) (string, error) {
	if !validID(centreID) || !validID(counterID) {
		return "", fmt.Errorf("issue enrolment code: centre and counter must be ids (letters, digits, '.', '_', '-')")
	}
	code, err := NewEnrolCode()
	if err != nil {
		return "", err
	}
	err = st.CreateEnrolCode(ctx, EnrolCode{
		Hash: HashSecret(NormaliseEnrolCode(code)), CentreID: centreID, CounterID: counterID,
		CreatedAt: now, ExpiresAt: now.Add(ttl),
	})
	if err != nil {
		return "", fmt.Errorf("issue enrolment code for centre %s: %w", centreID, err)
	}
	return code, nil
}
