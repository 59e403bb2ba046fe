package survey

import (
	"context"
	"time"
)

// Invitation statuses.
const (
	InvitationOpen    = "open"
	InvitationUsed    = "used"
	InvitationExpired = "expired"
)

// Invitation is an officer's request for a rating in invite mode (F9 or
// POST /trigger). One invitation admits one rating.
type Invitation struct {
	ID          string
	Source      string // "hotkey" or "api"
	OfficerID   string // the officer signed in when it was issued: whose response rate it counts in
	Ticket      string
	DossierCode string
	CreatedAt   time.Time
	ExpiresAt   time.Time
	Status      string
	ResponseID  string
}

// InvitationCount is one officer's invitations of one local day, as the
// kiosk reports them to the server for the response rate (SPEC §7): Day is
// the kiosk's local calendar day of issue ("YYYY-MM-DD"); Used counts those
// a rating was saved for, Expired those that ran out unanswered, and the
// rest (Issued − Used − Expired) are still open.
type InvitationCount struct {
	Day                   string
	OfficerID             string
	Issued, Used, Expired int
}

// Shift events.
const (
	ShiftSignIn  = "sign_in"
	ShiftSignOut = "sign_out"
)

// ShiftEvent records an officer signing in to or out of the counter.
type ShiftEvent struct {
	OfficerID string
	Kind      string // ShiftSignIn or ShiftSignOut
	Source    string // "pin", "api", "demo"
	At        time.Time
}

// Stats is what the technician screen shows about the local store.
type Stats struct {
	KioskID        string
	ResponsesToday int
	ResponsesTotal int
	Pending        int // not yet acknowledged by the server
	LastSeq        int64
	DBBytes        int64
	DiskFreeBytes  int64
	DataDir        string
}

// Recorder is what the kiosk screens need from the local store. Every method
// commits durably before it returns nil.
type Recorder interface {
	// SaveResponse assigns id, kiosk_id, seq and the hash chain to r, commits
	// it, and returns the stored response.
	SaveResponse(ctx context.Context, r Response) (Response, error)
	RecordInvitation(ctx context.Context, inv Invitation) error
	// CloseInvitation marks an open invitation used (with the response id)
	// or expired.
	CloseInvitation(ctx context.Context, id, status, responseID string, at time.Time) error
	RecordShift(ctx context.Context, e ShiftEvent) error
	// CurrentOfficer returns the officer signed in now, "" when none, and
	// whether any shift was ever recorded.
	CurrentOfficer(ctx context.Context) (officerID string, everSignedIn bool, err error)
	// PINLockStore keeps the PIN lock-out of each scope (TryPIN).
	PINLockStore
	Stats(ctx context.Context, now time.Time) (Stats, error)
}
