package kioskapi

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"hailong/kiosk/protocol"
)

// MountPaths are the patterns at which Mount puts the kiosk API on a
// shared mux: the protocol's subtree and the operator's endpoints. "/"
// stays free for the dashboard.
var MountPaths = []string{"/api/", "/healthz", "/readyz", "/metrics"}

// Mount registers api, the handler NewServer returns, on mux at
// MountPaths. The scoring server's command builds one mux and mounts the
// kiosk API and the dashboard on it side by side.
func Mount(mux *http.ServeMux, api http.Handler) {
	for _, p := range MountPaths {
		mux.Handle(p, api)
	}
}

// addRoutes lists every route of the server. Kiosk routes other than
// enrolment go through s.authenticated (bearer token, per-kiosk rate
// limit: batches in their own bucket, sized for a backlog); enrolment
// through a per-address rate limit. Every route with a body goes through
// s.bodyGate (bodies in flight per kiosk or address and overall, and a
// deadline to arrive) before anything reads it. Each API path also
// answers other methods with a JSON 405, and any other path with a JSON
// 404.
func addRoutes(mux *http.ServeMux, s *server, reg *prometheus.Registry) {
	mux.Handle("POST "+protocol.PathEnrol, s.enrolLimited(s.bodyGate(s.smallGate, gateEnrol, remoteHost, s.handleEnrol())))
	mux.Handle("GET "+protocol.PathConfig, s.authenticated(s.limits, s.handleConfig()))
	mux.Handle("POST "+protocol.PathResponses, s.authenticated(s.batches,
		s.bodyGate(s.batchGate, gateBatch, kioskKeyOf, s.handleResponses())))
	mux.Handle("POST "+protocol.PathHeartbeat, s.authenticated(s.limits,
		s.bodyGate(s.smallGate, gateHeartbeat, kioskKeyOf, s.handleHeartbeat())))
	mux.Handle("GET "+protocol.PathPhotos+"{officer}", s.authenticated(s.limits, s.handlePhoto()))
	mux.Handle("GET /healthz", s.handleHealthz())
	mux.Handle("GET /readyz", s.handleReadyz())
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))

	for path, allow := range map[string]string{
		protocol.PathEnrol:                "POST",
		protocol.PathConfig:               "GET, HEAD",
		protocol.PathResponses:            "POST",
		protocol.PathHeartbeat:            "POST",
		protocol.PathPhotos + "{officer}": "GET, HEAD",
		"/healthz":                        "GET, HEAD",
		"/readyz":                         "GET, HEAD",
		"/metrics":                        "GET, HEAD",
	} {
		mux.Handle(path, s.handleMethodNotAllowed(allow))
	}
	mux.Handle("/", s.handleNotFound())
}
