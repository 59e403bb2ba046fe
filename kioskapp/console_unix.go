//go:build !windows

package kioskapp

// hideOwnConsole does nothing and says so: only Windows opens a console
// for a program.
func hideOwnConsole() bool { return false }
