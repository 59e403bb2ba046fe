package dashboard

import (
	"log/slog"
	"net/http"
	"time"

	"hailong/kiosk/scoring"
)

// AppStore is what the dashboard reads and writes: users and their
// sessions, the centres, the fleet, the reports and the kiosks' invitation
// counts.
type AppStore interface {
	scoring.UserStore
	scoring.FleetStore
	scoring.RosterStore
	scoring.ReportStore
	ResponseExporter
	scoring.AlertStore
	scoring.InvitationStore
}

// App is the dashboard mounted at "/" of the scoring server: sign-in,
// sign-out and the pages behind them.
type App struct {
	site  *Site
	store AppStore
	log   *slog.Logger
	now   func() time.Time
	gate  *signInGate
}

// AppOptions configure an App.
type AppOptions struct {
	Site Options
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// NewApp builds the dashboard over st.
func NewApp(st AppStore, opts AppOptions) (*App, error) {
	site, err := NewSite(opts.Site)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &App{site: site, store: st, log: site.opts.Logger, now: now, gate: newSignInGate()}, nil
}

// Handler is the dashboard's handler: every state-changing request passes
// net/http's CrossOriginProtection (Sec-Fetch-Site and Origin checks), the
// language is resolved, and every page but sign-in needs a session.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	a.site.Routes(mux)
	mux.HandleFunc("GET /signin", a.signInPage)
	mux.HandleFunc("POST /signin", a.signIn)
	mux.HandleFunc("POST /signout", a.signOut)
	mux.Handle("GET /{$}", a.requireUser(http.HandlerFunc(a.home)))
	mux.Handle("GET /day", a.requireUser(http.HandlerFunc(a.day)))
	mux.Handle("GET /trends", a.requireUser(http.HandlerFunc(a.trends)))
	mux.Handle("GET /officer", a.requireUser(http.HandlerFunc(a.officer)))
	mux.Handle("GET /export", a.requireUser(http.HandlerFunc(a.export)))
	mux.Handle("GET /fleet", a.requireUser(http.HandlerFunc(a.fleet)))
	mux.Handle("GET /fleet/revoke", a.requireUser(http.HandlerFunc(a.revokePage)))
	mux.Handle("POST /fleet/revoke", a.requireUser(http.HandlerFunc(a.revoke)))
	mux.Handle("GET /alerts", a.requireUser(http.HandlerFunc(a.alerts)))
	mux.Handle("POST /alerts/ack", a.requireUser(http.HandlerFunc(a.ackAlert)))
	mux.Handle("POST /alerts/close", a.requireUser(http.HandlerFunc(a.closeAlert)))
	mux.Handle("/", a.requireUser(a.site.NotFound()))
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.site.Error(w, r, ErrForbidden)
	}))
	return cop.Handler(a.site.WithLang(mux))
}
