package upload

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/url"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// Outbox is what the uploader needs from the kiosk's store; *localdb.DB
// satisfies it. PendingAfter returns responses after a seq that are neither
// acknowledged nor quarantined, lowest seq first (so the next batch can be
// read before the current one is acknowledged). Acknowledge marks responses
// uploaded with localdb.MarkUploaded's rules (an unknown id marks nothing;
// the first time stays), in one transaction for the whole list.
type Outbox interface {
	PendingAfter(ctx context.Context, after int64, limit int) ([]survey.Response, error)
	Acknowledge(ctx context.Context, ids []string, at time.Time) error
	Quarantine(ctx context.Context, id, reason string) error
	Prune(ctx context.Context, before time.Time) (int, error)
	OldestPending(ctx context.Context) (time.Time, bool, error)
	Stats(ctx context.Context, now time.Time) (survey.Stats, error)
}

// InvitationCounter counts a kiosk's invitations per local day and
// officer, from since's day on (*localdb.DB's InvitationCounts): the
// heartbeat carries them so that the server can compute response rates.
type InvitationCounter interface {
	InvitationCounts(ctx context.Context, since time.Time) ([]survey.InvitationCount, error)
}

// Defaults of Options.
const (
	DefaultBatchSize         = protocol.MaxBatchResponses
	DefaultRetentionDays     = 90
	DefaultHeartbeatInterval = time.Minute
	DefaultPollInterval      = 30 * time.Second
	DefaultPruneInterval     = 24 * time.Hour
	DefaultRequestTimeout    = 30 * time.Second
	DefaultCloseTimeout      = 10 * time.Second
)

// Options configure an Uploader. ServerURL, Token and Outbox are required.
type Options struct {
	ServerURL string // base URL, e.g. https://diem.quangninh.gov.vn; http only to a loopback address
	Token     string // bearer token from enrolment
	// CAFile is an optional PEM file of CA certificates trusted in addition
	// to the system's roots (a province's own CA). Verification cannot be
	// turned off.
	CAFile string

	Outbox Outbox
	// Invitations counts invitations for the heartbeat; nil means the
	// Outbox when it is an InvitationCounter (*localdb.DB is), else the
	// heartbeat carries none.
	Invitations InvitationCounter
	// Checks returns the kiosk's latest self-check results for the
	// heartbeat (kioskapp/health.go); it must not block. nil, or a nil
	// result, sends none: the server keeps what it had.
	Checks     func() protocol.Checks
	Clock      survey.Clock // default survey.SystemClock{}
	Logger     *slog.Logger // default slog.Default()
	AppVersion string

	BatchSize         int           // responses per request; default and maximum protocol.MaxBatchResponses
	RetentionDays     int           // acknowledged responses are pruned after this; default 90
	HeartbeatInterval time.Duration // default 1 min
	PollInterval      time.Duration // how often the outbox is checked without Notify; default 30 s
	PruneInterval     time.Duration // default 24 h
	RequestTimeout    time.Duration // per HTTP request; default 30 s
	CloseTimeout      time.Duration // how long Close waits for the request in flight; default 10 s
	Backoff           Backoff

	// OnStatus is called on the uploader's goroutine whenever Status
	// changes. It must not block; a Fyne UI wraps its work in fyne.Do.
	OnStatus func(Status)
	// ConfigVersion returns the version of the configuration the kiosk
	// runs; a heartbeat whose answer names another version calls
	// OnConfigChanged with it, once per heartbeat until they agree.
	ConfigVersion   func() string
	OnConfigChanged func(version string)
}

