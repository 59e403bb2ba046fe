//go:build !unix

package sqlitestore

import "os"

// sameOwner does nothing where files have no Unix owner.
func sameOwner(like os.FileInfo, path string) error { return nil }
