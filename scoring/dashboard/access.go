package dashboard

import "hailong/kiosk/scoring"

// mayShowCentre reports whether u may see centre id: an administrator
// every centre, a manager their own. Handlers answer ErrNotFound
// otherwise, never ErrForbidden, so another centre's page reveals nothing,
// not even that it exists.
func mayShowCentre(u scoring.User, id string) bool {
	return u.Role == scoring.RoleAdmin || u.CentreID == id
}
