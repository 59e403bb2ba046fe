package localapi

import "hailong/kiosk/survey"

// Controller is what the API drives; the screens package implements it.
// Its methods are called from HTTP goroutines, concurrently: an
// implementation must be safe for that, and reach widgets only through
// fyne.Do.
//
// Errors should be (or wrap) the domain's Err values (survey/errors.go), which the API
// answers with their own status and code; any other error is answered 500
// and logged.
type Controller interface {
	// Invite opens an invitation to rate, in invite mode, and returns its
	// id. ticket and dossierCode may be empty; they are printable ASCII of
	// at most 64 bytes.
	Invite(ticket, dossierCode string) (invitationID string, err error)
	// SignIn signs officer officerID in at the counter.
	SignIn(officerID string) error
	// SignOut signs the current officer out, closing the counter.
	SignOut() error
	// Status reports the kiosk's state.
	Status() Status
}

// Status is the kiosk's state as GET /status reports it.
type Status struct {
	Mode           string `json:"mode"`            // trigger mode: "open" or "invite"
	OfficerID      string `json:"officer_id"`      // "" when the counter is closed
	InvitationOpen bool   `json:"invitation_open"` // an invitation waits for its rating
}

// Errors a Controller returns, each answered with its own status and code.
// They are the domain's (survey), named here so that a Controller and its
// tests need not import the domain to speak them.
var (
	ErrNotInviteMode  = survey.ErrNotInviteMode
	ErrCounterClosed  = survey.ErrCounterClosed
	ErrInvitationOpen = survey.ErrInvitationOpen
	ErrBusy           = survey.ErrBusy
	ErrUnknownOfficer = survey.ErrUnknownOfficer
	ErrUnavailable    = survey.ErrUnavailable
)

// controllerErrors maps Controller errors to HTTP. The message sent is the
// sentinel's, never the wrapped chain, which may hold internal detail.
var controllerErrors = []struct {
	err    error
	status int
	code   string
}{
	{ErrNotInviteMode, 409, "not_invite_mode"},
	{ErrCounterClosed, 409, "counter_closed"},
	{ErrInvitationOpen, 409, "invitation_open"},
	{ErrBusy, 409, "busy"},
	{ErrUnknownOfficer, 404, "unknown_officer"},
	{ErrUnavailable, 503, "unavailable"},
}
