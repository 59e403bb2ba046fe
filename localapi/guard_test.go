package localapi

import (
	"net/http/httptest"
	"testing"
)

func TestAuth(t *testing.T) {
	routes := []struct{ method, path, body string }{
		{"POST", "/trigger", ""},
		{"POST", "/officer", `{"officer_id":"cb01"}`},
		{"DELETE", "/officer", ""},
		{"GET", "/status", ""},
		{"GET", "/nowhere", ""},
	}
	auths := []struct {
		name, header string
		ok           bool
	}{
		{"missing", "", false},
		{"wrong", "Bearer not-the-secret-at-all", false},
		{"prefix of the secret", "Bearer " + secret[:10], false},
		{"secret plus more", "Bearer " + secret + "x", false},
		{"basic scheme", "Basic " + secret, false},
		{"no scheme", secret, false},
		{"right", "Bearer " + secret, true},
		{"lower-case scheme", "bearer " + secret, true},
	}
	for _, rt := range routes {
		for _, a := range auths {
			t.Run(rt.method+" "+rt.path+" "+a.name, func(t *testing.T) {
				ctl := &fakeController{}
				rec := call(New(ctl, secret), rt.method, rt.path, rt.body, a.header)
				if a.ok {
					if rec.Code == 401 {
						t.Fatalf("refused: %s", rec.Body)
					}
					return
				}
				if rec.Code != 401 {
					t.Fatalf("status %d, want 401: %s", rec.Code, rec.Body)
				}
				if code := errorCode(t, rec); code != "unauthorized" {
					t.Errorf("code %q, want unauthorized", code)
				}
				if rec.Header().Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
				if calls := ctl.Calls(); calls != "" {
					t.Errorf("controller called: %s", calls)
				}
			})
		}
	}
}

func TestGuard(t *testing.T) {
	cases := []struct {
		name       string
		host, peer string
		header     []string
		status     int
		code       string
	}{
		{"127.0.0.1", "127.0.0.1:8765", "127.0.0.1:50000", nil, 200, ""},
		{"localhost", "LOCALHOST:8765", "127.0.0.1:50000", nil, 200, ""},
		{"no port", "127.0.0.1", "127.0.0.1:50000", nil, 200, ""},
		{"IPv6 loopback", "[::1]:8765", "[::1]:50000", nil, 200, ""},
		{"other loopback", "127.0.0.2:8765", "127.0.0.1:50000", nil, 200, ""},
		{"typed into a browser", "127.0.0.1:8765", "127.0.0.1:50000", []string{"Sec-Fetch-Site", "none"}, 200, ""},
		{"rebinding name", "evil.example:8765", "127.0.0.1:50000", nil, 403, "bad_host"},
		{"LAN address", "192.168.1.20:8765", "127.0.0.1:50000", nil, 403, "bad_host"},
		{"localhost lookalike", "localhost.evil.example", "127.0.0.1:50000", nil, 403, "bad_host"},
		{"empty host", "", "127.0.0.1:50000", nil, 403, "bad_host"},
		{"origin", "127.0.0.1:8765", "127.0.0.1:50000", []string{"Origin", "http://127.0.0.1:8765"}, 403, "cross_origin"},
		{"null origin", "127.0.0.1:8765", "127.0.0.1:50000", []string{"Origin", "null"}, 403, "cross_origin"},
		{"cross-site fetch", "127.0.0.1:8765", "127.0.0.1:50000", []string{"Sec-Fetch-Site", "cross-site"}, 403, "cross_origin"},
		{"remote peer", "127.0.0.1:8765", "10.0.0.7:50000", nil, 403, "not_local"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctl := &fakeController{}
			req := httptest.NewRequest("GET", "/status", nil)
			req.Host = c.host
			req.RemoteAddr = c.peer
			req.Header.Set("Authorization", bearerAuth)
			for i := 0; i+1 < len(c.header); i += 2 {
				req.Header.Set(c.header[i], c.header[i+1])
			}
			rec := httptest.NewRecorder()
			New(ctl, secret).ServeHTTP(rec, req)
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.status, rec.Body)
			}
			if c.code == "" {
				return
			}
			if code := errorCode(t, rec); code != c.code {
				t.Errorf("code %q, want %q", code, c.code)
			}
			if calls := ctl.Calls(); calls != "" {
				t.Errorf("controller called: %s", calls)
			}
		})
	}
}
