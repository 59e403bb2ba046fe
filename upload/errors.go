package upload

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Kind says what went wrong with a request, in terms of what to do next.
type Kind string

// Kinds of failure. Words gives each one in Vietnamese and English.
const (
	KindUnreachable  Kind = "unreachable"    // network error: no route, refused, reset, EOF
	KindTLS          Kind = "tls"            // the server's certificate is not trusted
	KindTimeout      Kind = "timeout"        // no answer in time, or 408
	KindServer       Kind = "server_error"   // 5xx
	KindRateLimited  Kind = "rate_limited"   // 429
	KindProtocol     Kind = "protocol"       // an answer that does not follow the protocol
	KindUnauthorized Kind = "token_rejected" // 401: the kiosk must be enrolled again
	KindTooLarge     Kind = "too_large"      // 413
	KindBadRequest   Kind = "bad_request"    // 400 or 422: the server refuses the content
	KindRefused      Kind = "refused"        // any other 4xx
	KindLocal        Kind = "local"          // the kiosk's own database failed
	KindCanceled     Kind = "canceled"       // the uploader is stopping
)

var words = map[Kind][2]string{
	KindUnreachable:  {"Không kết nối được máy chủ", "Cannot reach the server"},
	KindTLS:          {"Chứng chỉ bảo mật (TLS) của máy chủ không được tin cậy", "The server's TLS certificate is not trusted"},
	KindTimeout:      {"Máy chủ không trả lời kịp", "The server did not answer in time"},
	KindServer:       {"Máy chủ đang gặp lỗi, sẽ gửi lại sau", "The server has an error; will retry"},
	KindRateLimited:  {"Máy chủ đang bận, sẽ gửi lại sau", "The server is busy; will retry"},
	KindProtocol:     {"Máy chủ trả lời không đúng giao thức", "Unexpected answer from the server"},
	KindUnauthorized: {"Máy chủ từ chối mã thiết bị, cần đăng ký lại", "Token rejected: enrol the kiosk again"},
	KindTooLarge:     {"Dữ liệu quá lớn, máy chủ không nhận", "Data too large for the server"},
	KindBadRequest:   {"Máy chủ từ chối dữ liệu", "The server refused the data"},
	KindRefused:      {"Máy chủ từ chối yêu cầu", "The server refused the request"},
	KindLocal:        {"Lỗi cơ sở dữ liệu trên máy", "Local database error"},
	KindCanceled:     {"Đã dừng gửi", "Sending stopped"},
}

// Words returns the kind in Vietnamese and in English, for the technician.
func (k Kind) Words() (vi, en string) {
	w, ok := words[k]
	if !ok {
		return "Lỗi không xác định", "Unknown error"
	}
	return w[0], w[1]
}

// Retryable reports whether the same request may be sent again after a
// backoff.
func (k Kind) Retryable() bool {
	switch k {
	case KindUnreachable, KindTLS, KindTimeout, KindServer, KindRateLimited, KindProtocol, KindLocal:
		return true
	}
	return false
}

// Error is a failed request or upload step, classified.
type Error struct {
	Kind       Kind
	Status     int           // the HTTP status; 0 when there was no answer
	Code       string        // the server's error code, when it sent one
	Message    string        // the server's error message, when it sent one
	RetryAfter time.Duration // from Retry-After; 0 when absent
	Err        error         // the underlying error, when there is one

	// noConn is set when no connection could be made (refused, no route,
	// no such host, a dial that timed out): the request reached nothing,
	// so the uploader probes for the server's return (probe.go). A
	// connection reset or cut mid-request is unreachable too, but may have
	// reached the server.
	noConn bool
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Kind))
	if e.Status != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.Status)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, " (%s)", e.Message)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// classifyStatus is the one place that maps an HTTP answer other than 2xx to
// a Kind. header supplies Retry-After (seconds, or an HTTP date read against
// the answer's own Date so that a kiosk clock that is off does not matter).
func classifyStatus(status int, header http.Header, now time.Time) *Error {
	e := &Error{Status: status}
	switch {
	case status == http.StatusRequestTimeout:
		e.Kind = KindTimeout
	case status == http.StatusTooManyRequests:
		e.Kind = KindRateLimited
	case status >= 500:
		e.Kind = KindServer
	case status == http.StatusUnauthorized:
		e.Kind = KindUnauthorized
	case status == http.StatusRequestEntityTooLarge:
		e.Kind = KindTooLarge
	case status == http.StatusBadRequest, status == http.StatusUnprocessableEntity:
		e.Kind = KindBadRequest
	default: // other 4xx, and 1xx/3xx a client without redirects should never see
		e.Kind = KindRefused
	}
	if e.Kind.Retryable() {
		e.RetryAfter = retryAfter(header, now)
	}
	return e
}

// classifyErr maps an error from the transport (no HTTP answer) to a Kind.
func classifyErr(err error) *Error {
	e := &Error{Err: err, Kind: KindUnreachable}
	var (
		unknownCA   x509.UnknownAuthorityError
		invalidCert x509.CertificateInvalidError
		hostname    x509.HostnameError
		verify      *tls.CertificateVerificationError
		record      tls.RecordHeaderError
		alert       tls.AlertError
		netErr      net.Error
		opErr       *net.OpError
	)
	switch {
	case errors.Is(err, context.Canceled):
		e.Kind = KindCanceled
	case errors.As(err, &unknownCA), errors.As(err, &invalidCert), errors.As(err, &hostname),
		errors.As(err, &verify), errors.As(err, &record), errors.As(err, &alert):
		e.Kind = KindTLS
	case errors.As(err, &opErr) && opErr.Op == "dial":
		// No connection was made, even one that timed out: the request
		// reached no server, which is unreachable, not slow (probe.go).
		e.noConn = true
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		e.Kind = KindTimeout
	}
	return e
}

// retryAfter reads Retry-After as delay-seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	if date, err := http.ParseTime(h.Get("Date")); err == nil {
		now = date
	}
	if d := at.Sub(now); d > 0 {
		return (d + time.Second - 1).Truncate(time.Second) // at least until then
	}
	return 0
}

// asError returns err as an *Error, wrapping anything else as a local error.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if errors.Is(err, context.Canceled) {
		return &Error{Kind: KindCanceled, Err: err}
	}
	return &Error{Kind: KindLocal, Err: err}
}
