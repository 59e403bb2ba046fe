package localdb

import (
	"fmt"
	"syscall"

	"golang.org/x/sys/windows"
)

// diskFree is the space available to this user (after quotas) on the
// volume that holds dir.
func diskFree(dir string) (int64, error) {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 0, fmt.Errorf("free space of %s: %w", dir, err)
	}
	var avail, total, free uint64
	if err := windows.GetDiskFreeSpaceEx(p, &avail, &total, &free); err != nil {
		return 0, fmt.Errorf("free space of %s: %w", dir, err)
	}
	return int64(avail), nil
}

// isNoSpace reports whether a system error number means the disk or the
// user's quota is full. SQLite on Windows reports GetLastError's code
// (ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL, ERROR_DISK_QUOTA_EXCEEDED);
// Go's own file functions may also return syscall's invented ENOSPC.
func isNoSpace(e syscall.Errno) bool {
	switch e {
	case windows.ERROR_DISK_FULL, windows.ERROR_HANDLE_DISK_FULL, windows.ERROR_DISK_QUOTA_EXCEEDED, syscall.ENOSPC, syscall.EDQUOT:
		return true
	}
	return false
}
