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
			"counter", resp.Config.Counter.ID)
		encode(w, http.StatusOK, resp)
	})
}

func (s *server) enrol(w http.ResponseWriter, r *http.Request) (protocol.EnrolResponse, error) {
	req, err := decode[protocol.EnrolRequest](w, r)
	if err != nil {
		return protocol.EnrolResponse{}, err
	}
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
	k, err := s.store.Enrol(r.Context(), Enrolment{
		CodeHash: HashSecret(code), KioskID: req.KioskID, Hostname: clip(req.Hostname, 255),
		AppVersion: clip(req.AppVersion, 64), TokenHash: HashSecret(token), At: s.cfg.Now(),
	})
	if err != nil {
		return protocol.EnrolResponse{}, fmt.Errorf("enrol kiosk %s: %w", req.KioskID, err)
	}
	cfg, err := kioskConfig(r.Context(), s.store, k)
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
