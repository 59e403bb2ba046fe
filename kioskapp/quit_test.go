package kioskapp

import (
	"bytes"
	"errors"
	"testing"
)

// TestQuitHasItsOwnExitStatus: the technician's Quit exits with ExitQuit
// and prints nothing, while an error exits 1 and a closed window or
// SIGTERM 0, so the packaged unit restarts the kiosk on every exit but
// Quit. Before, Quit exited 0 like the others.
func TestQuitHasItsOwnExitStatus(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want int
	}{
		{"quit", errQuit, ExitQuit},
		{"window closed or SIGTERM", nil, 0},
		{"error", errors.New("open the database: disk full"), 1},
		{"usage", usageError{"unknown flag"}, 2},
	} {
		var out, errOut bytes.Buffer
		if got := status(c.err, &out, &errOut); got != c.want {
			t.Errorf("%s: exit status %d, want %d", c.name, got, c.want)
		}
		if c.err == errQuit && out.Len()+errOut.Len() > 0 {
			t.Errorf("quit printed %q %q, want nothing", out.String(), errOut.String())
		}
	}
	if ExitQuit == 0 || ExitQuit == 1 || ExitQuit == 2 {
		t.Errorf("ExitQuit = %d, which another exit uses", ExitQuit)
	}
}

// TestForcedExitAfterQuitKeepsItsStatus: a Quit whose shutdown hangs is
// forced out at the deadline, still with ExitQuit (else the unit would
// start the kiosk again); any other forced exit is 0.
func TestForcedExitAfterQuitKeepsItsStatus(t *testing.T) {
	s := newShutdown(quietLog())
	if s.technicianQuit() || s.exitStatus() != 0 {
		t.Fatalf("before any quit: technicianQuit %v, status %d", s.technicianQuit(), s.exitStatus())
	}
	got := make(chan int, 1)
	s.grace = 50e6
	s.exit = func() { got <- s.exitStatus() }
	s.quitByTechnician()
	if st := <-got; st != ExitQuit {
		t.Errorf("forced exit after Quit: status %d, want %d", st, ExitQuit)
	}
	o := newShutdown(quietLog())
	o.begin() // SIGTERM or the window closed
	if o.technicianQuit() || o.exitStatus() != 0 {
		t.Errorf("after another quit: technicianQuit %v, status %d, want false 0", o.technicianQuit(), o.exitStatus())
	}
	o.timer.Stop()
}

// TestVersionCommand: `kiosk version` prints the version stamped into the
// binary (make deb sets it with -ldflags -X main.version=…).
func TestVersionCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Main(t.Context(), Build{AppID: "vn.hailong.kiosk", Version: "1.2.0-3-gabcdef0"}, []string{"version"},
		func(string) string { return "" }, nil, &out, &errOut)
	if code != 0 || out.String() != "1.2.0-3-gabcdef0\n" {
		t.Errorf("kiosk version: status %d, printed %q %q", code, out.String(), errOut.String())
	}
}
