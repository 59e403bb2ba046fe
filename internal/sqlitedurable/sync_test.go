package sqlitedurable

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSyncPath: a file and a directory are synced (on Windows, where a
// directory cannot be flushed, it is skipped without an error); a missing
// path is an error.
func TestSyncPath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "copy.db")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{file, dir} {
		if err := SyncPath(p); err != nil {
			t.Errorf("SyncPath(%s): %v", p, err)
		}
	}
	if err := SyncPath(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("SyncPath of a missing file = nil")
	}
}
