package webhook

import "github.com/prometheus/client_golang/prometheus"

// Collectors are the notifier's counters for /metrics:
// hailong_webhook_events_total{result=…} and the queue's length.
func (n *Notifier) Collectors() []prometheus.Collector {
	counter := func(result string, v func() int64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name:        "hailong_webhook_events_total",
			Help:        "Alert events for centres' webhooks, by what became of them (queued, dropped: queue full, delivered, retried: a failed POST tried again, failed: given up, no_webhook: the centre has none).",
			ConstLabels: prometheus.Labels{"result": result},
		}, func() float64 { return float64(v()) })
	}
	return []prometheus.Collector{
		counter("queued", n.queued.Load),
		counter("dropped", n.dropped.Load),
		counter("delivered", n.delivered.Load),
		counter("retried", n.retried.Load),
		counter("failed", n.failed.Load),
		counter("no_webhook", n.noWebhook.Load),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "hailong_webhook_queue_events",
			Help: "Alert events waiting to be sent to centres' webhooks, retries included.",
		}, func() float64 { return float64(n.held.Load()) }),
	}
}
