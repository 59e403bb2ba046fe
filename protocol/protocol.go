// Package protocol is upload protocol v1 (SPEC §6) between a kiosk and the
// scoring server: the request and response bodies, their limits and the
// error codes, in one place that both the kiosk's uploader and the server
// import. docs/API.md describes it for other implementations.
package protocol

import (
	"time"

	"hailong/kiosk/survey"
)

// Paths of the API.
const (
	PathEnrol     = "/api/v1/enrol"
	PathConfig    = "/api/v1/config"
	PathResponses = "/api/v1/responses"
	PathHeartbeat = "/api/v1/heartbeat"
	// PathPhotos is the prefix of officer photos: GET PathPhotos+officerID,
	// with the kiosk's token. KioskConfig gives each officer's PhotoURL.
	PathPhotos = "/api/v1/photos/"
)

// Limits of a batch.
const (
	MaxBatchResponses = 500
	MaxBatchBytes     = 1 << 20 // after gzip decoding
)

// HeaderIdempotencyKey carries the batch id of POST /api/v1/responses.
const HeaderIdempotencyKey = "Idempotency-Key"

// EnrolRequest is POST /api/v1/enrol. KioskID is the id the kiosk's
// database already uses for its hash chain (survey.Response.KioskID); the
// server registers the kiosk under it, so the chain is continuous across
// enrolment. A kiosk enrolled again (a new code, e.g. after a repair) keeps
// its id and gets a new token; the old token is revoked.
type EnrolRequest struct {
	Code       string `json:"code"`
	KioskID    string `json:"kiosk_id"`
	Hostname   string `json:"hostname"`
	AppVersion string `json:"app_version"`
}

// EnrolResponse answers an enrolment: the kiosk keeps the token (it is
// shown once) and applies the configuration.
type EnrolResponse struct {
	KioskID string      `json:"kiosk_id"`
	Token   string      `json:"token"`
	Config  KioskConfig `json:"config"`
}

// Batch is the body of POST /api/v1/responses: at most MaxBatchResponses
// responses of one kiosk, in seq order.
type Batch struct {
	BatchID   string            `json:"batch_id"`
	Responses []survey.Response `json:"responses"`
}

// Item statuses of a batch result.
const (
	StatusAccepted  = "accepted"  // stored now
	StatusDuplicate = "duplicate" // the same response was stored before
	StatusRejected  = "rejected"  // not stored; Reason says why; never retried as is
)

// Reasons for a rejected item.
const (
	ReasonConflict      = "conflict"       // same id, different content: the stored one is kept
	ReasonInvalid       = "invalid"        // fails survey.Response.Validate
	ReasonKioskMismatch = "kiosk_mismatch" // kiosk_id is not the token's kiosk

	// The response does not match what the kiosk was enrolled for and the
	// configuration it names in config_version was (trust.go in package
	// scoring checks it).
	ReasonWrongPlace     = "wrong_place"     // centre_id or counter_id is not the kiosk's
	ReasonUnknownConfig  = "unknown_config"  // config_version was never sent to this kiosk
	ReasonUnknownOfficer = "unknown_officer" // officer_id is not in that configuration's roster
	ReasonScaleMismatch  = "scale_mismatch"  // scale is not that configuration's
	ReasonLevelMismatch  = "level_mismatch"  // level is not what raw_value maps to under that configuration
	ReasonUnknownReason  = "unknown_reason"  // a reason code that configuration does not offer
	// ReasonUnexpectedReasons: reasons where the kiosk asks none, on a level
	// not in that configuration's reasons_for or with outcome skipped_reasons.
	ReasonUnexpectedReasons = "unexpected_reasons"
)

// ItemResult is the outcome of one response of a batch.
type ItemResult struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// BatchResult is the 200 answer to a batch: one result per response, in
// order. The server has committed every accepted item before answering.
type BatchResult struct {
	Results []ItemResult `json:"results"`
}

// Heartbeat is POST /api/v1/heartbeat, sent every minute.
type Heartbeat struct {
	AppVersion      string     `json:"app_version"`
	Pending         int        `json:"pending"`
	OldestPendingAt *time.Time `json:"oldest_pending_at,omitempty"`
	LastError       string     `json:"last_error"`
	DiskFree        int64      `json:"disk_free"`
	Clock           time.Time  `json:"clock"` // the kiosk's clock when sent
	LastSeq         int64      `json:"last_seq"`
	// Invitations are the kiosk's invitation counts (invitations.go);
	// absent from a kiosk in open mode and from kiosks older than them.
	Invitations []InvitationCount `json:"invitations,omitempty"`
	// Checks are the kiosk's self-checks, one word each (checks.go), from
	// its last run of them; absent from kiosks older than them and before
	// a kiosk's first run, when the server keeps what it had.
	Checks Checks `json:"checks,omitempty"`
}

// HeartbeatResult answers a heartbeat with the server's clock and the
// version of the kiosk's configuration, so the kiosk can notice both skew
// and a new configuration.
type HeartbeatResult struct {
	ServerTime    time.Time `json:"server_time"`
	ConfigVersion string    `json:"config_version"`
	// InvitationsIgnored lists the entries of the heartbeat's invitations
	// that were not stored, and why; absent when all were.
	InvitationsIgnored []IgnoredCount `json:"invitations_ignored,omitempty"`
}

// ErrorBody is every error answer: {"error":{"code":"…","message":"…"}}.
type ErrorBody struct {
	Error Error `json:"error"`
}

// Error is the code and human message of an error answer.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error codes and their HTTP statuses.
const (
	CodeBadRequest   = "bad_request"  // 400: malformed JSON, gzip or batch
	CodeUnauthorized = "unauthorized" // 401: missing, unknown or revoked token
	CodeInvalidCode  = "invalid_code" // 400: enrolment code unknown, used or expired
	CodeKioskTaken   = "kiosk_taken"  // 409: the kiosk id belongs to another centre's kiosk
	CodeTooLarge     = "too_large"    // 413: more than MaxBatchBytes or MaxBatchResponses
	CodeRateLimited  = "rate_limited" // 429: with Retry-After
	CodeTimeout      = "timeout"      // 408: the body did not arrive in time; retry
	CodeUnsupported  = "unsupported"  // 415: a Content-Type or Content-Encoding the server does not take
	CodeInternal     = "internal"     // 500
	CodeUnavailable  = "unavailable"  // 503: e.g. the database is busy
	CodeNotFound     = "not_found"    // 404
	CodeMethod       = "method_not_allowed"
)

// AppendJSON appends r as encoding/json encodes it without HTML escaping,
// at a fraction of the cost: the server answers every batch with it, 500
// results at a time, while the kiosk that sent it waits.
func (r BatchResult) AppendJSON(dst []byte) []byte {
	if r.Results == nil {
		return append(dst, `{"results":null}`...)
	}
	dst = append(dst, `{"results":[`...)
	for i, it := range r.Results {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"id":`...)
		dst = survey.AppendJSONString(dst, it.ID)
		dst = append(dst, `,"status":`...)
		dst = survey.AppendJSONString(dst, it.Status)
		if it.Reason != "" {
			dst = append(dst, `,"reason":`...)
			dst = survey.AppendJSONString(dst, it.Reason)
		}
		if it.Detail != "" {
			dst = append(dst, `,"detail":`...)
			dst = survey.AppendJSONString(dst, it.Detail)
		}
		dst = append(dst, '}')
	}
	return append(dst, "]}"...)
}
