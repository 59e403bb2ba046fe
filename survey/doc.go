// Package survey is the domain of Hài Lòng: the rating scales and their
// mapping to the three legal satisfaction levels, the response record and its
// hash chain, the kiosk configuration, PIN hashing and lock-out, and the small
// interfaces the adapters (localdb, upload, screens) implement or depend on.
//
// It imports no Fyne, no SQL driver and no HTTP client, so everything here is
// a pure function or a plain type that tests can exercise directly.
package survey
