package sqlitestore_test

import (
	"database/sql"
	"testing"

	"hailong/kiosk/scoring/sqlitestore"
)

// rawDB opens a second, plain connection to a store's file, as another
// process would.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", sqlitestore.DSN(path, sqlitestore.DSNParams))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	return db
}
