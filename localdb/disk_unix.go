//go:build !windows

package localdb

import (
	"fmt"
	"syscall"
)

// diskFree is the space available to an unprivileged user on dir's
// file system.
func diskFree(dir string) (int64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("statfs %s: %w", dir, err)
	}
	return int64(st.Bavail) * int64(st.Bsize), nil // field types differ by platform
}

// isNoSpace reports whether a system error number means the disk or the
// user's quota is full.
func isNoSpace(e syscall.Errno) bool { return e == syscall.ENOSPC || e == syscall.EDQUOT }
