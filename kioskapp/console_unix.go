//go:build !windows

package kioskapp

// hideOwnConsole does nothing: only Windows opens a console for a program.
func hideOwnConsole() {}
