package sqlitedurable

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mattn/go-sqlite3"
)

func TestCheck(t *testing.T) {
	cases := []struct {
		params string
		err    string // "" when the connection must be accepted
	}{
		{"_journal_mode=WAL&_synchronous=FULL", ""},
		{"_journal_mode=WAL&_synchronous=EXTRA", ""},
		{"_journal_mode=WAL&_synchronous=NORMAL", "synchronous is 1"},
		{"_journal_mode=DELETE&_synchronous=FULL", "journal_mode is delete"},
	}
	for _, c := range cases {
		t.Run(c.params, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.db")
			db := sql.OpenDB(Connector(&sqlite3.SQLiteDriver{ConnectHook: Check}, "file:"+path+"?"+c.params))
			defer db.Close()
			err := db.Ping()
			if c.err == "" && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
				t.Fatalf("err %v, want %q", err, c.err)
			}
		})
	}
}
