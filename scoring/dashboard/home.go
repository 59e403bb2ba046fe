package dashboard

import (
	"net/http"

	"hailong/kiosk/scoring"
)

// homeData is the Today page's data until its figures arrive: who is
// signed in and what they may see.
type homeData struct {
	Name, Email string
	Admin       bool
	CentreID    string
}

// home is the Today page.
func (a *App) home(w http.ResponseWriter, r *http.Request) {
	u, _ := UserOf(r)
	l := LangOf(r)
	a.site.Render(w, r, http.StatusOK, "home", Page{Title: l.T("nav.today"), Nav: "today", User: &User{Name: u.Name},
		Data: homeData{Name: u.Name, Email: u.Email, Admin: u.Role == scoring.RoleAdmin, CentreID: u.CentreID}})
}
