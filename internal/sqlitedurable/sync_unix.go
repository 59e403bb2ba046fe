//go:build !windows

package sqlitedurable

import (
	"fmt"
	"os"
)

// SyncPath makes a file, or a directory's entries, durable (fsync).
func SyncPath(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", name, err)
	}
	return nil
}
