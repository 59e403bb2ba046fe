package kioskapi

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"hailong/kiosk/scoring"
)

// Metrics are the server's Prometheus series, all prefixed hailong_.
type Metrics struct {
	// Batches counts POST /api/v1/responses by HTTP status.
	Batches *prometheus.CounterVec
	// Responses counts batch items by status (accepted, duplicate,
	// rejected) and, for rejected ones, reason.
	Responses *prometheus.CounterVec
	// ChainEvents counts gaps opened, broken chains and reused seqs.
	ChainEvents *prometheus.CounterVec
	// Heartbeats counts heartbeats; SkewedHeartbeats those whose clock
	// was off by more than the skew limit.
	Heartbeats       prometheus.Counter
	SkewedHeartbeats prometheus.Counter
	// Enrolments counts enrolments by result (ok or the error code).
	Enrolments *prometheus.CounterVec
	// RateLimited counts requests answered 429.
	RateLimited prometheus.Counter
	// BodiesRefused counts requests refused before their body was read
	// because too many bodies were in flight, by route kind (batch,
	// heartbeat, enrol) and reason (per_key: from one kiosk or address;
	// overall). BodiesInFlight is the bodies being read or handled now.
	BodiesRefused  *prometheus.CounterVec
	BodiesInFlight *prometheus.GaugeVec
	// Latency is the request latency by route pattern and status class.
	Latency *prometheus.HistogramVec
}

// NewMetrics makes the server's metrics and registers them, with the Go
// runtime and process collectors, on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Batches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hailong_ingest_batches_total",
			Help: "Response batches received, by HTTP status.",
		}, []string{"code"}),
		Responses: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hailong_ingest_responses_total",
			Help: "Responses in batches, by result (accepted, duplicate, rejected) and rejection reason.",
		}, []string{"status", "reason"}),
		ChainEvents: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hailong_chain_events_total",
			Help: "Sequence gaps opened, broken hash chains and reused seqs found during ingest, by kind.",
		}, []string{"kind"}),
		Heartbeats: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "hailong_heartbeats_total",
			Help: "Heartbeats received.",
		}),
		SkewedHeartbeats: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "hailong_heartbeats_clock_skewed_total",
			Help: "Heartbeats whose kiosk clock was off by more than the skew limit.",
		}),
		Enrolments: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hailong_enrolments_total",
			Help: "Enrolment attempts, by result.",
		}, []string{"result"}),
		RateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "hailong_rate_limited_total",
			Help: "Requests answered 429 by the per-kiosk rate limit.",
		}),
		BodiesRefused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hailong_bodies_refused_total",
			Help: "Requests refused before their body was read, as too many were in flight, by kind and by reason (per_key: one kiosk or address; overall).",
		}, []string{"kind", "reason"}),
		BodiesInFlight: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "hailong_bodies_in_flight",
			Help: "Requests with a body being read or handled, by kind (batch, heartbeat, enrol).",
		}, []string{"kind"}),
		Latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "hailong_http_request_duration_seconds",
			Help:    "HTTP request latency, by route pattern and status code.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "code"}),
	}
	reg.MustRegister(m.Batches, m.Responses, m.ChainEvents, m.Heartbeats, m.SkewedHeartbeats,
		m.Enrolments, m.RateLimited, m.BodiesRefused, m.BodiesInFlight, m.Latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Make the main series visible at zero before the first batch, so
	// dashboards and alerts see them from the start.
	for _, s := range []string{"accepted", "duplicate"} {
		m.Responses.WithLabelValues(s, "")
	}
	for _, k := range []string{scoring.EventGap, scoring.EventBrokenChain, scoring.EventSeqReused} {
		m.ChainEvents.WithLabelValues(k)
	}
	return m
}

func (m *Metrics) observeRequest(route string, status int, d time.Duration) {
	m.Latency.WithLabelValues(route, strconv.Itoa(status)).Observe(d.Seconds())
}
