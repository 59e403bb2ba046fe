// Command scoring-server is the Hài Lòng scoring server (SPEC §8): it
// receives the kiosks' ratings over upload protocol v1 (docs/API.md) into
// SQLite, and administers centres, officers, enrolment codes and kiosks
// from the command line.
//
// main only wires: it turns signals into a context and calls run, which
// dispatches the command line (commands.go, serve.go); tests call run.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"hailong/kiosk/scoring"
)

// version is reported by `scoring-server version`; release builds set it
// with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	if errors.Is(err, errHelp) {
		fmt.Fprint(os.Stdout, usage)
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "scoring-server:", err)
		os.Exit(exitCode(err))
	}
}

// run dispatches a command line.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"no command\n\n" + usage}
	}
	// Every act a command does is written to the audit trail as this user's.
	ctx = scoring.WithActor(ctx, cliActor(getenv))
	cmd, args := args[0], args[1:]
	sub := ""
	if len(args) > 0 && (cmd == "centre" || cmd == "officer" || cmd == "kiosk" || cmd == "user") {
		sub, args = args[0], args[1:]
	}
	switch cmd + " " + sub {
	case "serve ":
		return runServe(ctx, args, getenv, stderr)
	case "centre add":
		return runCentreAdd(ctx, args, getenv, stdout, stderr)
	case "centre set":
		return runCentreSet(ctx, args, getenv, stdout, stderr)
	case "centre list":
		return runCentreList(ctx, args, getenv, stdout, stderr)
	case "officer add":
		return runOfficerAdd(ctx, args, getenv, stdout, stderr)
	case "officer remove":
		return runOfficerRemove(ctx, args, getenv, stdout, stderr)
	case "enrol-code ":
		return runEnrolCode(ctx, args, getenv, stdout, stderr)
	case "kiosk list":
		return runKioskList(ctx, args, getenv, stdout, stderr)
	case "kiosk revoke":
		return runKioskRevoke(ctx, args, getenv, stdout, stderr)
	case "user add":
		return runUserAdd(ctx, args, getenv, stdout, stderr)
	case "user list":
		return runUserList(ctx, args, getenv, stdout, stderr)
	case "user disable", "user enable":
		return runUserSetDisabled(ctx, args, getenv, stdout, stderr, sub == "disable")
	case "user set-password":
		return runUserSetPassword(ctx, args, getenv, stdout, stderr)
	case "export ":
		return runExport(ctx, args, getenv, stdout, stderr)
	case "report ":
		return runReport(ctx, args, getenv, stdout, stderr)
	case "audit ":
		return runAudit(ctx, args, getenv, stdout, stderr)
	case "rebuild-rollups ":
		return runRebuildRollups(ctx, args, getenv, stdout, stderr)
	case "backup ":
		return runBackup(ctx, args, getenv, stdout, stderr)
	case "restore ":
		return runRestore(ctx, args, getenv, stdout, stderr)
	case "migrate ":
		return runMigrate(ctx, args, getenv, stdout, stderr)
	case "verify ":
		return runVerify(ctx, args, getenv, stdout, stderr)
	case "verify-export ":
		return runVerifyExport(ctx, args, getenv, stdout, stderr)
	case "prune ":
		return runPrune(ctx, args, getenv, stdout, stderr)
	case "demo-data ":
		return runDemoData(ctx, args, getenv, stdout, stderr)
	case "version ":
		fmt.Fprintln(stdout, version)
		return nil
	case "help ", "-h ", "--help ":
		return errHelp
	}
	return usageError{fmt.Sprintf("unknown command %q\n\n%s", cmd+" "+sub, usage)}
}
