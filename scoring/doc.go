// Package scoring is the domain of the Hài Lòng scoring server (SPEC §8):
// centres, officers, kiosks and their enrolment, the responses they upload,
// the audit trail, and the administration that the command line drives
// (centre and officer checks, enrolment codes, CSV export and its
// verification, chain verification). It compiles no HTTP and no metrics:
// the kiosk upload protocol v1 of SPEC §6 is served by package
// scoring/kioskapi, and the dashboard sits beside it, both speaking to the
// store in this package's terms (deps_test.go keeps it so).
//
// Storage is behind role interfaces (store.go): each consumer asks for the
// roles it uses (RosterStore, FleetStore, IngestStore, AuditStore,
// HealthStore), and Store is all of them. The SQLite implementation is
// package scoring/sqlitestore; every implementation passes the conformance
// suite in scoring/storetest, and each method is a whole unit of work (a
// batch, an enrolment) rather than a row, so a PostgreSQL store can follow
// without touching its consumers.
//
// The wire types live in package protocol, shared with the kiosk's uploader;
// docs/API.md describes the protocol for other implementations.
package scoring
