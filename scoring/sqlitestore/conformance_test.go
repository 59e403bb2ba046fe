package sqlitestore_test

import (
	"path/filepath"
	"testing"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/storetest"
)

// TestConformance runs the store conformance suite on the SQLite store.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) scoring.Store {
		return open(t, filepath.Join(t.TempDir(), "s.db"))
	})
}
