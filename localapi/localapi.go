// Package localapi is the kiosk's HTTP API for queue-ticket systems on the
// same computer: invite a rating (POST /trigger), sign an officer in or out
// (POST and DELETE /officer, or POST /officer/pin with the officer's own
// PIN, as `kiosk sign-in` does), and read the kiosk's state (GET /status).
//
// It listens on 127.0.0.1 only, and refuses what a web page could send: a
// request for a Host that is not a loopback name (DNS rebinding) or that
// carries an Origin header (cross-site requests from a browser). With a
// shared secret configured every request needs "Authorization: Bearer
// <secret>"; without one, officer changes are refused, so that any local
// program can invite a rating but none can change who is rated.
//
// The package knows nothing of the screens: they implement Controller.
package localapi

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"
)

// New returns the API's handler. ctl carries the requests out; secret is the
// shared secret of [local_api], "" for none.
func New(ctl Controller, secret string) http.Handler {
	mux := http.NewServeMux()
	addRoutes(mux, ctl, secret)
	return guard(mux)
}

// Listen opens the API's socket on 127.0.0.1:port; port 0 picks a free
// port (tests). A configured port of 0 means the API is off: do not call
// Listen then.
func Listen(port int) (net.Listener, error) {
	if port < 0 || port > 65535 {
		return nil, fmt.Errorf("local api: port %d out of range", port)
	}
	ln, err := net.Listen("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return nil, fmt.Errorf("local api: %w", err)
	}
	return ln, nil
}

// NewServer wraps h in an http.Server with timeouts, so a stuck or slow
// client cannot hold the kiosk's API: serve it with srv.Serve(ln) and stop
// it with srv.Shutdown.
func NewServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    8 << 10,
		ErrorLog:          slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn),
	}
}
