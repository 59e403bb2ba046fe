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
	"os"
	"path/filepath"
	"strings"
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
	o := addServeFlags(fs)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := o.check(); err != nil {
		return withConfigHint(fs, err)
	}
	log, err := newLogger(stderr, *o.logFormat, *o.logLevel)
	if err != nil {
		return withConfigHint(fs, usageError{err.Error()})
	}
	var tlsCfg *tls.Config
	if *o.certFile != "" {
		cert, err := tls.LoadX509KeyPair(*o.certFile, *o.keyFile)
		if err != nil {
			return fmt.Errorf("serve: không nạp được chứng chỉ TLS %s và khóa %s (tls_cert, tls_key); hãy kiểm tra đường dẫn, rằng hai tệp đi với nhau và người dùng của dịch vụ đọc được / cannot load the TLS certificate %s and key %s (tls_cert, tls_key); check the paths, that they belong together and that the service's user can read them: %w",
				*o.certFile, *o.keyFile, *o.certFile, *o.keyFile, err)
		}
		tlsCfg = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
	}

	created, err := prepareDatabaseDir(*db)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if created {
		log.Info("created a new database", "db", st.Path(), "schema", st.SchemaVersion())
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(kioskapi.NewVerifyCollector(st, log))
	// The verifier stops before the store closes (defers run last first).
	vctx, stopVerify := context.WithCancel(ctx)
	verified := make(chan struct{})
	go func() {
		defer close(verified)
		scoring.RunVerifier(vctx, log, st, scoring.VerifySchedule{Every: *o.verifyEvery, FullEvery: *o.verifyFull})
	}()
	defer func() { stopVerify(); <-verified }()
	// Centres' alert webhooks: a bounded queue and workers of their own,
	// stopped after the evaluator and the dashboard that feed them.
	hooks := webhook.New(webhook.Options{Centres: st, Logger: log, Timeout: *o.hookTimeout, Dashboard: *o.dashURL,
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
		scoring.RunAlerts(actx, log, ns, *o.alertEvery, nil)
	}()
	defer func() { stopAlerts(); <-alerted }()
	api := kioskapi.NewServer(log, st, reg, kioskapi.Config{
		RatePerSecond: *o.rate, RateBurst: *o.burst, BatchRatePerSecond: *o.batchRate, BatchBurst: *o.batchBurst,
		MaxUploadsPerKiosk: *o.perKiosk, MaxUploads: *o.uploads, BodyTimeout: *o.bodyTimeout,
		EnrolPerMinute: *o.enrolRate, EnrolBurst: *o.enrolBurst, SkewLimit: *o.skew,
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
	ln, err := net.Listen("tcp", *o.addr)
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

// prepareDatabaseDir makes the database's directory if it is missing (the
// package's systemd unit has StateDirectory make it; a server started by
// hand may not), so that the first start creates the database, and says
// whether the database is new.
func prepareDatabaseDir(db string) (created bool, err error) {
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		return false, nil // openStore refuses it plainly
	}
	if _, err := os.Stat(db); err == nil {
		return false, nil
	}
	if err := os.MkdirAll(filepath.Dir(db), 0o750); err != nil {
		return false, fmt.Errorf("serve: không tạo được thư mục của cơ sở dữ liệu; hãy kiểm tra --db (hoặc khóa db) và quyền ghi / cannot make the database's directory; check --db (or the db key) and write permission: %w", err)
	}
	return true, nil
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
