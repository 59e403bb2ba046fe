package upload

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"
)

// TestClassifyErr: what a transport error means for the next attempt. A
// connection that could not be made, even by timing out, reached no server:
// unreachable, so the uploader probes for the server's return (probe.go).
// A timeout waiting for an answer on a connection that was made is a server
// that may be busy: timeout, and the backoff alone.
func TestClassifyErr(t *testing.T) {
	post := func(err error) error {
		return &url.Error{Op: "Post", URL: "https://diem.example/api/v1/responses", Err: err}
	}
	tests := []struct {
		name   string
		err    error
		want   Kind
		noConn bool // no connection was made: probe for the server (probe.go)
	}{
		{"refused", post(&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}), KindUnreachable, true},
		{"dial timed out", post(&net.OpError{Op: "dial", Net: "tcp", Err: os.ErrDeadlineExceeded}), KindUnreachable, true},
		{"no such host", post(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "diem.example", IsNotFound: true}}), KindUnreachable, true},
		{"reset", post(&net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}), KindUnreachable, false},
		{"answer cut short", post(io.ErrUnexpectedEOF), KindUnreachable, false},
		{"read timed out", post(&net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}), KindTimeout, false},
		{"deadline", post(context.DeadlineExceeded), KindTimeout, false},
		{"canceled", post(context.Canceled), KindCanceled, false},
		{"canceled while dialling", post(&net.OpError{Op: "dial", Net: "tcp", Err: context.Canceled}), KindCanceled, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := classifyErr(tt.err)
			if e.Kind != tt.want || e.noConn != tt.noConn {
				t.Errorf("classifyErr(%v) = %s, no connection %v; want %s, %v", tt.err, e.Kind, e.noConn, tt.want, tt.noConn)
			}
			if !errors.Is(e, tt.err) {
				t.Errorf("the classified error does not wrap the original")
			}
		})
	}
}
