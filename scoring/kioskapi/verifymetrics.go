package kioskapi

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hailong/kiosk/scoring"
)

// verifyCollector reports the problems on record at each scrape.
type verifyCollector struct {
	v    scoring.ChainVerifier
	log  *slog.Logger
	desc *prometheus.Desc
}

// NewVerifyCollector returns a collector of hailong_chain_verify_problems
// {kind}: the chain problems on record (scoring-server verify and serve's
// scheduled passes record them), every kind shown, zero included.
func NewVerifyCollector(v scoring.ChainVerifier, log *slog.Logger) prometheus.Collector {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &verifyCollector{v: v, log: log, desc: prometheus.NewDesc("hailong_chain_verify_problems",
		"Problems on record from verifying the stored hash chains, by kind (mismatch, broken_link, deleted, inserted, unprotected).",
		[]string{"kind"}, nil)}
}

// Describe implements prometheus.Collector.
func (c *verifyCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

// Collect implements prometheus.Collector.
func (c *verifyCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	n, err := c.v.ChainProblemCounts(ctx)
	if err != nil {
		c.log.Warn("metrics: chain problem counts", "err", err)
		return
	}
	for _, k := range scoring.ProblemKinds {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n[k]), k)
	}
}
