package kioskapi

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
)

// Config holds the server's tunables. The zero value means the defaults.
type Config struct {
	// RatePerSecond and RateBurst bound each kiosk's requests to the
	// authenticated endpoints other than POST /api/v1/responses
	// (configuration, heartbeats, photos). Defaults: 20/s, burst 40.
	RatePerSecond float64
	RateBurst     int
	// BatchRatePerSecond and BatchBurst bound each kiosk's batches (POST
	// /api/v1/responses), in their own bucket. A batch carries up to 500
	// responses, so the defaults, 20/s with a burst of 400, let a kiosk
	// send a backlog of 200,000 responses as fast as the server takes them
	// and 10,000 responses/s after that, while a kiosk that loops on the
	// endpoint is answered 429 after 400 requests.
	BatchRatePerSecond float64
	BatchBurst         int
	// MaxUploadsPerKiosk bounds the batches one kiosk may have in flight
	// (being read or stored) at once; beyond it the server answers 429 at
	// once, before reading the body. A kiosk sends its batches one at a
	// time. Default: 4.
	MaxUploadsPerKiosk int
	// MaxUploads bounds the batches in flight from all kiosks together;
	// beyond it, 503 with Retry-After. Each holds a buffer of up to 1 MiB
	// (protocol.MaxBatchBytes), so this bounds the memory slow uploads can
	// take. Default: 64.
	MaxUploads int
	// BodyTimeout is how long any request body may take to arrive, from
	// the moment the server starts reading it; a body still arriving after
	// that is answered 408. Default: 30 s, enough for a gzip'd batch over
	// a slow mobile link.
	BodyTimeout time.Duration
	// EnrolPerMinute and EnrolBurst bound enrolment attempts per remote
	// address (the TCP peer: behind a reverse proxy, every kiosk shares the
	// proxy's bucket, so raise them there). Defaults: 6 a minute, burst 10.
	EnrolPerMinute float64
	EnrolBurst     int
	// SkewLimit is the clock skew beyond which a heartbeat is flagged.
	// Default: 5 minutes.
	SkewLimit time.Duration
	// Now is the clock; tests inject one. Default: time.Now.
	Now func() time.Time
}

// Defaults of Config.
const (
	DefaultRatePerSecond      = 20
	DefaultRateBurst          = 40
	DefaultBatchRatePerSecond = 20
	DefaultBatchBurst         = 400
	DefaultMaxUploadsPerKiosk = 4
	DefaultMaxUploads         = 64
	DefaultBodyTimeout        = 30 * time.Second
	DefaultEnrolPerMinute     = 6
	DefaultEnrolBurst         = 10
)

