package upload

import "time"

// State is what the uploader is doing, for the technician screen.
type State string

// States.
const (
	StateIdle          State = "idle"           // nothing pending, or waiting for the next check
	StateSending       State = "sending"        // a drain is under way
	StateRetrying      State = "retrying"       // the last attempt failed; waiting for NextAttempt
	StateTokenRejected State = "token_rejected" // 401: enrol again, or SendNow after fixing the server
	StateHeld          State = "held"           // the server refused the backlog as a whole; see LastError
	StateStopped       State = "stopped"        // Run has returned
)

// Problem is an error in words, for the technician screen and the
// heartbeat.
type Problem struct {
	Kind   Kind
	VI, EN string    // Kind's words
	Detail string    // technical detail, for the log and kiosk doctor
	At     time.Time // when it happened, by the kiosk's clock
}

// String is "Vietnamese / English", or "" when there is no problem.
func (p Problem) String() string {
	if p.Kind == "" {
		return ""
	}
	return p.VI + " / " + p.EN
}

func problemOf(e *Error, at time.Time) Problem {
	vi, en := e.Kind.Words()
	return Problem{Kind: e.Kind, VI: vi, EN: en, Detail: e.Error(), At: at}
}

// Status is a snapshot of the uploader, as the technician screen shows it.
type Status struct {
	Server string
	State  State

	Pending       int       // responses not yet acknowledged (nor quarantined)
	OldestPending time.Time // creation time of the oldest of them; zero when none
	LastSuccess   time.Time // the last time the server acknowledged a batch (or the outbox was found empty and the server reachable)
	LastAttempt   time.Time // the last upload request
	Uploaded      int       // responses acknowledged since the uploader started
	Quarantined   int       // responses quarantined since the uploader started

	// LastError is the problem of the last failed attempt. It stays after a
	// success, for the record; Failures tells whether it is current.
	LastError   Problem
	Failures    int       // consecutive failed attempts; 0 after a success
	NextAttempt time.Time // zero when no retry is scheduled
	// NextProbe is when an unreachable server is checked again (GET
	// /healthz); an answer brings the next attempt forward to then. Zero
	// when the server was reachable at the last attempt.
	NextProbe time.Time

	// ClockOffset is the server's clock minus the kiosk's, from the last
	// heartbeat; ClockKnown is false until one succeeded.
	ClockOffset   time.Duration
	ClockKnown    bool
	LastHeartbeat time.Time
	ConfigVersion string // the configuration version the server last named
}
