package kioskapp

import (
	"fmt"
	"os"
	"path/filepath"
)

// logFileName is the kiosk's log file in its data directory, written when
// no console shows the log: on Windows, a kiosk.exe started from a
// shortcut, the Startup folder or the Task Scheduler hides the console
// Windows opened for it, and the log would be lost with it. (Under
// systemd the journal keeps the log.)
const logFileName = "kiosk.log"

// logFileMax is the size past which the log file is moved to kiosk.log.1
// (replacing the one before) when the kiosk starts: two files of at most
// a few megabytes each, weeks of a counter's log.
const logFileMax = 4 << 20

// openLogFile opens dir's log file for appending, first moving it aside
// when it has grown past logFileMax.
func openLogFile(dir string) (*os.File, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("log file: %w", err)
	}
	path := filepath.Join(dir, logFileName)
	if st, err := os.Stat(path); err == nil && st.Size() > logFileMax {
		if err := os.Rename(path, path+".1"); err != nil {
			return nil, fmt.Errorf("log file: %w", err)
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("log file: %w", err)
	}
	return f, nil
}
