// Package kioskapp is the kiosk application: the commands of the kiosk
// binary (run the window, enrol, doctor, export, hash-pin, sign-in) and
// the wiring of the kiosk's parts, the store (localdb), the uploader and
// configuration poller (upload), the screens (screens) and the local API
// (localapi), with one shutdown deadline. The domain rules it applies (PIN
// lock-out, shifts, errors) live in survey; package main only calls Main.
package kioskapp

import (
	// Before Fyne initialises: no "Error parsing user locale C" under
	// LANG=C.UTF-8 without LANGUAGE.
	_ "a.hailong.invalid/fynelocale"

	"context"
	"errors"
	"fmt"
	"io"
)

// Build is what main knows about the binary.
type Build struct {
	AppID   string // the Fyne application id; must match FyneApp.toml
	Version string // stamped on every response and heartbeat
}

// env is one command line's context: the build and the process's
// environment and streams, so that tests run commands in process.
type env struct {
	Build
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// Main runs a command line and returns the process's exit status, having
// printed the usage (--help) or the error.
func Main(ctx context.Context, b Build, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	return status(Run(ctx, b, args, getenv, stdin, stdout, stderr), stdout, stderr)
}

// status is the exit status of a command that returned err, having
// printed the usage or the error.
func status(err error, stdout, stderr io.Writer) int {
	if errors.Is(err, errQuit) {
		return ExitQuit
	}
	if errors.Is(err, errHelp) {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "kiosk:", err)
		return exitCode(err)
	}
	return 0
}

// Run dispatches a command line; tests call it directly.
func Run(ctx context.Context, b Build, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{Build: b, getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	cmd := "run"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "run":
		return e.runKiosk(ctx, args)
	case "export":
		return e.runExport(ctx, args)
	case "hash-pin":
		return e.runHashPIN(args)
	case "enrol":
		return e.runEnrol(ctx, args)
	case "doctor":
		return e.runDoctor(ctx, args)
	case "sign-in":
		return e.runSignIn(ctx, args)
	case "version":
		fmt.Fprintln(stdout, e.Version)
		return nil
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q\n\n%s", cmd, usage)}
}
