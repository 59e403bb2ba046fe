package sqlitedurable

import (
	"fmt"
	"os"
)

// SyncPath makes a file durable (FlushFileBuffers, which needs write
// access: a file opened read-only answers "Access denied"). A directory is
// skipped: Windows cannot flush one, and NTFS journals its entries.
func SyncPath(name string) error {
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return nil
	}
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", name, err)
	}
	return nil
}
