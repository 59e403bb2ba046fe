// Command kiosk is the Hài Lòng satisfaction kiosk: a citizen rates the
// officer who just served them in one tap, and the rating is stored durably
// in SQLite before the kiosk says thank you.
//
// main only wires: it parses the command line (commands.go), builds the Fyne
// app, opens localdb, hands both to screens and runs until quit.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// appID must match FyneApp.toml.
const appID = "vn.hailong.kiosk"

// version is stamped on every response; release builds set it with
// -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	if errors.Is(err, errHelp) {
		fmt.Fprint(os.Stdout, usage)
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "kiosk:", err)
		os.Exit(exitCode(err))
	}
}

// run dispatches a command line; tests call it directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "run"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "run":
		return runKiosk(ctx, args, getenv, stderr)
	case "export":
		return runExport(ctx, args, getenv, stdout, stderr)
	case "hash-pin":
		return runHashPIN(args, stdin, stdout, stderr)
	case "enrol":
		return runEnrol(ctx, args, getenv, stdout, stderr)
	case "doctor":
		return runDoctor(ctx, args, getenv, stdout, stderr)
	case "sign-in":
		return runSignIn(ctx, args, getenv, stdin, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q\n\n%s", cmd, usage)}
}
