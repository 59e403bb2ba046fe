package dashboard

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/sqlitestore"
)

const (
	testEmail    = "lan@quangninh.gov.vn"
	testPassword = "mật-khẩu-dài-1"
)

// signInRig is the dashboard over a real SQLite store with one manager,
// behind a real HTTP server, and a client that keeps cookies and does not
// follow redirects (the tests look at them).
type signInRig struct {
	srv    *httptest.Server
	client *http.Client
	db     string
	store  *sqlitestore.Store
	now    time.Time
	mu     sync.Mutex
}

func newSignInRig(t *testing.T, db string) *signInRig {
	t.Helper()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	rg := &signInRig{db: db, store: st, now: time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)}
	app, err := NewApp(st, AppOptions{Now: func() time.Time { rg.mu.Lock(); defer rg.mu.Unlock(); return rg.now }})
	if err != nil {
		t.Fatal(err)
	}
	rg.srv = httptest.NewServer(app.Handler())
	t.Cleanup(rg.srv.Close)
	jar, _ := cookiejar.New(nil)
	rg.client = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return rg
}

// addManager creates the test manager (the password hash is slow: once).
var managerUser = sync.OnceValues(func() (scoring.User, error) {
	return scoring.NewUser(testEmail, "Trần Thị Lan", "manager", "qn", testPassword, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
})

func (rg *signInRig) addManager(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	c, err := scoring.NewCentre("qn", "Trung tâm Phục vụ hành chính công", "legal3", "909090", "", rg.now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rg.store.SaveCentre(ctx, c); err != nil {
		t.Fatal(err)
	}
	u, err := managerUser()
	if err != nil {
		t.Fatal(err)
	}
	if err := rg.store.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
}

func (rg *signInRig) get(t *testing.T, path string) (*http.Response, string) {
	t.Helper()
	resp, err := rg.client.Get(rg.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// post sends a same-origin form, as a browser's form does.
func (rg *signInRig) post(t *testing.T, path string, form url.Values, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, rg.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := rg.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func signInForm(email, password, next string) url.Values {
	return url.Values{"email": {email}, "password": {password}, "next": {next}}
}

func TestSignInSessionAndSignOut(t *testing.T) {
	rg := newSignInRig(t, filepath.Join(t.TempDir(), "s.db"))
	rg.addManager(t)

	resp, _ := rg.get(t, "/day?date=2026-12-03")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin?next=%2Fday%3Fdate%3D2026-12-03" {
		t.Fatalf("signed out, a page: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, body := rg.get(t, "/signin")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Đăng nhập") || strings.Contains(body, "main-nav") {
		t.Fatalf("sign-in page: %d\n%s", resp.StatusCode, body)
	}

	resp, body = rg.post(t, "/signin", signInForm(testEmail, "sai-mật-khẩu-rồi", "/"), nil)
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Sai email hoặc mật khẩu") || len(resp.Cookies()) != 0 {
		t.Fatalf("wrong password: %d %v\n%s", resp.StatusCode, resp.Cookies(), body)
	}
	resp, body = rg.post(t, "/signin", signInForm("khong-co@quangninh.gov.vn", testPassword, "/"), nil)
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Sai email hoặc mật khẩu") {
		t.Fatalf("unknown email: %d\n%s", resp.StatusCode, body)
	}

	resp, _ = rg.post(t, "/signin", signInForm(" LAN@quangninh.gov.vn ", testPassword, "/day?date=2026-12-03"), nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/day?date=2026-12-03" {
		t.Fatalf("sign-in: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure || len(session.Value) != 43 {
		t.Fatalf("session cookie %+v", session)
	}
	resp, body = rg.get(t, "/")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Trần Thị Lan") || !strings.Contains(body, "/signout") {
		t.Fatalf("signed in, Today: %d\n%s", resp.StatusCode, body)
	}

	resp, _ = rg.post(t, "/signout", nil, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin" {
		t.Fatalf("sign-out: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// The old token is dead on the server, not only forgotten by the browser.
	req, _ := http.NewRequest(http.MethodGet, rg.srv.URL+"/", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: session.Value})
	old, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	old.Body.Close()
	if old.StatusCode != http.StatusSeeOther {
		t.Fatalf("the signed-out token still opens a page: %d", old.StatusCode)
	}
}

func TestCrossOriginPostsAreRefused(t *testing.T) {
	rg := newSignInRig(t, filepath.Join(t.TempDir(), "s.db"))
	rg.addManager(t)
	for name, h := range map[string]map[string]string{
		"Sec-Fetch-Site cross-site": {"Sec-Fetch-Site": "cross-site"},
		"another Origin":            {"Sec-Fetch-Site": "", "Origin": "https://evil.example"},
	} {
		resp, body := rg.post(t, "/signin", signInForm(testEmail, testPassword, "/"), h)
		if resp.StatusCode != http.StatusForbidden || len(resp.Cookies()) != 0 || !strings.Contains(body, "không có quyền") {
			t.Errorf("%s: %d %v\n%s", name, resp.StatusCode, resp.Cookies(), body)
		}
	}
}

func TestTenWrongPasswordsLockAcrossARestart(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	rg := newSignInRig(t, db)
	rg.addManager(t)
	for i := range scoring.MaxFailures {
		rg.mu.Lock()
		rg.now = rg.now.Add(time.Minute) // 10 in 10 minutes, and under the address limit
		rg.mu.Unlock()
		want := http.StatusUnauthorized
		if i == scoring.MaxFailures-1 {
			want = http.StatusForbidden // the failure that locks says so
		}
		if resp, _ := rg.post(t, "/signin", signInForm(testEmail, "sai-mật-khẩu-rồi", "/"), nil); resp.StatusCode != want {
			t.Fatalf("failure %d: %d, want %d", i+1, resp.StatusCode, want)
		}
	}
	resp, body := rg.post(t, "/signin", signInForm(testEmail, testPassword, "/"), nil)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "tạm khoá") || len(resp.Cookies()) != 0 {
		t.Fatalf("the right password while locked: %d\n%s", resp.StatusCode, body)
	}
	now := rg.now
	rg.srv.Close()
	rg.store.Close()

	// A new server on the same database: still locked, until the lock ends.
	rg2 := newSignInRig(t, db)
	rg2.now = now.Add(5 * time.Minute)
	resp, body = rg2.post(t, "/signin", signInForm(testEmail, testPassword, "/"), map[string]string{"Cookie": "lang=en"})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "The account is locked") {
		t.Fatalf("after a restart: %d\n%s", resp.StatusCode, body)
	}
	rg2.now = now.Add(scoring.LockFor + time.Minute)
	if resp, _ := rg2.post(t, "/signin", signInForm(testEmail, testPassword, "/"), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("after the lock: %d", resp.StatusCode)
	}
}

func TestSignInAddressLimit(t *testing.T) {
	rg := newSignInRig(t, filepath.Join(t.TempDir(), "s.db"))
	var last int
	for i := range signInBurst + 1 {
		// A new email each time: the address is limited, not the account.
		resp, _ := rg.post(t, "/signin", signInForm(fmt.Sprintf("ai-do-%d@example.vn", i), "sai-mật-khẩu-rồi", "/"), nil)
		last = resp.StatusCode
		if i < signInBurst && last != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, last)
		}
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("attempt %d from one address: %d, want 429", signInBurst+1, last)
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/": "/", "/day?date=2026-12-03": "/day?date=2026-12-03", "": "", "//evil.example/x": "",
		"https://evil.example/": "", "/\\evil.example": "", "day": "", "/signin?next=/": "", "/x\r\nSet-Cookie: a=b": "",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}
