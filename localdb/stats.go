package localdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"time"

	"github.com/mattn/go-sqlite3"

	"hailong/kiosk/survey"
)

// Stats reports the store's state for the technician screen. "Today" is the
// calendar day of now in now's location (the kiosk's local day); a zero now
// means the clock's now.
func (db *DB) Stats(ctx context.Context, now time.Time) (survey.Stats, error) {
	if now.IsZero() {
		now = db.clock.Now()
	}
	dayStart := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	dayEnd := dayStart.AddDate(0, 0, 1)
	s := survey.Stats{KioskID: db.kioskID, DataDir: db.dir}
	err := db.withReadTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM responses WHERE created_ms >= ? AND created_ms < ?),
			(SELECT count(*) FROM responses),
			(SELECT count(*) FROM outbox),
			(SELECT last_seq FROM chain WHERE id = 1)`,
			dayStart.UnixMilli(), dayEnd.UnixMilli()).Scan(&s.ResponsesToday, &s.ResponsesTotal, &s.Pending, &s.LastSeq)
	})
	if err != nil {
		return survey.Stats{}, fmt.Errorf("stats: %w", err)
	}
	if s.DBBytes, err = db.fileBytes(); err != nil {
		return survey.Stats{}, fmt.Errorf("stats: %w", err)
	}
	if s.DiskFreeBytes, err = diskFree(db.dir); err != nil {
		return survey.Stats{}, fmt.Errorf("stats: %w", err)
	}
	return s, nil
}

// fileBytes is the size of the database file and its WAL.
func (db *DB) fileBytes() (int64, error) {
	var total int64
	for _, name := range []string{db.path, db.path + "-wal"} {
		fi, err := os.Stat(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return 0, err
		}
		total += fi.Size()
	}
	return total, nil
}

// IsDiskFull reports whether err means the store cannot write for lack of
// space: SQLITE_FULL, or an I/O error whose cause was the system's "disk
// full" or "quota exceeded" (isNoSpace, per platform). The kiosk then shows
// "out of service" instead of pretending to save.
func IsDiskFull(err error) bool {
	if err == nil {
		return false
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		if se.Code == sqlite3.ErrFull {
			return true
		}
		if se.Code == sqlite3.ErrIoErr && isNoSpace(se.SystemErrno) {
			return true
		}
	}
	var errno syscall.Errno
	return errors.As(err, &errno) && isNoSpace(errno)
}
