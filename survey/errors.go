package survey

import "errors"

// Errors of the counter's state, which every adapter maps in its own way:
// the local API to an HTTP status and code (localapi), the command line to
// a sentence, the screens to what they show.
var (
	// ErrNotInviteMode: an invitation to rate was asked of a kiosk in open
	// mode, where every citizen may rate without one.
	ErrNotInviteMode = errors.New("the kiosk is not in invite mode")
	// ErrCounterClosed: no officer is signed in, so no rating is taken.
	ErrCounterClosed = errors.New("no officer is signed in at this counter")
	// ErrInvitationOpen: one invitation admits one rating; the open one
	// has not been used or expired yet.
	ErrInvitationOpen = errors.New("an invitation is already open")
	// ErrBusy: a citizen is in the middle of a rating, or a staff screen
	// is open, and the change would abandon it.
	ErrBusy = errors.New("the kiosk is busy: a rating or a staff screen is open")
	// ErrUnknownOfficer: the officer is not on this counter's roster.
	ErrUnknownOfficer = errors.New("no such officer on this counter's roster")
	// ErrUnavailable: the kiosk cannot take ratings now (its store fails).
	ErrUnavailable = errors.New("the kiosk cannot take ratings now")
)
