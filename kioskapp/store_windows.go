package kioskapp

import (
	"errors"
	"io/fs"
	"os"
)

// grantWriteHint is the command that gives the kiosk's Windows user its
// data back (Modify on the folder, inherited by its files).
const grantWriteHint = `icacls DIR /grant USER:(OI)(CI)M /T`

// notWritable reports whether this process may not write p (a directory or
// a file). Windows has no access(2): a directory is probed by creating and
// removing a file in it, a file by opening it for writing (which changes
// nothing), and the read-only attribute counts as not writable.
func notWritable(p string) bool {
	fi, err := os.Stat(p)
	if err != nil {
		return false
	}
	if fi.IsDir() {
		f, err := os.CreateTemp(p, ".write-probe-*")
		if err != nil {
			return errors.Is(err, fs.ErrPermission)
		}
		f.Close()
		os.Remove(f.Name())
		return false
	}
	if fi.Mode().Perm()&0o200 == 0 { // FILE_ATTRIBUTE_READONLY
		return true
	}
	f, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		return errors.Is(err, fs.ErrPermission)
	}
	f.Close()
	return false
}
