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
		name string
		err  error
		want Kind
	}{
		{"refused", post(&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}), KindUnreachable},
		{"dial timed out", post(&net.OpError{Op: "dial", Net: "tcp", Err: os.ErrDeadlineExceeded}), KindUnreachable},
		{"no such host", post(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "diem.example", IsNotFound: true}}), KindUnreachable},
		{"reset", post(&net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}), KindUnreachable},
		{"answer cut short", post(io.ErrUnexpectedEOF), KindUnreachable},
		{"read timed out", post(&net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}), KindTimeout},
		{"deadline", post(context.DeadlineExceeded), KindTimeout},
		{"canceled", post(context.Canceled), KindCanceled},
		{"canceled while dialling", post(&net.OpError{Op: "dial", Net: "tcp", Err: context.Canceled}), KindCanceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := classifyErr(tt.err)
			if e.Kind != tt.want {
				t.Errorf("classifyErr(%v) = %s, want %s", tt.err, e.Kind, tt.want)
			}
			if !errors.Is(e, tt.err) {
				t.Errorf("the classified error does not wrap the original")
			}
		})
	}
}
