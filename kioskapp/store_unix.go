//go:build !windows

package kioskapp

import (
	"errors"
	"syscall"
)

// grantWriteHint is the command that gives the kiosk's user its data back.
const grantWriteHint = "chown -R"

// notWritable reports whether this process may not write p (a directory or
// a file): permission denied, or a read-only file system.
func notWritable(p string) bool {
	err := syscall.Access(p, 2 /* W_OK */)
	return err != nil && (errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.EPERM))
}
