package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/dashboard"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/webhook"
)

// HTTP server limits. A 1 MiB batch over a slow 3G link takes seconds, not
// minutes; a client that sends headers slower than this is not a kiosk.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 60 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 120 * time.Second
	shutdownTimeout   = 15 * time.Second
)

// runServe serves the API until ctx ends, then drains requests in flight
// (each batch commits or not at all) and closes the store.
func runServe(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs, db := newFlags("serve", getenv, stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (port 0: any free port)")
	certFile := fs.String("tls-cert", "", "TLS certificate (PEM); serve HTTPS with --tls-key")
	keyFile := fs.String("tls-key", "", "TLS private key (PEM)")
	rate := fs.Float64("rate", kioskapi.DefaultRatePerSecond, "requests per second per kiosk, batches aside")
	burst := fs.Int("burst", kioskapi.DefaultRateBurst, "request burst per kiosk, batches aside")
	batchRate := fs.Float64("batch-rate", kioskapi.DefaultBatchRatePerSecond, "batches per second per kiosk")
	batchBurst := fs.Int("batch-burst", kioskapi.DefaultBatchBurst, "batch burst per kiosk (a backlog drains at full speed up to 500 responses a batch)")
	perKiosk := fs.Int("max-uploads-per-kiosk", kioskapi.DefaultMaxUploadsPerKiosk, "batches one kiosk may have in flight; beyond, 429 before the body is read")
	uploads := fs.Int("max-uploads", kioskapi.DefaultMaxUploads, "batches in flight from all kiosks (each holds up to 1 MiB); beyond, 503")
	bodyTimeout := fs.Duration("body-timeout", kioskapi.DefaultBodyTimeout, "time a request body may take to arrive; beyond, 408")
	enrolRate := fs.Float64("enrol-rate", kioskapi.DefaultEnrolPerMinute, "enrolment attempts per minute per remote address (behind a reverse proxy, all kiosks share the proxy's address)")
	enrolBurst := fs.Int("enrol-burst", kioskapi.DefaultEnrolBurst, "enrolment attempt burst per remote address")
	skew := fs.Duration("skew-limit", scoring.DefaultSkewLimit, "kiosk clock skew that is flagged")
	verifyEvery := fs.Duration("verify-every", scoring.DefaultVerifyEvery, "verify the rows stored since the last pass this often (0: never)")
	verifyFull := fs.Duration("verify-full-every", scoring.DefaultVerifyFullEvery, "verify every stored chain at start and this often (0: never)")
	alertEvery := fs.Duration("alert-every", scoring.DefaultAlertEvery, "evaluate the dashboard's alerts this often")
	dashURL := fs.String("dashboard-url", "", "the dashboard's address as managers open it (https://…), for the link in centres' alert webhooks")
	hookTimeout := fs.Duration("webhook-timeout", webhook.DefaultTimeout, "time one POST to a centre's alert webhook may take")
	logFormat := fs.String("log-format", "json", "log format: json or text")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if (*certFile == "") != (*keyFile == "") {
		return usageError{"--tls-cert and --tls-key go together"}
	}
	if *alertEvery <= 0 {
		return usageError{"--alert-every must be positive"}
	}
	if *hookTimeout <= 0 {
		return usageError{"--webhook-timeout must be positive"}
	}
	if *dashURL != "" {
		if err := scoring.CheckWebhookURL(*dashURL); err != nil {
			return usageError{"--dashboard-url: want an http(s) address such as https://hailong.example.vn"}
		}
	}
	if *verifyEvery < 0 || *verifyFull < 0 {
		return usageError{"--verify-every and --verify-full-every cannot be negative"}
	}
	if *rate <= 0 || *burst < 1 || *batchRate <= 0 || *batchBurst < 1 {
		return usageError{"--rate and --batch-rate must be positive, --burst and --batch-burst at least 1"}
	}
	if *perKiosk < 1 || *uploads < 1 || *bodyTimeout <= 0 || *enrolRate <= 0 || *enrolBurst < 1 {
		return usageError{"--max-uploads-per-kiosk, --max-uploads and --enrol-burst must be at least 1, --body-timeout and --enrol-rate positive"}
	}
	log, err := newLogger(stderr, *logFormat, *logLevel)
	if err != nil {
		return usageError{err.Error()}
	}
	var tlsCfg *tls.Config
	if *certFile != "" {
		cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			return fmt.Errorf("serve: TLS key pair: %w", err)
		}
		tlsCfg = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
	}

	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	reg := prometheus.NewRegistry()
	reg.MustRegister(kioskapi.NewVerifyCollector(st, log))
	// The verifier stops before the store closes (defers run last first).
	vctx, stopVerify := context.WithCancel(ctx)
	verified := make(chan struct{})
	go func() {
		defer close(verified)
		scoring.RunVerifier(vctx, log, st, scoring.VerifySchedule{Every: *verifyEvery, FullEvery: *verifyFull})
	}()
	defer func() { stopVerify(); <-verified }()
	// Centres' alert webhooks: a bounded queue and workers of their own,
	// stopped after the evaluator and the dashboard that feed them.
	hooks := webhook.New(webhook.Options{Centres: st, Logger: log, Timeout: *hookTimeout, Dashboard: *dashURL,
		UserAgent: "hailong-scoring-server/" + version})
	reg.MustRegister(hooks.Collectors()...)
	hctx, stopHooks := context.WithCancel(ctx)
	hooked := make(chan struct{})
	go func() {
		defer close(hooked)
		hooks.Run(hctx)
	}()
	defer func() { stopHooks(); <-hooked }()
	ns := notifyingStore{Store: st, hooks: hooks}
	// The alert evaluator likewise: its own goroutine, a few reads a
	// minute, never in the way of ingest.
	actx, stopAlerts := context.WithCancel(ctx)
	alerted := make(chan struct{})
	go func() {
		defer close(alerted)
		scoring.RunAlerts(actx, log, ns, *alertEvery, nil)
	}()
	defer func() { stopAlerts(); <-alerted }()
	api := kioskapi.NewServer(log, st, reg, kioskapi.Config{
		RatePerSecond: *rate, RateBurst: *burst, BatchRatePerSecond: *batchRate, BatchBurst: *batchBurst,
		MaxUploadsPerKiosk: *perKiosk, MaxUploads: *uploads, BodyTimeout: *bodyTimeout,
		EnrolPerMinute: *enrolRate, EnrolBurst: *enrolBurst, SkewLimit: *skew,
	})
	// A database written by demo-data says so on every page.
	_, demo, err := st.Demo(ctx)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	dash, err := dashboard.NewApp(ns, dashboard.AppOptions{Site: dashboard.Options{Logger: log, Demo: demo}})
	if err != nil {
		return fmt.Errorf("serve: dashboard: %w", err)
	}
	// One mux for everything served: the kiosk API at its paths (/api/,
	// /healthz, /readyz, /metrics) and the dashboard at "/".
	mux := http.NewServeMux()
	kioskapi.Mount(mux, api)
	mux.Handle("/", dash.Handler())
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := &http.Server{
		Handler:           mux,
		TLSConfig:         tlsCfg,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	scheme := "http"
	if tlsCfg != nil {
		scheme = "https"
	}
	log.Info("listening", "addr", ln.Addr().String(), "url", scheme+"://"+ln.Addr().String(),
		"db", st.Path(), "schema", st.SchemaVersion(), "version", version)
	if b := st.BackupPath(); b != "" {
		log.Info("database copied aside before migrating", "backup", b)
	}

	errc := make(chan error, 1)
	go func() {
		if tlsCfg != nil {
			errc <- srv.ServeTLS(ln, "", "")
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}

// newLogger makes the server's structured logger.
func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want json or text", format)
}
