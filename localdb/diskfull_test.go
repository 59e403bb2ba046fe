package localdb

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"

	"github.com/mattn/go-sqlite3"

	"hailong/kiosk/survey"
)

func TestIsDiskFull(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"SQLITE_FULL", sqlite3.Error{Code: sqlite3.ErrFull}, true},
		{"wrapped SQLITE_FULL", fmt.Errorf("save response: %w", sqlite3.Error{Code: sqlite3.ErrFull}), true},
		{"I/O error from ENOSPC", sqlite3.Error{Code: sqlite3.ErrIoErr, ExtendedCode: sqlite3.ErrIoErrWrite, SystemErrno: syscall.ENOSPC}, true},
		{"I/O error from EDQUOT", sqlite3.Error{Code: sqlite3.ErrIoErr, SystemErrno: syscall.EDQUOT}, true},
		{"other I/O error", sqlite3.Error{Code: sqlite3.ErrIoErr, SystemErrno: syscall.EIO}, false},
		{"constraint", sqlite3.Error{Code: sqlite3.ErrConstraint}, false},
		{"file write", &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}, true},
		{"not exist", fs.ErrNotExist, false},
		{"plain", errors.New("database or disk is full"), false},
	}
	for _, tt := range tests {
		if got := IsDiskFull(tt.err); got != tt.want {
			t.Errorf("%s: IsDiskFull(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

// With the database capped a few pages above its size, saving fails with a
// disk-full error and leaves everything acknowledged before intact, with
// no trace of the failed response.
func TestSaveResponseOnFullDisk(t *testing.T) {
	dir := t.TempDir()
	db := openAt(t, dir)
	var pages int64
	if err := db.sql.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = openAt(t, dir, WithMaxPages(pages+6))
	ctx := context.Background()
	var acked int64
	var err error
	for i := 0; i < 10_000; i++ {
		var r survey.Response
		if r, err = db.SaveResponse(ctx, sample(i, testStart)); err != nil {
			break
		}
		acked = r.Seq
	}
	if !IsDiskFull(err) {
		t.Fatalf("after %d saves: err = %v, want a disk-full error", acked, err)
	}
	t.Logf("%d saves fitted in %d pages, then: %v", acked, pages+6, err)
	if acked < 10 {
		t.Fatalf("only %d saves fit; the cap is too tight to test anything", acked)
	}
	for i := 0; i < 3; i++ { // still full, still failing cleanly
		if _, err := db.SaveResponse(ctx, sample(i, testStart)); !IsDiskFull(err) {
			t.Fatalf("retry %d: err = %v, want disk full", i, err)
		}
	}
	check := func(db *DB, wantSeq int64) {
		t.Helper()
		if n := count(t, db, "SELECT count(*) FROM responses"); int64(n) != wantSeq {
			t.Errorf("%d responses stored, want %d", n, wantSeq)
		}
		if n := count(t, db, "SELECT last_seq FROM chain"); int64(n) != wantSeq {
			t.Errorf("chain head at %d, want %d", n, wantSeq)
		}
		if err := db.IntegrityCheck(ctx); err != nil {
			t.Error(err)
		}
		if err := db.VerifyChain(ctx); err != nil {
			t.Error(err)
		}
	}
	check(db, acked)
	if _, err := db.Stats(ctx, testStart); err != nil {
		t.Errorf("Stats on a full disk: %v", err)
	}
	db.Close()

	// Space comes back: the sequence continues with no gap.
	db = openAt(t, dir)
	r, err := db.SaveResponse(ctx, sample(0, testStart))
	if err != nil {
		t.Fatal(err)
	}
	if r.Seq != acked+1 {
		t.Errorf("next seq %d, want %d", r.Seq, acked+1)
	}
	check(db, acked+1)
}