// withDefaults fills the zero fields of c.
func (c Config) withDefaults() Config {
	if c.RatePerSecond <= 0 {
		c.RatePerSecond = DefaultRatePerSecond
	}
	if c.RateBurst <= 0 {
		c.RateBurst = DefaultRateBurst
	}
	if c.BatchRatePerSecond <= 0 {
		c.BatchRatePerSecond = DefaultBatchRatePerSecond
	}
	if c.BatchBurst <= 0 {
		c.BatchBurst = DefaultBatchBurst
	}
	if c.MaxUploadsPerKiosk <= 0 {
		c.MaxUploadsPerKiosk = DefaultMaxUploadsPerKiosk
	}
	if c.MaxUploads <= 0 {
		c.MaxUploads = DefaultMaxUploads
	}
	if c.BodyTimeout <= 0 {
		c.BodyTimeout = DefaultBodyTimeout
	}
	if c.EnrolPerMinute <= 0 {
		c.EnrolPerMinute = DefaultEnrolPerMinute
	}
	if c.EnrolBurst <= 0 {
		c.EnrolBurst = DefaultEnrolBurst
	}
	if c.SkewLimit <= 0 {
		c.SkewLimit = scoring.DefaultSkewLimit
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Store is what the kiosk API asks of the scoring server's store: the
// roster its configurations are built from, the fleet it authenticates and
// enrols, the responses it ingests, the audit trail of refused enrolments,
// the health its probes report, and the kiosks' invitation counts. Closing it is its owner's business.
type Store interface {
	scoring.RosterStore
	scoring.FleetStore
	scoring.IngestStore
	scoring.AuditStore
	scoring.HealthStore
	scoring.InvitationStore
}

// server is what the handlers share.
type server struct {
	log     *slog.Logger
	store   Store
	cfg     Config
	metrics *Metrics
	limits  *limiters // requests other than batches, per kiosk
	batches *limiters // batches, per kiosk
	enrols  *limiters // enrolment attempts, per remote address

	// Bodies being read, per kiosk (or address) and overall: batches
	// (1 MiB buffers) and small bodies (64 KiB: heartbeats, enrolments).
	batchGate, smallGate *gate

	ingests ingestHealth // outcomes of the last ingests, for /readyz
	issued  *issuedCache // configuration versions sent to each kiosk
}

// Bounds of the small-body gate: heartbeats and enrolments. 256 × 64 KiB
// is 16 MiB at most.
const (
	smallBodiesPerKey = 4
	smallBodies       = 256
)

// NewServer returns the scoring server's HTTP handler: the upload protocol
// v1 (docs/API.md), /healthz (liveness), /readyz (readiness) and /metrics. reg receives the server's
// metrics and is what /metrics serves; pass a new prometheus.Registry (nil
// makes one). The store is used concurrently.
func NewServer(log *slog.Logger, store Store, reg *prometheus.Registry, cfg Config) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	cfg = cfg.withDefaults()
	s := &server{
		log:     log,
		store:   store,
		cfg:     cfg,
		metrics: NewMetrics(reg),
		limits:  newLimiters(cfg.RatePerSecond, cfg.RateBurst),
		batches: newLimiters(cfg.BatchRatePerSecond, cfg.BatchBurst),
		enrols:  newLimiters(cfg.EnrolPerMinute/60, cfg.EnrolBurst),

		batchGate: newGate(cfg.MaxUploadsPerKiosk, cfg.MaxUploads),
		smallGate: newGate(smallBodiesPerKey, smallBodies),
		issued:    newIssuedCache(),
	}
	reg.MustRegister(newFleetCollector(store, cfg.SkewLimit, log))
	mux := http.NewServeMux()
	addRoutes(mux, s, reg)
	return s.observe(mux)
}

// statusRecorder remembers the status and size of an answer.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// kioskKey is the context key of the authenticated kiosk.
type kioskKey struct{}

// kioskSlot lets the authentication middleware, which runs inside the
// mux, hand the kiosk id back to the outer logging middleware.
type kioskSlot struct{ id string }

// observe logs every request and records its latency by route pattern.
func (s *server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		slot := &kioskSlot{}
		r = r.WithContext(context.WithValue(r.Context(), kioskSlotKey{}, slot))
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		d := time.Since(start)
		route := r.Pattern // set by the mux on this request, Go 1.23+
		if route == "" {
			route = "unmatched"
		}
		s.metrics.observeRequest(route, rec.status, d)
		level := slog.LevelInfo
		if route == "GET /healthz" || route == "GET /readyz" || route == "GET /metrics" {
			level = slog.LevelDebug
		}
		s.log.Log(r.Context(), level, "request", "method", r.Method, "route", route, "path", r.URL.Path,
			"status", rec.status, "bytes", rec.bytes, "duration_ms", float64(d.Microseconds())/1000,
			"kiosk", slot.id, "remote", r.RemoteAddr)
	})
}

type kioskSlotKey struct{}

// kioskFrom returns the kiosk the request authenticated as.
func kioskFrom(ctx context.Context) scoring.Kiosk {
	k, _ := ctx.Value(kioskKey{}).(scoring.Kiosk)
	return k
}

// authenticated resolves the bearer token to a kiosk on every request (so
// a revocation takes effect on the next one), takes the request from the
// kiosk's bucket in limits (before the body is read), and passes the kiosk
// on in the context.
func (s *server) authenticated(limits *limiters, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(r.Header.Get("Authorization"))
		if !ok {
			refuseBody(w, r)
			respondErr(w, r, s.log, fail(protocol.CodeUnauthorized, "send Authorization: Bearer <token>"))
			return
		}
		k, err := s.store.KioskByToken(r.Context(), scoring.HashSecret(token))
		if err != nil {
			refuseBody(w, r)
			respondErr(w, r, s.log, err)
			return
		}
		if slot, ok := r.Context().Value(kioskSlotKey{}).(*kioskSlot); ok {
			slot.id = k.ID
		}
		if wait, ok := limits.allow(k.ID, s.cfg.Now()); !ok {
			s.metrics.RateLimited.Inc()
			e := fail(protocol.CodeRateLimited, "too many requests from this kiosk: retry after %d s", wait)
			e.retryAfter = wait
			refuseBody(w, r)
			respondErr(w, r, s.log, e)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), kioskKey{}, k)))
	})
}

// bearerToken extracts the token of "Authorization: Bearer <token>"; the
// scheme is case-insensitive (RFC 7235).
func bearerToken(h string) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	tok = strings.TrimSpace(tok)
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return "", false
	}
	return tok, true
}
