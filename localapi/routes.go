package localapi

import "net/http"

// addRoutes lists every route of the API. Each one checks the secret first,
// so without it nothing, not even a 404, tells what exists.
func addRoutes(mux *http.ServeMux, ctl Controller, secret string) {
	auth := bearer(secret)
	mux.Handle("POST /trigger", auth(handleTrigger(ctl)))
	mux.Handle("POST /officer", auth(needSecret(secret, handleSignIn(ctl))))
	mux.Handle("DELETE /officer", auth(needSecret(secret, handleSignOut(ctl))))
	mux.Handle("GET /status", auth(handleStatus(ctl)))
	if p, ok := ctl.(PINSignInner); ok {
		mux.Handle("POST /officer/pin", auth(handlePINSignIn(p)))
		mux.Handle("/officer/pin", auth(methodNotAllowed("POST")))
	}

	// The mux's own 404 and 405 answers are plain text; these keep every
	// answer JSON.
	mux.Handle("/trigger", auth(methodNotAllowed("POST")))
	mux.Handle("/officer", auth(methodNotAllowed("POST, DELETE")))
	mux.Handle("/status", auth(methodNotAllowed("GET, HEAD")))
	mux.Handle("/", auth(notFound()))
}
