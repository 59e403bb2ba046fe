package kioskapi

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hailong/kiosk/scoring"
)

// fleetCollector reports the state of the kiosk fleet at each scrape, from
// the store: what `scoring-server kiosk list` shows, summed, so that an
// alert can fire on a gap that stays open or a clock that drifts. Totals
// only: per-kiosk series would multiply with the fleet.
type fleetCollector struct {
	store     scoring.FleetStore
	skewLimit time.Duration
	log       *slog.Logger

	kiosks, missing, gaps, breaks, skewed, pending *prometheus.Desc
	reEnrolled, sharedCounters, failingChecks      *prometheus.Desc
}

func newFleetCollector(st scoring.FleetStore, skewLimit time.Duration, log *slog.Logger) *fleetCollector {
	return &fleetCollector{
		store: st, skewLimit: skewLimit, log: log,
		kiosks: prometheus.NewDesc("hailong_fleet_kiosks", "Enrolled kiosks, by whether their token is revoked.",
			[]string{"revoked"}, nil),
		missing: prometheus.NewDesc("hailong_fleet_missing_responses",
			"Responses missing below each active kiosk's highest seq (sum of open sequence gaps).", nil, nil),
		gaps: prometheus.NewDesc("hailong_fleet_open_sequence_gaps", "Open sequence gaps (missing seq ranges) of active kiosks.", nil, nil),
		breaks: prometheus.NewDesc("hailong_fleet_chain_breaks",
			"Broken chains and reused seqs recorded for active kiosks.", nil, nil),
		skewed: prometheus.NewDesc("hailong_fleet_clock_skewed_kiosks",
			"Active kiosks whose last heartbeat showed a clock skew over the limit.", nil, nil),
		pending: prometheus.NewDesc("hailong_fleet_pending_responses",
			"Responses waiting on active kiosks, from their last heartbeats.", nil, nil),
		reEnrolled: prometheus.NewDesc("hailong_fleet_reenrolled_kiosks",
			"Active kiosks enrolled more than once (a repair, or a take-over with another code: see `scoring-server audit`).", nil, nil),
		sharedCounters: prometheus.NewDesc("hailong_fleet_shared_counters",
			"Counters with more than one active kiosk (a second kiosk, or a take-over with another code: see `scoring-server audit`).", nil, nil),
		failingChecks: prometheus.NewDesc("hailong_fleet_failing_checks_kiosks",
			"Active kiosks whose last self-checks have one failing or more (which ones: `scoring-server kiosk list`, column checks).", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *fleetCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.kiosks, c.missing, c.gaps, c.breaks, c.skewed, c.pending, c.reEnrolled, c.sharedCounters, c.failingChecks} {
		ch <- d
	}
}

// Collect implements prometheus.Collector. A store that does not answer
// within two seconds leaves the fleet series out of this scrape.
func (c *fleetCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	ks, err := c.store.Kiosks(ctx)
	if err != nil {
		c.log.Warn("fleet metrics", "err", err)
		return
	}
	var active, revoked, missing, gaps, breaks, skewed, pending, reEnrolled, shared, failing float64
	perCounter := map[[2]string]int{}
	for _, k := range ks {
		if !k.RevokedAt.IsZero() {
			revoked++
			continue
		}
		active++
		if k.Enrolments > 1 {
			reEnrolled++
		}
		if perCounter[[2]string{k.CentreID, k.CounterID}]++; perCounter[[2]string{k.CentreID, k.CounterID}] == 2 {
			shared++
		}
		missing += float64(k.Missing())
		gaps += float64(len(k.Gaps))
		breaks += float64(k.Breaks)
		pending += float64(k.Pending)
		if !k.HeartbeatAt.IsZero() && scoring.Skewed(k.ClockSkew, c.skewLimit) {
			skewed++
		}
		if len(k.Failing()) > 0 {
			failing++
		}
	}
	ch <- prometheus.MustNewConstMetric(c.kiosks, prometheus.GaugeValue, active, "false")
	ch <- prometheus.MustNewConstMetric(c.kiosks, prometheus.GaugeValue, revoked, "true")
	ch <- prometheus.MustNewConstMetric(c.missing, prometheus.GaugeValue, missing)
	ch <- prometheus.MustNewConstMetric(c.gaps, prometheus.GaugeValue, gaps)
	ch <- prometheus.MustNewConstMetric(c.breaks, prometheus.GaugeValue, breaks)
	ch <- prometheus.MustNewConstMetric(c.skewed, prometheus.GaugeValue, skewed)
	ch <- prometheus.MustNewConstMetric(c.pending, prometheus.GaugeValue, pending)
	ch <- prometheus.MustNewConstMetric(c.reEnrolled, prometheus.GaugeValue, reEnrolled)
	ch <- prometheus.MustNewConstMetric(c.sharedCounters, prometheus.GaugeValue, shared)
	ch <- prometheus.MustNewConstMetric(c.failingChecks, prometheus.GaugeValue, failing)
}
