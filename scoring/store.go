package scoring

import (
	"context"
	"errors"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// Errors a store returns; the kiosk API maps them to protocol error codes
// (kioskapi/errors.go) and the command line prints them.
var (
	// ErrNotFound: no such centre, officer, kiosk or photo.
	ErrNotFound = errors.New("not found")
	// ErrUnauthorized: the token is unknown or its kiosk is revoked.
	ErrUnauthorized = errors.New("unknown or revoked token")
	// ErrCodeUnknown, ErrCodeUsed, ErrCodeExpired: an enrolment code that
	// cannot be used.
	ErrCodeUnknown = errors.New("enrolment code is unknown")
	ErrCodeUsed    = errors.New("enrolment code was already used")
	ErrCodeExpired = errors.New("enrolment code has expired")
	// ErrKioskTaken: the kiosk id is enrolled at another centre.
	ErrKioskTaken = errors.New("kiosk id is enrolled at another centre")
	// ErrUnavailable: the store is busy (e.g. another process holds the
	// write lock); the request can be retried.
	ErrUnavailable = errors.New("store is busy")
)

// The store is split by role, so that each consumer asks only for what it
// uses: the kiosk API for what kiosks do, a command for its one job, the
// dashboard for what it shows. Each method is one unit of work: it commits
// everything or nothing, so that an implementation can choose how (one
// SQLite transaction, COPY into a PostgreSQL staging table). All times are
// UTC instants; implementations keep them to the millisecond. Every
// implementation passes the conformance suite of package scoring/storetest,
// which checks the contracts written here.

// Store is everything the scoring server keeps: every role, and Close for
// whoever opened it. An implementation asserts it at compile time
// (var _ scoring.Store = (*Store)(nil)).
type Store interface {
	RosterStore
	FleetStore
	IngestStore
	AuditStore
	HealthStore
	UserStore
	ReportStore
	AlertStore
	InvitationStore
	// Close releases the store.
	Close() error
}

// RosterStore keeps the centres and their officers: what the command line
// administers and what a kiosk's configuration is built from.
type RosterStore interface {
	// SaveCentre adds a centre or replaces the one with the same id, and
	// reports whether it was new.
	SaveCentre(ctx context.Context, c Centre) (created bool, err error)
	// SaveOfficer adds an officer to a centre's roster or replaces the one
	// with the same centre and id, and reports whether it was new. A nil
	// Photo keeps the stored photo. ErrNotFound: no such centre.
	SaveOfficer(ctx context.Context, o Officer) (created bool, err error)
	// Roster returns a centre and its officers ordered by id (without
	// photo bytes), for the kiosk configuration: the same roster must make
	// the same configuration version on every store. ErrNotFound: no such
	// centre.
	Roster(ctx context.Context, centreID string) (Centre, []Officer, error)
	// Centres lists every centre ordered by id, without officers.
	Centres(ctx context.Context) ([]Centre, error)
	// Photo returns an officer's photo. ErrNotFound when there is none.
	Photo(ctx context.Context, centreID, officerID string) (Photo, error)
	// RemoveOfficer takes an officer off a centre's roster (their stored
	// ratings stay). ErrNotFound: no such officer.
	RemoveOfficer(ctx context.Context, centreID, officerID string) error
}

// FleetStore keeps the kiosks: their enrolment (codes, tokens,
// revocation), their health, and the configurations they were sent.
type FleetStore interface {
	// CreateEnrolCode stores a new enrolment code (its hash).
	// ErrNotFound: no such centre.
	CreateEnrolCode(ctx context.Context, c EnrolCode) error
	// Enrol uses an enrolment code once: it registers (or re-registers) the
	// kiosk at the code's centre and counter with a new token, revoking its
	// old one, and marks the code used, in one unit of work, with an entry
	// in the audit trail (ActKioskEnrol or ActKioskReEnrol, naming the
	// other active kiosks of the counter) and in the kiosk's enrolment
	// history. When the code is used or expired, or the kiosk id taken, the
	// returned Kiosk carries the code's centre and counter (for the audit
	// trail of the failure) with the error.
	Enrol(ctx context.Context, e Enrolment) (Kiosk, error)
	// KioskByToken returns the kiosk a token belongs to. ErrUnauthorized
	// when the token is unknown or the kiosk revoked: it is checked on every
	// request, so a revocation takes effect on the next one.
	KioskByToken(ctx context.Context, tokenHash string) (Kiosk, error)
	// RevokeKiosk revokes a kiosk's token, with an entry in the audit
	// trail and in the kiosk's enrolment history. ErrNotFound: no such
	// kiosk.
	RevokeKiosk(ctx context.Context, kioskID string, at time.Time) error
	// Kiosks lists every kiosk, revoked ones included, with its health
	// and chain state, ordered by centre, counter and id.
	Kiosks(ctx context.Context) ([]KioskStatus, error)
	// RecordHeartbeat stores a kiosk's heartbeat: Kiosks shows the last
	// one, its ClockSkew being KioskClock minus ReceivedAt, and the checks
	// of the last one that carried any.
	RecordHeartbeat(ctx context.Context, h HeartbeatRecord) error

	// RecordIssued remembers that a configuration version was sent to a
	// kiosk, with what responses under it are checked against; recording
	// the same kiosk and version again changes nothing.
	RecordIssued(ctx context.Context, c IssuedConfig) error
	// Issued returns every configuration version recorded as sent to a
	// kiosk, in the order first sent, none when there is none.
	Issued(ctx context.Context, kioskID string) ([]IssuedConfig, error)
}

// IngestStore keeps the responses: it stores kiosks' batches and reads
// them back for export.
type IngestStore interface {
	// Ingest stores a kiosk's responses, all with that kiosk's id and each
	// passed by b.Check, in one unit of work committed before it returns:
	// each new id is inserted, an id stored before is a duplicate when its
	// hash is the same and a conflict otherwise (the stored row is never
	// touched). It updates the kiosk's chain state and records gaps and
	// broken chains. Items in the result are in the order of b.Responses.
	Ingest(ctx context.Context, b IngestBatch) (IngestResult, error)
	// ExportResponses calls fn for each stored response matching the
	// filter, ordered by created_at (as an instant) then id. An error of
	// fn stops it and is returned, wrapped.
	ExportResponses(ctx context.Context, f ExportFilter, fn func(StoredResponse) error) error
}

// AuditStore keeps the audit trail.
type AuditStore interface {
	// RecordAudit appends an entry to the audit trail on its own, for an
	// act that changes nothing else (a refused enrolment). An entry
	// without an actor takes the actor of ctx (ActorFrom). SaveCentre,
	// SaveOfficer, CreateEnrolCode, Enrol and RevokeKiosk write theirs in
	// their own unit of work, with the actor of ctx (WithActor).
	RecordAudit(ctx context.Context, e AuditEntry) error
	// AuditTrail lists the audit trail in the order it was written, of
	// one subject and from an instant (included) when f says so.
	AuditTrail(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
}

// HealthStore answers the server's liveness and readiness probes.
type HealthStore interface {
	// Ping checks that the store answers (for /healthz).
	Ping(ctx context.Context) error
	// CheckWrite checks that the store can take a write now, within ctx's
	// deadline, without writing anything (for /readyz). ErrUnavailable
	// when another writer holds it.
	CheckWrite(ctx context.Context) error
}

// Centre is one service location and the settings its kiosks share.
type Centre struct {
	ID                string
	Name              string
	Scale             string // survey.ScaleLegal3 by default
	TechnicianPINHash string // argon2id PHC string (legacy: bcrypt); required
	ManagerPINHash    string // argon2id PHC string (legacy: bcrypt); "" when none
	// Reasons are what the kiosks offer; nil means survey.DefaultReasons.
	Reasons []protocol.Reason
	// Mapping overrides the scale's default mapping (raw value as decimal
	// text → level); nil keeps the default.
	Mapping map[string]string
	// TimeZone is the IANA zone whose calendar days the centre's reports
	// count in; "" means DefaultTimeZone (reports.go).
	TimeZone string
	// Hours are the centre's opening hours, when a kiosk's silence is
	// news; zero means DefaultOpeningHours (HoursOrDefault).
	Hours OpeningHours
	// Webhook is the http(s) URL the centre's alerts are POSTed to
	// (CheckWebhookURL); "" when none.
	Webhook   string
	UpdatedAt time.Time
}

// HoursOrDefault is the centre's opening hours: its own, or
// DefaultOpeningHours when it has none.
func (c Centre) HoursOrDefault() OpeningHours {
	if c.Hours.IsZero() {
		return DefaultOpeningHours()
	}
	return c.Hours
}

// Officer is one member of a centre's roster.
type Officer struct {
	CentreID  string
	ID        string
	Name      string
	Title     string
	PINHash   string // argon2id PHC string (legacy: bcrypt)
	Photo     *Photo // nil: none given (SaveOfficer keeps the stored one)
	PhotoSHA  string // hex SHA-256 of the stored photo, "" when none (Roster fills it)
	UpdatedAt time.Time
}

// Photo is an officer's picture as served to kiosks.
type Photo struct {
	ContentType string
	Data        []byte
}

// EnrolCode is an enrolment code as stored: only its hash.
type EnrolCode struct {
	Hash      string // HashSecret of the normalised code
	CentreID  string
	CounterID string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Enrolment is one use of an enrolment code.
type Enrolment struct {
	CodeHash   string
	KioskID    string
	Hostname   string
	AppVersion string
	TokenHash  string // HashSecret of the new token
	Remote     string // the client's address, for the audit trail
	At         time.Time
}

// Kiosk is an enrolled kiosk as the API sees it.
type Kiosk struct {
	ID        string
	CentreID  string
	CounterID string
}

// KioskStatus is a kiosk as `scoring-server kiosk list` and the fleet
// dashboard show it.
type KioskStatus struct {
	Kiosk
	Hostname        string
	EnrolledAt      time.Time
	RevokedAt       time.Time // zero when active
	LastSeenAt      time.Time // zero when never seen
	AppVersion      string
	Pending         int       // from the last heartbeat
	OldestPendingAt time.Time // zero when nothing is pending
	LastError       string
	DiskFree        int64
	ClockSkew       time.Duration // kiosk clock minus server clock at the last heartbeat
	HeartbeatAt     time.Time     // zero when none yet
	LastSeq         int64         // highest seq received
	ContiguousSeq   int64         // every seq from 1 to this one is stored
	Gaps            []Gap         // missing seq ranges below LastSeq
	Breaks          int           // chain events recorded (broken chains, reused seqs)
	VerifyProblems  int           // problems on record from verifying its stored chain (changed, deleted, inserted rows)
	Enrolments      int           // times this kiosk id was enrolled (more than 1: re-enrolled)
	// Checks are the kiosk's self-checks from the last heartbeat that
	// carried them, by name; none when it never sent any (an older
	// kiosk). ChecksAt is when that heartbeat arrived.
	Checks   []KioskCheck
	ChecksAt time.Time
}

// Missing counts the responses missing below LastSeq.
func (k KioskStatus) Missing() int64 {
	var n int64
	for _, g := range k.Gaps {
		n += g.To - g.From + 1
	}
	return n
}

// Gap is a range of missing sequence numbers, both ends included.
type Gap struct {
	From, To int64
}

// HeartbeatRecord is one heartbeat as stored.
type HeartbeatRecord struct {
	KioskID         string
	AppVersion      string
	Pending         int
	OldestPendingAt time.Time // zero when none
	LastError       string
	DiskFree        int64
	KioskClock      time.Time
	LastSeq         int64
	ReceivedAt      time.Time
	// Checks are the kiosk's self-checks (names unique): they replace the
	// stored ones. nil when the heartbeat carried none: the stored ones
	// stay.
	Checks []KioskCheck
}

// IngestBatch is one batch for IngestStore.Ingest.
type IngestBatch struct {
	KioskID   string
	BatchID   string
	Responses []survey.Response
	// Check, when set, validates Responses[i]: the store stores only the
	// responses it passes and reports the others as ItemRejected. The
	// store calls it once for each i, from a goroutine of its own and
	// ahead of writing, so that checking overlaps writing; it returns
	// before Ingest does. Check may touch only what belongs to item i.
	Check      func(i int) bool
	ReceivedAt time.Time
}

// Item outcomes of IngestStore.Ingest.
const (
	ItemAccepted  = "accepted"
	ItemDuplicate = "duplicate"
	ItemConflict  = "conflict"
	ItemRejected  = "rejected" // IngestBatch.Check did not pass it; nothing stored
)

// Chain event kinds recorded by IngestStore.Ingest.
const (
	// EventBrokenChain: a response's prev_hash is not its stored
	// predecessor's hash (or its successor's prev_hash is not its hash).
	EventBrokenChain = "broken_chain"
	// EventSeqReused: two different responses of a kiosk have the same seq.
	EventSeqReused = "seq_reused"
	// EventGap: a response arrived beyond a missing range of seqs.
	EventGap = "gap"
)

// IngestResult is the outcome of IngestStore.Ingest.
type IngestResult struct {
	Items  []string     // ItemAccepted, ItemDuplicate, ItemConflict or ItemRejected, in the order of the batch
	Events []ChainEvent // chain events found in this batch
}

// ChainEvent is a gap opened, a broken chain or a reused seq.
type ChainEvent struct {
	Kind       string
	Seq        int64 // the seq where it was found (the first missing one for a gap)
	ToSeq      int64 // the last missing seq, for a gap
	ResponseID string
	Detail     string
}

// ExportFilter selects responses by creation instant, [From, To), and
// optionally by centre.
type ExportFilter struct {
	From, To time.Time
	CentreID string
}

// StoredResponse is a response with the time the server received it.
type StoredResponse struct {
	survey.Response
	ReceivedAt time.Time
}
