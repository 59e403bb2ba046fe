package dashboard

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func newPreviewServer(t *testing.T) *httptest.Server {
	t.Helper()
	h, err := NewPreview()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// get fetches path with an optional lang cookie and returns the status,
// the body and the response.
func get(t *testing.T, srv *httptest.Server, path, cookie string) (int, string, *http.Response) {
	t.Helper()
	req, err := http.NewRequest("GET", srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: "lang", Value: cookie})
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp
}

func mustContain(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func TestPreviewVietnamese(t *testing.T) {
	srv := newPreviewServer(t)
	status, body, resp := get(t, srv, "/preview", "")
	if status != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, type %s", status, resp.Header.Get("Content-Type"))
	}
	mustContain(t, body, `<html lang="vi">`, "<title>Xem trước giao diện · Hài Lòng</title>",
		">Hôm nay<", ">Theo ngày<", ">Xu hướng<", ">Thiết bị<",
		`aria-current="page">Hôm nay`, "Dữ liệu minh hoạ", "Đăng xuất", "Trần Thị Quản Lý",
		"Rất hài lòng", "Không hài lòng", "Tỷ lệ hài lòng", "chưa đủ số liệu, n = 7",
		`Trần Văn &lt;Bình&gt; &amp; &#34;Bảo&#34;`, `role="img"`, "Xem bảng số liệu", `href="/preview?lang=en"`)
	if strings.Contains(body, "<Bình>") {
		t.Error("an officer's name is not escaped")
	}
	if resp.Header.Get("Content-Security-Policy") == "" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Error("page headers lack CSP or no-store")
	}
	if len(resp.Cookies()) != 0 {
		t.Error("a page without ?lang= set a cookie")
	}
}

func TestPreviewEnglishToggle(t *testing.T) {
	srv := newPreviewServer(t)
	status, body, resp := get(t, srv, "/preview?lang=en", "")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	mustContain(t, body, `<html lang="en">`, "Dashboard preview", ">Today<", "Very satisfied", "Satisfaction rate",
		"not enough ratings yet, n = 7", `href="/preview?lang=vi"`)
	var lang *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "lang" {
			lang = c
		}
	}
	if lang == nil || lang.Value != "en" || !lang.HttpOnly || lang.Path != "/" || lang.SameSite != http.SameSiteLaxMode {
		t.Fatalf("lang cookie = %+v", lang)
	}
	// The cookie carries the choice to the next page.
	if _, body, _ := get(t, srv, "/preview", "en"); !strings.Contains(body, `<html lang="en">`) {
		t.Error("the lang cookie is not honoured")
	}
}

// The toggle keeps the page and its filters.
func TestToggleKeepsQuery(t *testing.T) {
	srv := newPreviewServer(t)
	_, body, _ := get(t, srv, "/preview?date=2025-03-01&centre=hcm-q1", "")
	mustContain(t, body, `href="/preview?centre=hcm-q1&amp;date=2025-03-01&amp;lang=en"`)
}

func TestStaticFingerprinted(t *testing.T) {
	srv := newPreviewServer(t)
	_, body, _ := get(t, srv, "/preview", "")
	i := strings.Index(body, `href="/static/dashboard.`)
	if i < 0 {
		t.Fatal("no stylesheet link")
	}
	href := body[i+6 : i+6+strings.Index(body[i+6:], `"`)]
	status, css, resp := get(t, srv, href, "")
	if status != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") || !strings.Contains(css, ".table-wrap") ||
		!strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("%s: status %d, type %s, cache %s", href, status, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
	}
	if status, _, _ := get(t, srv, "/static/dashboard.css", ""); status != 404 {
		t.Errorf("unfingerprinted name answered %d, want 404", status)
	}
}

