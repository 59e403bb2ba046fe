// Package kioskapi serves the kiosks of the Hài Lòng scoring server: the
// upload protocol v1 of SPEC §6 (enrolment, configuration, response
// batches, heartbeats, officer photos) over HTTP, plus /healthz, /readyz
// and Prometheus /metrics. It holds the HTTP side only; what it serves
// comes from the domain, package scoring, and its store.
//
// It follows one shape: NewServer builds an http.Handler from its
// dependencies, routes.go lists every route on http.ServeMux patterns,
// handler makers return http.Handler, json.go holds the only JSON
// encode/decode pair, and errors.go the only error answer, which maps the
// protocol's error codes and the domain's errors to HTTP statuses. Mount
// puts the handler on the server's shared mux at its own paths, leaving
// "/" to the dashboard.
package kioskapi
