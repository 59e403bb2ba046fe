package dashboard

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"hailong/kiosk/scoring"
)

// sessionCookie holds the session token; only its hash is stored.
const sessionCookie = "hl_session"

type userKey struct{}

// UserOf returns the signed-in user of a request that passed requireUser.
func UserOf(r *http.Request) (scoring.User, bool) {
	u, ok := r.Context().Value(userKey{}).(scoring.User)
	return u, ok
}

// requireUser serves h to a request with a live session, with its user in
// the context; any other goes to the sign-in page, which brings it back.
func (a *App) requireUser(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err == nil {
			_, u, err := scoring.Authenticate(r.Context(), a.store, c.Value, a.now())
			if err == nil {
				h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey{}, u)))
				return
			}
			if !errors.Is(err, scoring.ErrNoSession) {
				a.site.Error(w, r, err)
				return
			}
		}
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
	})
}

// signInData is the sign-in form's data.
type signInData struct {
	Email, Next, Error string
}

func (a *App) signInPage(w http.ResponseWriter, r *http.Request) {
	a.renderSignIn(w, r, http.StatusOK, signInData{Next: localPath(r.URL.Query().Get("next"))})
}

func (a *App) renderSignIn(w http.ResponseWriter, r *http.Request, status int, d signInData) {
	a.site.Render(w, r, status, "signin", Page{Title: LangOf(r).T("signin.title"), Data: d})
}

// signIn checks the form, and on success sets a new session cookie and
// goes where the user was heading. Every refusal says the same thing but
// for a lock, which says until when.
func (a *App) signIn(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		a.site.Error(w, r, paramErr("form", "", "biểu mẫu đăng nhập không đọc được; hãy tải lại trang", "the sign-in form could not be read; reload the page"))
		return
	}
	l := LangOf(r)
	d := signInData{Email: r.PostForm.Get("email"), Next: localPath(r.PostForm.Get("next"))}
	remote := clientAddress(r)
	if !a.gate.allow(remote, a.now()) {
		d.Error = l.T("signin.slow")
		a.renderSignIn(w, r, http.StatusTooManyRequests, d)
		return
	}
	now := a.now()
	token, err := scoring.SignIn(r.Context(), a.store, d.Email, r.PostForm.Get("password"), now, remote)
	var locked *scoring.LockedError
	switch {
	case errors.As(err, &locked):
		d.Error = l.T("signin.locked", scoring.MaxFailures, int(scoring.FailureWindow/time.Minute),
			locked.Until.In(dashboardZone).Format("15:04"))
		a.renderSignIn(w, r, http.StatusForbidden, d)
		return
	case errors.Is(err, scoring.ErrBadCredentials):
		d.Error = l.T("signin.bad")
		a.renderSignIn(w, r, http.StatusUnauthorized, d)
		return
	case err != nil:
		a.site.Error(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil, MaxAge: int(scoring.SessionAbsolute / time.Second)})
	next := d.Next
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// signOut ends the session and clears the cookie.
func (a *App) signOut(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := scoring.SignOut(r.Context(), a.store, c.Value, a.now()); err != nil {
			a.site.Error(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil, MaxAge: -1})
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// localPath keeps next only when it is a path on this site, so that the
// sign-in form cannot send a user elsewhere ("//evil", "https://…", "/\evil").
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") ||
		len(next) > 512 || strings.HasPrefix(next, "/signin") {
		return ""
	}
	return next
}

// clientAddress is the request's remote address without its port.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
