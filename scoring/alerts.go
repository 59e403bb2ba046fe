package scoring

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"
)

// Alerts (SPEC §7, issue 10 item 4) tell a centre's manager that something
// needs a look now: a counter where citizens are unhappy, a kiosk gone
// silent in opening hours, a kiosk whose chain has a gap or a break.
//
// An alert follows one episode of its condition. EvaluateAlerts opens it
// when the condition starts; while the condition holds no second alert of
// the same kind and subject opens, whatever its state. When the condition
// ends the alert is marked cleared (ClearedAt) but stays open: a bad
// quarter hour at 14:30 that is over by 14:45 must still reach the manager
// who looks at 16:00. A person acknowledges it with a comment (who, when,
// what kept), then closes it; an acknowledged alert whose condition has
// stayed cleared for AlertQuiet is closed by the evaluator with the actor
// "system". A condition that comes back within AlertQuiet of its end
// resumes its alert (ClearedAt is reset), so that a flickering counter
// makes one alert, not one per flicker. When the condition starts again
// later, a new alert opens, even if the old one still waits for
// acknowledgement: each episode is news. A closed
// alert whose condition still holds stays closed; a new one opens only
// when the condition starts again (for a chain alert, whose breaks stay
// on record: when the kiosk's gaps or breaks grow beyond what the last
// alert recorded).

// Alert kinds.
const (
	// AlertUnhappyCounter: at a counter, at least UnhappyShare of the
	// ratings of the last UnhappyWindow were Không hài lòng, with at least
	// UnhappyMinN ratings; repeat-filtered presses never count.
	AlertUnhappyCounter = "unhappy_counter"
	// AlertSilentKiosk: a kiosk silent for more than SilentAfter of its
	// centre's opening time.
	AlertSilentKiosk = "silent_kiosk"
	// AlertChain: a kiosk with missing sequence numbers, a broken chain or
	// a problem found by verifying its stored chain.
	AlertChain = "chain"
)

// AlertKinds lists the kinds in the order pages show them.
var AlertKinds = []string{AlertUnhappyCounter, AlertSilentKiosk, AlertChain}

// Alert states: open → acknowledged → closed.
const (
	AlertOpen         = "open"
	AlertAcknowledged = "acknowledged"
	AlertClosed       = "closed"
)

// The unhappy-counter rule of SPEC §7.
const (
	UnhappyWindow = 15 * time.Minute
	UnhappyMinN   = 4
)

// AlertQuiet is how long a condition must stay away for its episode to
// end: within it, a return is the same episode.
const AlertQuiet = 30 * time.Minute

// MaxAlertComment bounds an acknowledgement's comment, in characters.
const MaxAlertComment = 500

// SystemActor is the actor of what the evaluator does (opening, closing).
const SystemActor = "system"

// Audit actions of alerts, beside ActAlertAck (useraudit.go). The subject
// is SubjectAlert(id).
const (
	ActAlertOpen  = "alert.open"
	ActAlertClose = "alert.close"
)

// SubjectAlert names an alert as an audit subject.
func SubjectAlert(id int64) string { return "alert:" + strconv.FormatInt(id, 10) }

// ErrAlertState: the alert is not in a state that allows the transition
// (acknowledging one that is not open, closing one not acknowledged).
var ErrAlertState = errors.New("alert is not in a state that allows this")

// Alert is one alert as stored. Subject is the counter id (within
// CentreID) for AlertUnhappyCounter, the kiosk id otherwise.
type Alert struct {
	ID         int64
	CentreID   string
	Kind       string
	Subject    string
	OpenedAt   time.Time
	Detail     AlertDetail
	State      string
	ClearedAt  time.Time // when the condition ended; zero while it holds
	AckedBy    string
	AckedAt    time.Time
	AckComment string
	ClosedBy   string
	ClosedAt   time.Time
}

// Active reports whether the alert is open or acknowledged.
func (a Alert) Active() bool { return a.State == AlertOpen || a.State == AlertAcknowledged }

