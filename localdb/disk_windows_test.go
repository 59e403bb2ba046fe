package localdb

import (
	"fmt"
	"testing"

	"github.com/mattn/go-sqlite3"
	"golang.org/x/sys/windows"
)

// On Windows SQLite reports GetLastError's code, not errno: a full disk or
// quota must still read as "disk full", and other I/O errors must not.
func TestIsDiskFullWindowsCodes(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"ERROR_DISK_FULL", sqlite3.Error{Code: sqlite3.ErrIoErr, ExtendedCode: sqlite3.ErrIoErrWrite, SystemErrno: windows.ERROR_DISK_FULL}, true},
		{"ERROR_HANDLE_DISK_FULL", sqlite3.Error{Code: sqlite3.ErrIoErr, SystemErrno: windows.ERROR_HANDLE_DISK_FULL}, true},
		{"ERROR_DISK_QUOTA_EXCEEDED", fmt.Errorf("save: %w", sqlite3.Error{Code: sqlite3.ErrIoErr, SystemErrno: windows.ERROR_DISK_QUOTA_EXCEEDED}), true},
		{"ERROR_ACCESS_DENIED", sqlite3.Error{Code: sqlite3.ErrIoErr, SystemErrno: windows.ERROR_ACCESS_DENIED}, false},
		{"ERROR_LOCK_VIOLATION", sqlite3.Error{Code: sqlite3.ErrIoErr, SystemErrno: windows.ERROR_LOCK_VIOLATION}, false},
	}
	for _, tt := range tests {
		if got := IsDiskFull(tt.err); got != tt.want {
			t.Errorf("%s: IsDiskFull(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

// The free space is the volume's, in bytes, as the technician screen shows.
func TestDiskFreeWindows(t *testing.T) {
	n, err := diskFree(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if n <= 0 {
		t.Fatalf("diskFree = %d, want > 0", n)
	}
	if _, err := diskFree(`Z:\no\such\dir`); err == nil {
		t.Error("diskFree of a missing directory: no error")
	}
}
