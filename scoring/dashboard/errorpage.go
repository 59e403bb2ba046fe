package dashboard

import (
	"errors"
	"net/http"
	"strconv"
)

// Errors a page handler returns for the error page to map. A manager who
// asks for another centre's page gets ErrNotFound, never ErrForbidden, so
// the answer reveals nothing (issue 10 item 3).
var (
	ErrNotFound  = errors.New("dashboard: not found")
	ErrForbidden = errors.New("dashboard: forbidden")
)

type errorData struct {
	Status int
	Detail string // what was wrong, for a 400
	What   string // what to do
}

// Error answers with the error page in the user's language: 400 with the
// ParamError's sentence, 404, 403, and 500 for anything else (logged, and
// never for bad input: every parser returns a ParamError).
func (s *Site) Error(w http.ResponseWriter, r *http.Request, err error) {
	var pe *ParamError
	switch {
	case errors.As(err, &pe):
		s.errorPage(w, r, http.StatusBadRequest, pe.Message(LangOf(r)))
	case errors.Is(err, ErrNotFound):
		s.errorPage(w, r, http.StatusNotFound, "")
	case errors.Is(err, ErrForbidden):
		s.errorPage(w, r, http.StatusForbidden, "")
	default:
		s.serverError(w, r, err)
	}
}

// NotFound answers every path no page claims.
func (s *Site) NotFound() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.Error(w, r, ErrNotFound) })
}

func (s *Site) errorPage(w http.ResponseWriter, r *http.Request, status int, detail string) {
	l := LangOf(r)
	key := "error." + strconv.Itoa(status)
	p := Page{Title: l.T(key + ".title"), Data: errorData{Status: status, Detail: detail, What: l.T(key + ".what")}}
	if u, ok := UserOf(r); ok { // signed in: the menu and sign-out stay
		p.User = &User{Name: u.Name}
	}
	s.Render(w, r, status, "error", p)
}

// serverError logs err and writes a plain 500 page; it must not call
// Render, which calls it when a template fails.
func (s *Site) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.opts.Logger.Error("dashboard", "path", r.URL.Path, "err", err)
	l := LangOf(r)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write([]byte(`<!DOCTYPE html><html lang="` + string(l) + `"><meta charset="utf-8"><title>500</title><h1>` +
		l.T("error.500.title") + `</h1><p>` + l.T("error.500.what") + `</p></html>`))
}
