package sqlitemigrate

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

func TestLoad(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	tests := []struct {
		name     string
		fsys     fstest.MapFS
		versions []int
		wantErr  bool
	}{
		{"ordered", fstest.MapFS{
			"migrations/0002_b.sql": file("B"), "migrations/0001_a.sql": file("A"), "migrations/0010_c.txt": file("x"),
		}, []int{1, 2}, false},
		{"empty", fstest.MapFS{}, nil, false},
		{"gap", fstest.MapFS{"migrations/0001_a.sql": file("A"), "migrations/0003_c.sql": file("C")}, nil, true},
		{"duplicate", fstest.MapFS{"migrations/0001_a.sql": file("A"), "migrations/0001_b.sql": file("B")}, nil, true},
		{"no number", fstest.MapFS{"migrations/init.sql": file("A")}, nil, true},
		{"zero", fstest.MapFS{"migrations/0000_a.sql": file("A")}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := Load(tt.fsys)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			var got []int
			for _, m := range ms {
				got = append(got, m.Version)
			}
			if len(got) != len(tt.versions) {
				t.Fatalf("versions = %v, want %v", got, tt.versions)
			}
			for i := range got {
				if got[i] != tt.versions[i] {
					t.Fatalf("versions = %v, want %v", got, tt.versions)
				}
			}
		})
	}
}

func TestBackupIsAConsistentCopyAndNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "store.db")
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.Exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('Hài lòng')"); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	first, err := Backup(ctx, db, path, 3, at)
	if err != nil {
		t.Fatal(err)
	}
	if want := path + ".bak-v3-20261125T020000Z"; first != want {
		t.Fatalf("backup at %s, want %s", first, want)
	}
	second, err := Backup(ctx, db, path, 3, at) // the same second: a new name
	if err != nil {
		t.Fatal(err)
	}
	if second == first || !strings.HasPrefix(second, first) {
		t.Fatalf("second backup %s, first %s", second, first)
	}
	for _, p := range []string{first, second} {
		copyDB, err := sql.Open("sqlite3", "file:"+p+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		var x string
		err = copyDB.QueryRow("SELECT x FROM t").Scan(&x)
		copyDB.Close()
		if err != nil || x != "Hài lòng" {
			t.Fatalf("%s holds %q, %v", p, x, err)
		}
	}
	if _, err := os.Stat(first); err != nil {
		t.Fatal(err)
	}
}