// Backoff is the retry schedule: after the n-th consecutive failure that
// made no progress the uploader waits a uniformly random time in
// [0, min(Cap, Base·2^(n-1))) ("full jitter"), and never less than the
// server's Retry-After. A drain that settled responses before it failed
// resets n to 0: it is tried again at once.
type Backoff struct {
	Base          time.Duration // default 1 s
	Cap           time.Duration // default 5 min
	LongPause     time.Duration // after a 401 or a refusal; default 10 min
	MaxRetryAfter time.Duration // a longer Retry-After is cut to this; default 1 h
	// While no connection to the server can be made (refused, no route,
	// connect timeout), the uploader also probes it with GET /healthz
	// after a uniformly random wait in [ProbeMin, ProbeMax), and sends at
	// once when it answers (probe.go); defaults 2 s and 5 s.
	ProbeMin, ProbeMax time.Duration
	// Rand returns a number in [0, 1); tests inject their own. The default
	// is math/rand/v2's Float64.
	Rand func() float64
}

func (o *Options) setDefaults() error {
	if err := checkServerURL(o.ServerURL); err != nil {
		return err
	}
	if o.Token == "" {
		return errors.New("no token: enrol the kiosk first")
	}
	if o.Outbox == nil {
		return errors.New("no outbox")
	}
	if o.BatchSize < 0 || o.BatchSize > protocol.MaxBatchResponses {
		return fmt.Errorf("batch size %d is not in 1..%d", o.BatchSize, protocol.MaxBatchResponses)
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if o.Clock == nil {
		o.Clock = survey.SystemClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.BatchSize == 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.RetentionDays <= 0 {
		o.RetentionDays = DefaultRetentionDays
	}
	def(&o.HeartbeatInterval, DefaultHeartbeatInterval)
	def(&o.PollInterval, DefaultPollInterval)
	def(&o.PruneInterval, DefaultPruneInterval)
	def(&o.RequestTimeout, DefaultRequestTimeout)
	def(&o.CloseTimeout, DefaultCloseTimeout)
	def(&o.Backoff.Base, time.Second)
	def(&o.Backoff.Cap, 5*time.Minute)
	def(&o.Backoff.LongPause, 10*time.Minute)
	def(&o.Backoff.MaxRetryAfter, time.Hour)
	def(&o.Backoff.ProbeMin, 2*time.Second)
	def(&o.Backoff.ProbeMax, 5*time.Second)
	o.Backoff.ProbeMax = max(o.Backoff.ProbeMax, o.Backoff.ProbeMin)
	if o.Backoff.Rand == nil {
		o.Backoff.Rand = rand.Float64
	}
	if o.Invitations == nil {
		o.Invitations, _ = o.Outbox.(InvitationCounter)
	}
	if o.OnStatus == nil {
		o.OnStatus = func(Status) {}
	}
	if o.ConfigVersion == nil {
		o.ConfigVersion = func() string { return "" }
	}
	if o.OnConfigChanged == nil {
		o.OnConfigChanged = func(string) {}
	}
	return nil
}

// Errors of a server URL refused before any request, for callers to
// explain to the technician.
var (
	ErrNotServerURL = errors.New("not an http(s) URL")
	ErrPlainHTTP    = errors.New("must be https (plain http only to this machine)")
)

// checkServerURL accepts https URLs, and http only to this machine.
func checkServerURL(s string) error {
	if s == "" {
		return fmt.Errorf("no server URL: %w", ErrNotServerURL)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("server URL %q: %w", s, ErrNotServerURL)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		// A dossier code links a rating to a person: SPEC §5 sends it only
		// over TLS. Plain HTTP is for a server on this machine (make run).
		return fmt.Errorf("server URL %q %w", s, ErrPlainHTTP)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Delay returns the wait after the failures-th consecutive failure, before
// Retry-After is taken into account: none for 0 (the uploader's count of
// failures that made no progress, after one that did).
func (b Backoff) Delay(failures int) time.Duration {
	if failures < 1 {
		return 0
	}
	ceil := b.Base
	for i := 1; i < failures && ceil < b.Cap; i++ { // doubling stops at the cap: no overflow
		ceil *= 2
	}
	ceil = min(ceil, b.Cap)
	r := b.Rand()
	if r < 0 || r >= 1 {
		r = 0.5 // a broken source must not stretch the cap
	}
	return time.Duration(r * float64(ceil))
}
