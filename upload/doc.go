// Package upload is the kiosk's HTTP client for upload protocol v1 (SPEC
// §6): it drains the outbox (the local database) to the scoring server in
// seq-ordered, gzip-compressed batches, sends a heartbeat every minute,
// fetches the configuration, and prunes what the server acknowledged long
// ago.
//
// The uploader holds no state a crash could lose: a response is pending in
// the database until the server has acknowledged it, and a batch sent again
// carries the same Idempotency-Key, so the server stores it once.
//
// Retrying lives in one place, the Run loop: resty's retries are off, and so
// is net/http's silent resend of a request with an Idempotency-Key.
// classifyStatus and classifyErr (errors.go) say what a failed request
// means, after the pattern of Prometheus remote-write, and retryPolicy
// (uploader.go) when to try again: network errors, 408, 429 and 5xx are
// retried with capped exponential backoff and full jitter, waiting at least
// Retry-After; any other 4xx is final for that request. The backoff counts
// only drains that made no progress: one that settled responses before it
// failed is tried again at once. Each batch request has a deadline adapted
// to the server's recent answers (pacer.go), so a stalled request is
// abandoned in seconds, not after the whole RequestTimeout. While no
// connection to the server can be made, a cheap GET /healthz every 2–5 s
// (probe.go) notices its return; a server that answers with errors, or
// resets a request, gets the backoff alone. A 413 batch is split in halves and
// a 400 or 422 batch bisected to find the responses the server refuses; only
// those are quarantined, and only when the server took the rest, so that a
// server that refuses everything cannot empty the outbox into quarantine. A
// 401 stops uploading until the technician acts or a long pause has passed.
//
// Callbacks (OnStatus, OnConfigChanged) run on the uploader's goroutine; a
// Fyne UI wraps them in fyne.Do.
package upload
