package scoring

import (
	"context"
	"time"
)

// The response rate of SPEC §7 is ratings ÷ invitations, in invite mode.
// The server sees only the invitations that were answered (a response
// carries its invitation_id), so each kiosk reports how many it issued,
// per local day and officer, on its heartbeat (protocol.InvitationCount),
// as absolute counts that replace what is stored: a repeated heartbeat
// changes nothing, and a lost one is made good by the next.
//
// Day is the kiosk's local day of issue, stored as the centre's local day:
// the kiosk stands in the centre, and invitations are issued in opening
// hours, hours away from any midnight that a kiosk in a slightly different
// zone could put on the other side.

// InvitationCount is one kiosk's count of one officer's invitations on
// one day, as stored.
type InvitationCount struct {
	KioskID   string
	CentreID  string // the kiosk's centre and counter when the count was first stored
	CounterID string
	OfficerID string
	Day       Date
	Issued    int // invitations issued
	Used      int // of those, answered by a rating
	Expired   int // of those, run out unanswered; the rest are still open
	UpdatedAt time.Time
}

// InvitationQuery selects stored counts of CentreIDs (at least one) on
// days From to To, both included, optionally of one officer.
type InvitationQuery struct {
	CentreIDs []string
	From, To  Date
	OfficerID string // "" for every officer
}

// InvitationStore keeps the kiosks' invitation counts.
type InvitationStore interface {
	// RecordInvitationCounts stores counts of one kiosk, in one unit of
	// work: each replaces the kiosk's count of the same day and officer
	// (the kiosk sends absolute counts), and counts of other days and
	// officers stay. CentreID and CounterID are the kiosk's enrolment when
	// the count was first stored, and stay when it is replaced: a kiosk
	// enrolled anew at another counter does not take its past days along.
	// KioskID is kioskID, UpdatedAt is at. ErrNotFound: no such kiosk.
	RecordInvitationCounts(ctx context.Context, kioskID string, counts []InvitationCount, at time.Time) error
	// InvitationCounts returns the stored counts of q, one per kiosk, day
	// and officer, ordered by centre, day, counter, officer and kiosk. An
	// error when q names no centre or To is before From.
	InvitationCounts(ctx context.Context, q InvitationQuery) ([]InvitationCount, error)
}

// InvitationTotals are invitation counts summed over kiosks and days.
type InvitationTotals struct {
	Issued, Used, Expired int
}

// Add adds c to t.
func (t *InvitationTotals) Add(c InvitationCount) {
	t.Issued += c.Issued
	t.Used += c.Used
	t.Expired += c.Expired
}

// InvitationsByOfficer sums counts per officer.
func InvitationsByOfficer(cs []InvitationCount) map[string]InvitationTotals {
	out := map[string]InvitationTotals{}
	for _, c := range cs {
		t := out[c.OfficerID]
		t.Add(c)
		out[c.OfficerID] = t
	}
	return out
}
