// Package drain holds the end-to-end backlog benchmark of SPEC §10: a
// kiosk's store with 100,000 pending responses drained by the real
// uploader to the real scoring server over loopback, beside the raw limits
// measured in the same run. It has no code of its own; see drain_test.go.
package drain
