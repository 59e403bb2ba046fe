package dashboard

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Every page, given garbage in each of its parameters, answers a 400 page
// in the user's language that names the parameter, never a 500.
func TestGarbageParametersGive400(t *testing.T) {
	rg := fleetRig(t)
	rg.signIn(t, adminEmail)
	garbage := []string{"", "x", "%00", "2026-13-01", "2026-02-30", "0001-01-01", "9999-12-31", "<script>alert(1)</script>",
		strings.Repeat("a", 5000), "'; DROP TABLE responses; --", "\u202e", "2026-12-01T00:00", "-1", "30", "1e9"}
	pages := map[string][]string{
		"/day":     {"centre", "date"},
		"/trends":  {"centre", "range", "from", "to"},
		"/officer": {"centre", "officer", "range", "from"},
		"/fleet":   {"centre"},
	}
	for _, lang := range []string{"vi", "en"} {
		for page, params := range pages {
			for _, p := range params {
				for _, g := range garbage {
					q := url.Values{p: {g}}
					if page == "/officer" && p != "officer" {
						q.Set("officer", "o1")
					}
					if p == "from" {
						q.Set("to", "2026-12-01")
					}
					req, _ := http.NewRequest(http.MethodGet, rg.srv.URL+page+"?"+q.Encode(), nil)
					req.AddCookie(&http.Cookie{Name: "lang", Value: lang})
					resp, err := rg.client.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					resp.Body.Close()
					if resp.StatusCode >= 500 {
						t.Errorf("%s %s=%.30q (%s): %d", page, p, g, lang, resp.StatusCode)
					}
				}
			}
		}
		// A bad date: 400 in the cookie's language.
		req, _ := http.NewRequest(http.MethodGet, rg.srv.URL+"/day?date=2026-02-30", nil)
		req.AddCookie(&http.Cookie{Name: "lang", Value: lang})
		resp, body := doBody(t, rg, req)
		want := map[string]string{"vi": "Địa chỉ trang không hợp lệ", "en": "This page address is not valid"}[lang]
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, want) || !strings.Contains(body, "date") {
			t.Errorf("bad date in %s: %d\n%s", lang, resp.StatusCode, body)
		}
	}
}

func doBody(t *testing.T, rg *signInRig, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := rg.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp, b.String()
}
