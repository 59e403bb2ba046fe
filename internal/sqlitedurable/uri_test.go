package sqlitedurable

import (
	"database/sql"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// A database in a directory whose name holds URI-special characters and
// Vietnamese opens through URI at exactly that path (and, on Windows, with
// its drive letter and backslashes).
func TestURIOpensTheFileAtPath(t *testing.T) {
	name := "Hài Lòng #1 50% & more"
	if runtime.GOOS != "windows" { // "?" cannot be in a Windows file name
		name += " ?x"
	}
	dir := filepath.Join(t.TempDir(), name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "x.db")
	db, err := sql.Open("sqlite3", URI(path, "_journal_mode=WAL"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE t (x)"); err != nil {
		t.Fatalf("create in %s (%s): %v", path, URI(path, ""), err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the database is not at %s: %v", path, err)
	}
}