// AlertDetail is what the condition was when the alert opened, kept as a
// JSON object: the fields of its kind only.
type AlertDetail struct {
	// AlertUnhappyCounter: ratings in the window, Không hài lòng among
	// them, and their share in percent.
	N            int     `json:"n,omitempty"`
	Dissatisfied int     `json:"dissatisfied,omitempty"`
	Percent      float64 `json:"percent,omitempty"`
	// AlertSilentKiosk: when the kiosk was last heard of (its enrolment
	// when never), and its counter.
	LastSeen time.Time `json:"last_seen,omitzero"`
	Counter  string    `json:"counter,omitempty"`
	// AlertChain: missing seqs, chain events and verify problems.
	Missing        int64 `json:"missing,omitempty"`
	Breaks         int   `json:"breaks,omitempty"`
	VerifyProblems int   `json:"verify_problems,omitempty"`
}

// JSON encodes d (it cannot fail).
func (d AlertDetail) JSON() string {
	b, _ := json.Marshal(d)
	return string(b)
}

// ParseAlertDetail decodes a stored detail; "" is the zero detail.
func ParseAlertDetail(s string) (AlertDetail, error) {
	var d AlertDetail
	if s == "" {
		return d, nil
	}
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		return d, errors.New("alert detail: " + err.Error())
	}
	return d, nil
}

// AlertFilter selects alerts: of one centre ("" every one) and in one
// state ("" every state), the newest Limit of them (0: all).
type AlertFilter struct {
	CentreID string
	State    string
	Limit    int
}

// CounterCount is a counter's ratings over a window: n without the
// filtered ones, and the Không hài lòng among them.
type CounterCount struct {
	CentreID, CounterID string
	N, Dissatisfied     int
}

// Unhappy reports whether the counts fire the unhappy-counter rule: n ≥
// UnhappyMinN and Không hài lòng ≥ 50% (exactly half fires).
func (c CounterCount) Unhappy() bool {
	return c.N >= UnhappyMinN && 2*c.Dissatisfied >= c.N
}

// AlertStore keeps alerts. Transitions write their entry in the audit
// trail in the same unit of work, with the actor of ctx (SystemActor for
// the evaluator).
type AlertStore interface {
	// OpenAlert stores a as a new open alert (ID, State and the
	// acknowledgement fields are set by the store) with an ActAlertOpen
	// entry, unless an active alert of the same centre, kind and subject
	// whose condition has not cleared exists: then it returns that one
	// and false.
	OpenAlert(ctx context.Context, a Alert) (Alert, bool, error)
	// ClearAlert records that the condition of alert id ended at at (once:
	// a cleared alert keeps its first ClearedAt). ErrNotFound: no such
	// alert.
	ClearAlert(ctx context.Context, id int64, at time.Time) error
	// ResumeAlert records that the condition of an active alert came back
	// (ClearedAt is zero again); a closed alert is left as it is.
	// ErrNotFound: no such alert.
	ResumeAlert(ctx context.Context, id int64) error
	// AckAlert acknowledges an open alert with a comment (ActAlertAck);
	// by is who. ErrNotFound: no such alert; ErrAlertState: not open.
	AckAlert(ctx context.Context, id int64, by, comment string, at time.Time) (Alert, error)
	// CloseAlert closes an acknowledged alert (ActAlertClose).
	// ErrNotFound: no such alert; ErrAlertState: not acknowledged.
	CloseAlert(ctx context.Context, id int64, by string, at time.Time) (Alert, error)
	// AlertByID returns one alert. ErrNotFound: no such alert.
	AlertByID(ctx context.Context, id int64) (Alert, error)
	// Alerts lists the alerts f selects, newest first.
	Alerts(ctx context.Context, f AlertFilter) ([]Alert, error)
	// LatestAlerts returns the latest alert of each centre, kind and
	// subject that has one, in any state: what the evaluator compares
	// the conditions with.
	LatestAlerts(ctx context.Context) ([]Alert, error)
	// CounterCounts counts each counter's ratings created in [from, to)
	// that have no filter reason: n and Không hài lòng. Counters without
	// such a rating are left out. It reads only that window (an index on
	// the creation instant), so that it is cheap every minute.
	CounterCounts(ctx context.Context, from, to time.Time) ([]CounterCount, error)
}
