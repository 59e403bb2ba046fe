package dashboard

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"hailong/kiosk/internal/browsertest"
)

// TestRefreshWithAndWithoutJavaScript checks a page that asks for a
// refresh reloads itself with JavaScript on (refresh.js) and off (the
// <noscript> meta refresh), and that with JavaScript off the tables folded
// under the charts still open.
func TestRefreshWithAndWithoutJavaScript(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	s, err := NewSite(Options{})
	if err != nil {
		t.Fatal(err)
	}
	var hits atomic.Int32
	mux := http.NewServeMux()
	s.Routes(mux)
	mux.HandleFunc("GET /live", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		l := LangOf(r)
		s.Render(w, r, http.StatusOK, "preview", Page{Title: "live", Refresh: 1, Data: previewData(l)})
	})
	srv := httptest.NewServer(s.WithLang(mux))
	defer srv.Close()
	ctx := browsertest.New(t, browsertest.Desktop, 60*time.Second)

	reloads := func(what string) {
		t.Helper()
		hits.Store(0)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/live"), chromedp.Sleep(3500*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		if n := hits.Load(); n < 2 {
			t.Errorf("%s: the page was loaded %d times in 3.5 s with a 1 s refresh", what, n)
		}
	}
	reloads("JavaScript on")

	noJS := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	if err := chromedp.Do(ctx, noJS); err != nil {
		t.Fatal(err)
	}
	reloads("JavaScript off")

	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/live"),
		chromedp.Click(chromedp.CSS("details.figures summary")),
		chromedp.WaitVisible(chromedp.CSS("details.figures[open] table")),
	); err != nil {
		t.Errorf("with JavaScript off the chart's table does not open: %v", err)
	}
}
