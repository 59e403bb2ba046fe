package localapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"net"
	"net/http"
	"strings"
)

// guard refuses requests that did not come from a program on this computer
// addressed to it: a peer off the loopback (should the handler ever be
// served on another address), a Host that is not a loopback name (a web page
// reaching us through DNS rebinding), or the marks of a browser's
// cross-site request (Origin, Sec-Fetch-Site). The queue systems the API
// serves are programs, not web pages.
func guard(next http.Handler) http.Handler {
	return handlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		if !loopbackAddr(r.RemoteAddr) {
			return errorf(http.StatusForbidden, "not_local", "the local API answers only this computer")
		}
		if !loopbackHost(r.Host) {
			return errorf(http.StatusForbidden, "bad_host", "Host %q is not a loopback address: call http://127.0.0.1:<port>/", r.Host)
		}
		if r.Header.Get("Origin") != "" {
			return errorf(http.StatusForbidden, "cross_origin", "requests from web pages (with an Origin header) are refused")
		}
		if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "none" {
			return errorf(http.StatusForbidden, "cross_origin", "requests from web pages are refused")
		}
		next.ServeHTTP(w, r)
		return nil
	})
}

// loopbackAddr reports whether a peer address is on the loopback.
func loopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loopbackHost reports whether a Host header names this computer:
// localhost or a loopback IP, with or without a port.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// bearer requires "Authorization: Bearer <secret>" on a route when a secret
// is configured; with none it lets requests through.
func bearer(secret string) func(http.Handler) http.Handler {
	if secret == "" {
		return func(h http.Handler) http.Handler { return h }
	}
	// Comparing digests keeps the comparison constant-time in the length
	// of the secret too.
	want := sha256.Sum256([]byte(secret))
	return func(next http.Handler) http.Handler {
		return handlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") {
				w.Header().Set("WWW-Authenticate", `Bearer realm="kiosk"`)
				return errorf(http.StatusUnauthorized, "unauthorized", "send Authorization: Bearer <secret of [local_api]>")
			}
			got := sha256.Sum256([]byte(strings.TrimSpace(token)))
			if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="kiosk", error="invalid_token"`)
				return errorf(http.StatusUnauthorized, "unauthorized", "wrong secret")
			}
			next.ServeHTTP(w, r)
			return nil
		})
	}
}

// needSecret refuses a route when no secret is configured: without one,
// any program on the computer could change who is being rated.
func needSecret(secret string, next http.Handler) http.Handler {
	if secret != "" {
		return next
	}
	return handlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		return errorf(http.StatusForbidden, "secret_required", "signing officers in or out over the local API needs a secret in [local_api] of the kiosk configuration")
	})
}
