//go:build !windows

package sqlitemigrate

import (
	"fmt"
	"os"
)

// syncFile makes a file, or a directory's entries, durable (fsync).
func syncFile(name string) error {
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
