package protocol

// Invitation counts ride on the heartbeat (docs/API.md §7): the server
// sees only the invitations that were answered (a response carries its
// invitation_id), so it cannot compute a response rate (SPEC §7) without
// the kiosk telling it how many it issued.
//
// Each heartbeat carries absolute counts for each officer and local day of
// the last InvitationDays days that have invitations, never increments:
// the server replaces what it holds for (kiosk, day, officer), so a
// heartbeat sent twice changes nothing and a lost one loses nothing (the
// next carries the same days, brought up to date).

// Bounds of Heartbeat.Invitations.
const (
	// InvitationDays is how many local days a kiosk reports: today and the
	// days before it, those with invitations only.
	InvitationDays = 8
	// MaxInvitationCounts bounds the entries of one heartbeat: 8 days of
	// 32 officers at one counter, well inside the 64 KiB body limit.
	MaxInvitationCounts = 256
	// MaxInvitationsPerDay bounds each count: one officer issuing an
	// invitation every 9 seconds for 24 hours. More is not a counter at
	// work, and the server refuses the entry.
	MaxInvitationsPerDay = 10000
	// InvitationDaysBack is how many days before the centre's today the
	// server still accepts a count for; InvitationDays plus a margin for a
	// kiosk whose clock or zone is off.
	InvitationDaysBack = 10
)

// InvitationCount is one officer's invitations on one local day at the
// kiosk that sends it. Day is the kiosk's local calendar day of issue
// ("YYYY-MM-DD", from the invitation's created_at with the kiosk's UTC
// offset), which the server takes as the centre's local day: the kiosk
// stands in the centre, and a counter's opening hours are far from
// midnight, where a zone that differs by a few hours could move an
// invitation to another day. Officer is the officer signed in when the
// invitation was issued. Used counts the invitations a rating was saved
// for, Expired those that ran out unanswered; the rest are still open.
type InvitationCount struct {
	Day       string `json:"day"`
	OfficerID string `json:"officer_id"`
	Issued    int    `json:"issued"`
	Used      int    `json:"used"`
	Expired   int    `json:"expired"`
}

// Why the server ignored an invitation count (HeartbeatResult's
// InvitationsIgnored).
const (
	IgnoredUnknownOfficer = "unknown_officer" // not in the roster of the kiosk's centre
	IgnoredOldDay         = "old_day"         // more than InvitationDaysBack days before the centre's today
	IgnoredFutureDay      = "future_day"      // after the centre's tomorrow: the kiosk's clock is wrong
	IgnoredImplausible    = "implausible"     // over MaxInvitationsPerDay, or used + expired over issued
	IgnoredDuplicate      = "duplicate"       // the same day and officer twice in one heartbeat: both ignored
)

// IgnoredCount is an entry of Heartbeat.Invitations that the server did
// not store, by its index, and why.
type IgnoredCount struct {
	Index  int    `json:"index"`
	Reason string `json:"reason"`
	Detail string `json:"detail,omitempty"`
}
