package dashboard

import (
	"net/http"
	"slices"

	"hailong/kiosk/scoring"
)

// pageCentre resolves the centre of a page from ?centre=ID: a manager's
// own centre by default, an administrator's choice or the first centre.
// A centre the user may not see, or that does not exist, is ErrNotFound;
// a malformed id a ParamError. It also returns every centre, for an
// administrator's picker.
func (a *App) pageCentre(r *http.Request, u scoring.User) (scoring.Centre, []scoring.Centre, error) {
	q := r.URL.Query()
	id := u.CentreID
	if q.Has("centre") {
		v, err := ParseID("centre", q.Get("centre"))
		if err != nil {
			return scoring.Centre{}, nil, err
		}
		id = v
	}
	centres, err := a.store.Centres(r.Context())
	if err != nil {
		return scoring.Centre{}, nil, err
	}
	if id == "" && u.Role == scoring.RoleAdmin && len(centres) > 0 {
		id = centres[0].ID
	}
	i := slices.IndexFunc(centres, func(c scoring.Centre) bool { return c.ID == id })
	if i < 0 || !mayShowCentre(u, id) {
		return scoring.Centre{}, nil, ErrNotFound
	}
	return centres[i], centres, nil
}

// centreLinks are an administrator's centres for a picker; none for a
// manager, who sees one centre.
func centreLinks(u scoring.User, centres []scoring.Centre, current string) []centreLink {
	if u.Role != scoring.RoleAdmin {
		return nil
	}
	var out []centreLink
	for _, c := range centres {
		out = append(out, centreLink{ID: c.ID, Name: c.Name, Current: c.ID == current})
	}
	return out
}
