// Package e2e holds end-to-end tests of the kiosk's uploader against the
// real scoring server over loopback: through injected network faults,
// across token revocation and TLS trust. It has no code of its own.
package e2e
