// Command kiosk is the Hài Lòng satisfaction kiosk: a citizen rates the
// officer who just served them in one tap, and the rating is stored durably
// in SQLite before the kiosk says thank you.
//
// main only wires: the kiosk application (kioskapp) parses the command line,
// builds the Fyne app, opens localdb, hands it to the screens and the
// uploader, and closes them in reverse order within one deadline.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"hailong/kiosk/kioskapp"
)

// appID must match FyneApp.toml.
const appID = "vn.hailong.kiosk"

// version is stamped on every response; release builds set it with
// -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := kioskapp.Main(ctx, kioskapp.Build{AppID: appID, Version: version}, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
