// Package scoring is the scoring server of Hài Lòng (SPEC §8): the upload
// protocol v1 of SPEC §6 (enrolment, configuration, response batches,
// heartbeats, officer photos) over HTTP, plus /healthz and Prometheus
// /metrics, and the administration that the command line drives (centres,
// officers, enrolment codes, kiosks, CSV export).
//
// The HTTP side follows one shape: NewServer builds an http.Handler from its
// dependencies, routes.go lists every route on http.ServeMux patterns,
// handler makers return http.Handler, json.go holds the only JSON
// encode/decode pair, and errors.go the only error answer, which maps the
// protocol's error codes to HTTP statuses.
//
// Storage is behind the Store interface (store.go). The SQLite
// implementation is package scoring/sqlitestore; a PostgreSQL one can follow
// without touching the handlers, because every Store method is a whole unit
// of work (a batch, an enrolment) rather than a row.
//
// The wire types live in package protocol, shared with the kiosk's uploader;
// docs/API.md describes the protocol for other implementations.
package scoring
