//go:build !windows

// Package benchcpu gives benchmarks the CPU time their process has used,
// user and system: what an operation costs whatever the neighbours on a
// shared machine do to its wall time. It counts every goroutine of the
// process, so an in-process server or client is included.
package benchcpu

import (
	"syscall"
	"testing"
	"time"
)

// Used is the process's user and system CPU time so far.
func Used(tb testing.TB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
