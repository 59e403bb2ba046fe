//go:build unix

package sqlitestore

import (
	"os"
	"syscall"
)

// sameOwner gives path the owner and group of like, when this process may
// (root restoring the service's database for its user); otherwise the
// file stays the caller's.
func sameOwner(like os.FileInfo, path string) error {
	st, ok := like.Sys().(*syscall.Stat_t)
	if !ok || os.Geteuid() != 0 {
		return nil
	}
	return os.Chown(path, int(st.Uid), int(st.Gid))
}