func TestErrorPages(t *testing.T) {
	srv := newPreviewServer(t)
	tests := []struct {
		path, cookie string
		status       int
		want         []string
	}{
		{"/preview?lang=fr", "", 400, []string{`lang="vi"`, "Ngôn ngữ “fr” không có. Hãy chọn vi (tiếng Việt) hoặc en (tiếng Anh).", "Về trang Hôm nay"}},
		{"/preview?lang=fr", "en", 400, []string{`lang="en"`, "There is no language “fr”.", "Back to Today"}},
		{"/preview?lang=%3Cscript%3E", "", 400, []string{"&lt;script&gt;"}},
		{"/no/such/page", "", 404, []string{"Không tìm thấy trang", "Hãy kiểm tra lại địa chỉ"}},
		{"/no/such/page?lang=en", "", 404, []string{"Page not found", "Check the address"}},
		{"/static/nope.css", "", 404, []string{"Không tìm thấy trang"}},
	}
	for _, tc := range tests {
		status, body, _ := get(t, srv, tc.path, tc.cookie)
		if status != tc.status {
			t.Errorf("%s: status %d, want %d", tc.path, status, tc.status)
		}
		mustContain(t, body, tc.want...)
		if strings.Contains(body, "<script>") {
			t.Errorf("%s: unescaped input in the page", tc.path)
		}
	}
}

// Every query parameter tried with garbage is a 400 page in the user's
// language, never a 500 (issue 10 acceptance).
func TestGarbageQueryIs400(t *testing.T) {
	s, err := NewSite(Options{})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /q", func(w http.ResponseWriter, r *http.Request) {
		if _, err := ParseQuery(r.URL.RawQuery, today); err != nil {
			s.Error(w, r, err)
			return
		}
		s.Render(w, r, 200, "error", Page{Title: "ok", Data: errorData{Status: 200}})
	})
	srv := httptest.NewServer(s.WithLang(mux))
	defer srv.Close()
	for _, q := range []string{
		"date=2025-02-30", "date=1999-01-01", "date=%00", "from=2025-03-01", "range=1y", "from=2020-01-01&to=2025-01-01",
		"centre=%E2%80%AE", "counter=" + strings.Repeat("x", 100), "officer=a/b", "kiosk=..%2F", "format=exe",
		"page=NaN", "page=1e3", "date=2025-03-14&date=2025-03-15", "%", "date=2025-03-14%", "lang=vi-VN",
	} {
		for _, cookie := range []string{"", "en"} {
			status, body, _ := get(t, srv, "/q?"+q, cookie)
			if status != 400 {
				t.Errorf("?%s: status %d, want 400", q, status)
			}
			wantLang := `lang="vi"`
			if cookie == "en" {
				wantLang = `lang="en"`
			}
			if !strings.Contains(body, wantLang) || !strings.Contains(body, `class="detail"`) {
				t.Errorf("?%s (cookie %q): not a 400 page in the user's language:\n%s", q, cookie, body)
			}
		}
	}
}

func TestForbiddenPage(t *testing.T) {
	s, err := NewSite(Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	s.Error(w, httptest.NewRequest("GET", "/x?lang=en", nil), ErrForbidden)
	if w.Code != 403 || !strings.Contains(w.Body.String(), "You may not see this page") {
		t.Errorf("403 page: %d %s", w.Code, w.Body.String())
	}
}

// A programming error (an unknown page, a template that fails) is a clean,
// logged 500 page in the user's language, never half a page.
func TestServerErrorPage(t *testing.T) {
	var log strings.Builder
	s, err := NewSite(Options{Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	s.Render(w, httptest.NewRequest("GET", "/x", nil), 200, "no-such-page", Page{})
	if w.Code != 500 || !strings.Contains(w.Body.String(), "Máy chủ gặp lỗi") || !strings.Contains(log.String(), "no-such-page") {
		t.Errorf("unknown page: %d %q, log %q", w.Code, w.Body.String(), log.String())
	}
	// The preview template reads fields a string does not have.
	w = httptest.NewRecorder()
	s.Render(w, httptest.NewRequest("GET", "/x?lang=en", nil), 200, "preview", Page{Data: "not preview data"})
	if w.Code != 500 || !strings.Contains(w.Body.String(), "The server met an error") || strings.Contains(w.Body.String(), "<main") {
		t.Errorf("failing template: %d %q", w.Code, w.Body.String())
	}
}
