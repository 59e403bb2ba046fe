package kioskapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
)

// apiError is an error answer: a protocol error code and a message the
// client may show or log. Handlers build them with fail; store errors are
// mapped by asAPIError.
type apiError struct {
	code       string
	message    string
	retryAfter int // seconds; sets Retry-After when > 0
	err        error
}

func (e *apiError) Error() string {
	if e.err != nil {
		return e.code + ": " + e.message + ": " + e.err.Error()
	}
	return e.code + ": " + e.message
}

func (e *apiError) Unwrap() error { return e.err }

// fail makes an error answer with code and a formatted message.
func fail(code, format string, a ...any) *apiError {
	return &apiError{code: code, message: fmt.Sprintf(format, a...)}
}

// statusOf maps a protocol error code to its HTTP status (docs/API.md).
func statusOf(code string) int {
	switch code {
	case protocol.CodeBadRequest, protocol.CodeInvalidCode:
		return http.StatusBadRequest
	case protocol.CodeUnauthorized:
		return http.StatusUnauthorized
	case protocol.CodeNotFound:
		return http.StatusNotFound
	case protocol.CodeMethod:
		return http.StatusMethodNotAllowed
	case protocol.CodeKioskTaken:
		return http.StatusConflict
	case protocol.CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case protocol.CodeUnsupported:
		return http.StatusUnsupportedMediaType
	case protocol.CodeRateLimited:
		return http.StatusTooManyRequests
	case protocol.CodeTimeout:
		return http.StatusRequestTimeout
	case protocol.CodeUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// asAPIError turns any error into an error answer: an *apiError as it is,
// a store error by its sentinel, anything else as internal (its text is
// logged, never sent).
func asAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	wrap := func(code, msg string) *apiError { return &apiError{code: code, message: msg, err: err} }
	switch {
	case errors.Is(err, scoring.ErrUnauthorized):
		return wrap(protocol.CodeUnauthorized, "the token is unknown or revoked: enrol the kiosk again")
	case errors.Is(err, scoring.ErrCodeUnknown):
		return wrap(protocol.CodeInvalidCode, "the enrolment code is unknown: check it, or ask for a new one")
	case errors.Is(err, scoring.ErrCodeUsed):
		return wrap(protocol.CodeInvalidCode, "the enrolment code was already used: ask for a new one")
	case errors.Is(err, scoring.ErrCodeExpired):
		return wrap(protocol.CodeInvalidCode, "the enrolment code has expired: ask for a new one")
	case errors.Is(err, scoring.ErrKioskTaken):
		return wrap(protocol.CodeKioskTaken, "this kiosk id is enrolled at another centre")
	case errors.Is(err, scoring.ErrNotFound):
		return wrap(protocol.CodeNotFound, "not found")
	case errors.Is(err, scoring.ErrUnavailable):
		e := wrap(protocol.CodeUnavailable, "the server is busy: retry shortly")
		e.retryAfter = 1
		return e
	}
	return wrap(protocol.CodeInternal, "internal error")
}

// respondErr writes err as {"error":{"code","message"}} with the status of
// its code. It is the only way handlers answer an error. Server-side
// failures are logged with their cause; client errors at debug level.
func respondErr(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	ae := asAPIError(err)
	status := statusOf(ae.code)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="hailong"`)
	}
	if ae.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(ae.retryAfter))
	}
	level := slog.LevelDebug
	if status >= 500 {
		level = slog.LevelError
	}
	log.Log(r.Context(), level, "request failed", "method", r.Method, "path", r.URL.Path,
		"status", status, "code", ae.code, "err", err)
	encode(w, status, protocol.ErrorBody{Error: protocol.Error{Code: ae.code, Message: ae.message}})
}
