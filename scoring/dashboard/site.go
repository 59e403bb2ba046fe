package dashboard

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
)

//go:embed templates
var templateFS embed.FS

// Options configure a Site.
type Options struct {
	// Demo shows the demo-data banner on every page (issue 10 item 7).
	Demo bool
	// Logger receives server errors; nil is slog.Default().
	Logger *slog.Logger
}

// Site holds what every page shares: the parsed templates, the static
// files and the options. It is safe for concurrent use.
type Site struct {
	opts   Options
	pages  map[string]*template.Template
	static *assets
}

// NewSite parses the embedded templates and fingerprints the static files.
// An error here is a programming error in the templates, found at start.
func NewSite(opts Options) (*Site, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	st, err := loadAssets()
	if err != nil {
		return nil, err
	}
	s := &Site{opts: opts, pages: map[string]*template.Template{}, static: st}
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("list page templates: %w", err)
	}
	for _, f := range files {
		t, err := template.New(path.Base(f)).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", f)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		s.pages[path.Base(f[:len(f)-len(".html")])] = t
	}
	return s, nil
}

// Page is what a handler gives the layout.
type Page struct {
	Title   string // already translated; the browser tab shows it before the product name
	Nav     string // the key of the current navigation item ("today", "day", …)
	Refresh int    // seconds between automatic reloads; 0 for none
	User    *User  // nil before sign-in
	Data    any    // the page template's own data
}

// User is who is signed in, as the header shows it.
type User struct {
	Name string
}

// view is the data of the layout template.
type view struct {
	Page
	Lang      Lang
	Demo      bool
	CSS, JS   string
	Icon      string
	Nav       []navLink
	LangLinks []langLink
}

type navLink struct {
	Label, URL string
	Current    bool
}

type langLink struct {
	Lang       Lang
	Code, Name string
	URL        string
	Current    bool
}

// navItems are the dashboard's sections in the order of the menu. The
// paths are the pages' routes; they live here so the menu has one source.
// An item whose page is not built yet is left out of the menu, so that
// no link leads to a 404.
var navItems = []struct {
	key, path string
	built     bool
}{
	{"today", "/", true},
	{"day", "/day", true},
	{"trends", "/trends", true},
	{"fleet", "/fleet", true},
	{"alerts", "/alerts", true},
}

// Render writes page name with status. The page is rendered to a buffer
// first, so a template error is a clean 500 page, never half a page.
func (s *Site) Render(w http.ResponseWriter, r *http.Request, status int, name string, p Page) {
	t, ok := s.pages[name]
	if !ok {
		s.serverError(w, r, fmt.Errorf("no page template %q", name))
		return
	}
	lang := LangOf(r)
	v := view{Page: p, Lang: lang, Demo: s.opts.Demo, CSS: s.static.url("dashboard.css"), JS: s.static.url("refresh.js"),
		Icon: s.static.url("favicon.svg")}
	for _, it := range navItems {
		if !it.built {
			continue
		}
		v.Nav = append(v.Nav, navLink{Label: lang.T("nav." + it.key), URL: it.path, Current: it.key == p.Nav})
	}
	for _, l := range Langs {
		v.LangLinks = append(v.LangLinks, langLink{Lang: l, Code: strings.ToUpper(string(l)), Name: lang.T("lang." + string(l)),
			URL: withLang(r.URL, l), Current: l == lang})
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.serverError(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Pages hold a centre's figures: never cached, never framed, and
	// nothing but our own stylesheet and script may load.
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// withLang returns the path and query of u with lang set to l: the
// language toggle keeps the page and its filters.
func withLang(u *url.URL, l Lang) string {
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		q = url.Values{}
	}
	q.Set("lang", string(l))
	return (&url.URL{Path: u.Path, RawQuery: q.Encode()}).String()
}

type langKey struct{}

// LangOf returns the language of the request: the one WithLang chose, or,
// for a request that did not pass through it (or whose lang parameter was
// bad), the cookie's language, else Vietnamese.
func LangOf(r *http.Request) Lang {
	if l, ok := r.Context().Value(langKey{}).(Lang); ok {
		return l
	}
	if l, err := requestLang(r); err == nil {
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil && (Lang(c.Value) == VI || Lang(c.Value) == EN) {
		return Lang(c.Value)
	}
	return VI
}

// WithLang resolves the language of each request before h runs: a valid
// ?lang= also sets the lang cookie, so the choice holds on the next pages;
// a bad one is a 400 page.
func (s *Site) WithLang(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l, err := requestLang(r)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		if r.URL.Query().Has("lang") {
			http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
		}
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), langKey{}, l)))
	})
}

// Routes registers the routes every dashboard needs on mux: the static
// files. Pages register their own.
func (s *Site) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /static/", s.serveStatic)
}
