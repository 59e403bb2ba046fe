package kioskapp

import (
	"errors"
	"syscall"

	"golang.org/x/sys/windows"
)

// connRefused reports whether err is a refused TCP connection: nothing
// listens on the port. Winsock says WSAECONNREFUSED, which Go's invented
// syscall.ECONNREFUSED does not match.
func connRefused(err error) bool {
	return errors.Is(err, windows.WSAECONNREFUSED) || errors.Is(err, syscall.ECONNREFUSED)
}
