package kioskapp

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hailong/kiosk/survey"
)

// TestSignInLive: what `kiosk sign-in` makes of each answer of a running
// kiosk's POST /officer/pin, and of no kiosk at all.
func TestSignInLive(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		want   liveResult
		errHas []string // the error must say each; none: no error
	}{
		{"signed in", 204, "", liveSignedIn, nil},
		{"wrong PIN", 403, `{"error":{"code":"wrong_pin","message":"x"},"tries_left":3}`, 0, []string{"Sai mã PIN. Còn 3 lần thử", "3 tries left"}},
		{"locked", 423, `{"error":{"code":"pin_locked","message":"x"},"locked_until":"2099-01-01T00:00:00Z"}`, 0, []string{"Đã khóa", "Locked"}},
		{"busy", 409, `{"error":{"code":"busy","message":"x"}}`, 0, []string{"đang có người đánh giá", "try again in a minute"}},
		{"unknown officer", 404, `{"error":{"code":"unknown_officer","message":"x"}}`, 0, []string{"không có cán bộ", "no officer"}},
		{"wrong secret", 401, `{"error":{"code":"unauthorized","message":"x"}}`, 0, []string{"--config"}},
		{"older kiosk", 404, `{"error":{"code":"not_found","message":"x"}}`, liveTooOld, nil},
		{"something else", 500, `{"error":{"code":"internal","message":"x"}}`, 0, []string{"500", "nobody was signed in"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = r.Method + " " + r.URL.Path + " " + r.Header.Get("Authorization")
				w.WriteHeader(c.status)
				fmt.Fprint(w, c.body)
			}))
			defer srv.Close()
			port := srv.Listener.Addr().(*net.TCPAddr).Port
			res, err := signInLive(context.Background(), survey.LocalAPI{Port: port, Secret: "s3cret-0123456789"}, "cb01", "1111")
			if got != "POST /officer/pin Bearer s3cret-0123456789" {
				t.Errorf("request %q", got)
			}
			if c.errHas == nil {
				if err != nil || res != c.want {
					t.Fatalf("got %v, %v; want %v", res, err, c.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, result %v", res)
			}
			for _, w := range c.errHas {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
	t.Run("no kiosk running", func(t *testing.T) {
		if res, err := signInLive(context.Background(), survey.LocalAPI{Port: closedPort(t)}, "cb01", "1111"); err != nil || res != liveNotRunning {
			t.Fatalf("got %v, %v", res, err)
		}
	})
	t.Run("local API off", func(t *testing.T) {
		if res, err := signInLive(context.Background(), survey.LocalAPI{}, "cb01", "1111"); err != nil || res != liveAPIOff {
			t.Fatalf("got %v, %v", res, err)
		}
	})
}

// TestSignInSaysWhetherTheKioskShowsIt: without a running kiosk the sign-in
// is written for its next start and the command says so; with the local API
// off it says plainly that a running kiosk will not show it.
func TestSignInSaysWhetherTheKioskShowsIt(t *testing.T) {
	for _, c := range []struct {
		name string
		port int
		want string
	}{
		{"no kiosk running", closedPort(t), "No kiosk is running"},
		{"local API off", 0, "does NOT show this sign-in until it restarts"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := t.TempDir()
			out, _, err := runCmd(t, "1111\n", "sign-in", "--data-dir", data, "--officer", "cb01", "--config", demoOnPort(t, c.port))
			if err != nil || !strings.Contains(out, "cb01 signed in") || !strings.Contains(out, c.want) {
				t.Fatalf("sign-in: %v\n%s\nwant it to say %q", err, out, c.want)
			}
		})
	}
}

// closedPort is a port on 127.0.0.1 that nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// demoOnPort writes the demo configuration with its local API on port, so
// that a test never reaches a kiosk that another test runs on the default
// port.
func demoOnPort(t *testing.T, port int) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "config", "demo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kiosk.toml")
	if err := os.WriteFile(path, fmt.Appendf(b, "\n[local_api]\nport = %d\n", port), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
