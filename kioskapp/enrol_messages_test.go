package kioskapp

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestEnrolErrorsArePlain: each way enrolment fails gives one sentence, in
// Vietnamese and then English, that says what to do, once, without the
// protocol's jargon; a server that never answers is given up on after a
// bounded wait, not 30 s and "context deadline exceeded".
func TestEnrolErrorsArePlain(t *testing.T) {
	defer func(w time.Duration) { enrolWait = w }(enrolWait)

	jsonAnswer := func(status int, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			w.Write([]byte(body))
		}
	}
	cases := []struct {
		name    string
		handler http.Handler
		path    string // appended to the server's URL
		https   string // "plain": https:// to a plain-HTTP server
		want    []string
		maxTime time.Duration
	}{
		{name: "invalid code", handler: jsonAnswer(400, `{"error":{"code":"invalid_code","message":"enrolment code unknown, used or expired"}}`),
			want: []string{"Mã đăng ký sai, đã dùng hoặc đã hết hạn", "xin quản trị viên mã mới", "wrong, already used or expired", "ask the administrator for a new one"}},
		{name: "kiosk taken", handler: jsonAnswer(409, `{"error":{"code":"kiosk_taken","message":"x"}}`),
			want: []string{"đã được đăng ký cho quầy khác", "registered to another counter"}},
		{name: "wrong path", handler: http.NotFoundHandler(), path: "/diem",
			want: []string{"không có trang đăng ký", "--server", "no enrolment page", "only the server's address"}},
		{name: "server error", handler: jsonAnswer(500, `{"error":{"code":"internal","message":"x"}}`),
			want: []string{"Máy chủ đang lỗi", "thử lại sau", "server has an error", "try again"}},
		{name: "never answers", handler: nil, // a listener that accepts and never answers
			want: []string{"không trả lời sau 1 giây", "did not answer within 1s", "check the network"}, maxTime: 5 * time.Second},
		{name: "https to plain http", handler: jsonAnswer(200, `{}`), https: "plain",
			want: []string{"không dùng https", "http://", "answers plain HTTP, not HTTPS"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var url string
			if c.handler == nil {
				url = "http://" + silentServer(t)
			} else {
				srv := httptest.NewServer(c.handler)
				defer srv.Close()
				url = srv.URL + c.path
			}
			if c.https == "plain" {
				url = "https://" + strings.TrimPrefix(url, "http://")
			}
			// 1 s only where the server never answers: a loaded machine
			// may take longer than that to answer a 400.
			enrolWait = 15 * time.Second
			if c.maxTime != 0 {
				enrolWait = time.Second
			}
			start := time.Now()
			_, stderr, err := runCmd(t, "", "enrol", "--data-dir", t.TempDir(), "--server", url, "--code", "ABCD-EFGH")
			took := time.Since(start)
			if err == nil {
				t.Fatal("enrolled")
			}
			msg := err.Error()
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("does not say %q:\n%s", w, msg)
				}
			}
			for _, bad := range []string{"bad_request", "HTTP 400", "invalid_code", "context deadline exceeded", "\n", "enrol:", "404 page not found"} {
				if strings.Contains(msg, bad) {
					t.Errorf("says %q:\n%s", bad, msg)
				}
			}
			if vi, en, ok := strings.Cut(msg, " / "); !ok || vi == "" || en == "" {
				t.Errorf("not Vietnamese / English: %s", msg)
			}
			if stderr != "" {
				t.Errorf("printed besides the error:\n%s", stderr)
			}
			if c.maxTime != 0 && took > c.maxTime {
				t.Errorf("took %v, want at most %v", took, c.maxTime)
			}
		})
	}
	// Refused before any request: each is still one plain sentence in both
	// languages.
	for _, c := range []struct {
		name string
		args []string
		want []string
	}{
		{"plain http to another machine", []string{"--server", "http://diem.example.gov.vn", "--code", "X"}, []string{"dùng http", "use https://"}},
		{"not a URL", []string{"--server", "diem example", "--code", "X"}, []string{"không phải địa chỉ máy chủ", "not a server address"}},
		{"no code", []string{"--server", "https://diem.example.gov.vn"}, []string{"Thiếu --server hoặc --code", "needs both"}},
		{"missing CA file", []string{"--server", "https://diem.example.gov.vn", "--code", "X", "--ca-file", "/nope/ca.pem"}, []string{"Không đọc được tệp chứng chỉ", "check the --ca-file path"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := runCmd(t, "", append([]string{"enrol", "--data-dir", t.TempDir()}, c.args...)...)
			if err == nil {
				t.Fatal("enrolled")
			}
			msg := err.Error()
			vi, en, ok := strings.Cut(msg, " / ")
			if !ok || vi == "" || en == "" {
				t.Errorf("not Vietnamese / English: %s", msg)
			}
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("does not say %q:\n%s", w, msg)
				}
			}
		})
	}
	t.Run("nothing listens", func(t *testing.T) {
		ln, _ := net.Listen("tcp4", "127.0.0.1:0")
		url := "http://" + ln.Addr().String()
		ln.Close()
		_, _, err := runCmd(t, "", "enrol", "--data-dir", t.TempDir(), "--server", url, "--code", "ABCD-EFGH")
		if err == nil || !strings.Contains(err.Error(), "Không kết nối được máy chủ") || !strings.Contains(err.Error(), "check the network") || strings.Contains(err.Error(), "connection refused") {
			t.Fatalf("%v", err)
		}
	})
}

// silentServer accepts connections and never answers; it returns its
// address.
func silentServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}
