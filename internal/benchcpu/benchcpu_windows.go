package benchcpu

import (
	"testing"
	"time"

	"golang.org/x/sys/windows"
)

// Used is the process's user and kernel CPU time so far.
func Used(tb testing.TB) time.Duration {
	tb.Helper()
	var creation, exit, kernel, user windows.Filetime
	if err := windows.GetProcessTimes(windows.CurrentProcess(), &creation, &exit, &kernel, &user); err != nil {
		tb.Fatal(err)
	}
	ticks := func(f windows.Filetime) int64 { return int64(f.HighDateTime)<<32 | int64(f.LowDateTime) } // 100 ns each
	return time.Duration(ticks(kernel)+ticks(user)) * 100
}
