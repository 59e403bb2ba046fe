package kioskapp

import "errors"

// ExitQuit is the kiosk's exit status after the technician's Quit (the
// technician screen, behind the technician PIN), and only then. The
// packaged systemd unit restarts the kiosk on every other exit — a crash,
// an error, a window the compositor closed, a forced exit at the shutdown
// deadline of anything but a Quit — and not on this one
// (RestartPreventExitStatus=4 in packaging/kiosk/hailong-kiosk.service).
// Before, Quit exited 0 like a closed window or SIGTERM, so a unit could
// not tell them apart. 1 is an error, 2 a usage error (and a Go panic).
const ExitQuit = 4

// errQuit ends runKiosk when the technician quit; Main maps it to ExitQuit
// and prints nothing, since nothing went wrong.
var errQuit = errors.New("the technician quit the kiosk")
