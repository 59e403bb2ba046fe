package kioskapp

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"hailong/kiosk/localdb"
)

// openStore opens the kiosk's database in dataDir. When that fails because
// the kiosk's user cannot write the directory or the database (a wrong
// owner after a copy, a read-only mount), SQLite says "unable to open
// database file" or "attempt to write a readonly database"; the technician
// reads instead what is wrong and what to do.
func openStore(dataDir string) (*localdb.DB, error) {
	db, err := localdb.Open(dataDir)
	if err == nil {
		return db, nil
	}
	if ro := readOnly(dataDir); ro != nil {
		return nil, ro
	}
	return nil, err
}

// errReadOnly marks a data directory the kiosk cannot write.
var errReadOnly = errors.New("read-only data directory")

// readOnlyError is the plain sentence about a read-only data directory; it
// is errReadOnly.
type readOnlyError struct{ msg string }

func (e readOnlyError) Error() string        { return e.msg }
func (e readOnlyError) Is(target error) bool { return target == errReadOnly }

// readOnly returns a plain error when dataDir, or the database files in it,
// cannot be written by this process; nil otherwise.
func readOnly(dataDir string) error {
	dir, err := filepath.Abs(dataDir)
	if err != nil {
		return nil
	}
	paths := []string{dir}
	for _, f := range []string{localdb.FileName, localdb.FileName + "-wal", localdb.FileName + "-shm"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			paths = append(paths, filepath.Join(dir, f))
		}
	}
	for _, p := range paths {
		if notWritable(p) {
			return readOnlyError{fmt.Sprintf("Không ghi được vào thư mục dữ liệu %s (chỉ đọc với người dùng này: %s): hãy cấp quyền ghi cho người dùng chạy kiosk (%s), hoặc chọn --data-dir khác. / "+
				"The data directory %s is read-only for this user (%s): give the kiosk's user write access to it and its files (%s), or pass another --data-dir.",
				dir, p, grantWriteHint, dir, p, grantWriteHint)}
		}
	}
	return nil
}
