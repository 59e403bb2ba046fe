//go:build !windows

package kioskapp

import (
	"errors"
	"syscall"
)

// connRefused reports whether err is a refused TCP connection: nothing
// listens on the port.
func connRefused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }
