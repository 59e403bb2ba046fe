package scoring

import (
	"context"
	"encoding/json"
	"time"
)

// AuditEntry is one administrative act in the audit trail: who (Actor) did
// what (Action) to what (Subject), when, with the particulars in Detail (a
// JSON object). The trail is append-only: stores refuse to change or
// delete an entry. It is generic on purpose, so that later acts (a
// dashboard's sign-ins and exports) fit it unchanged.
type AuditEntry struct {
	At      time.Time
	Actor   string // "cli:<os user>", "kiosk:<hostname>@<address>", …
	Action  string // one of the Act* constants
	Subject string // "centre:<id>", "officer:<centre>/<id>", "enrol_code:<hash prefix>", "kiosk:<id>"
	Detail  string // a JSON object, "" when none
}

// Audit actions.
const (
	ActCentreAdd       = "centre.add"
	ActCentreUpdate    = "centre.update"
	ActOfficerAdd      = "officer.add"
	ActOfficerUpdate   = "officer.update"
	ActOfficerRemove   = "officer.remove"
	ActEnrolCodeCreate = "enrol_code.create"
	// ActKioskEnrol is a first enrolment of a kiosk id; ActKioskReEnrol the
	// enrolment of an id already enrolled, which gives it a new token and
	// revokes the old one: a repair, or a take-over.
	ActKioskEnrol   = "kiosk.enrol"
	ActKioskReEnrol = "kiosk.re_enrol"
	// ActKioskEnrolFailed is an enrolment attempt refused by the code
	// check (unknown, used, expired, the kiosk id taken) or as malformed.
	ActKioskEnrolFailed = "kiosk.enrol_failed"
	ActKioskRevoke      = "kiosk.revoke"
)

// SubjectCentre names a centre as an audit subject; the other Subject*
// functions likewise, so that every writer names subjects alike.
func SubjectCentre(id string) string { return "centre:" + id }

// SubjectOfficer names an officer of a centre.
func SubjectOfficer(centre, id string) string { return "officer:" + centre + "/" + id }

// SubjectKiosk names a kiosk.
func SubjectKiosk(id string) string { return "kiosk:" + id }

// SubjectEnrolCode names an enrolment code by its reference (CodeRef).
func SubjectEnrolCode(codeHash string) string { return "enrol_code:" + CodeRef(codeHash) }

// CodeRef is the short reference of an enrolment code in the audit trail:
// the first 12 hex digits of its hash, enough to match an enrolment to
// the code's creation without writing the code.
func CodeRef(codeHash string) string {
	if len(codeHash) > 12 {
		return codeHash[:12]
	}
	return codeHash
}

// AuditDetail encodes fields as an entry's Detail: a JSON object, keys
// sorted. Values are strings, numbers, booleans and lists of them, which
// cannot fail to encode.
func AuditDetail(fields map[string]any) string {
	b, _ := json.Marshal(fields)
	return string(b)
}

// AuditFilter selects entries of the audit trail.
type AuditFilter struct {
	Since   time.Time // zero: from the start
	Subject string    // "": every subject
}

// actorKey is the context key of the actor of an administrative act.
type actorKey struct{}

// WithActor returns ctx carrying the actor of the acts done with it, which
// stores write into the audit trail. The command line sets
// "cli:<os user>"; the enrolment handler "kiosk:<hostname>@<address>".
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor WithActor set, "unknown" when none.
func ActorFrom(ctx context.Context) string {
	if a, ok := ctx.Value(actorKey{}).(string); ok && a != "" {
		return a
	}
	return "unknown"
}
