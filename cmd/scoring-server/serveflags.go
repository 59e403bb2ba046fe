package main

import (
	"errors"
	"flag"
	"fmt"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/webhook"
)

// serveFlags are serve's settings, each a flag and a key of the
// configuration file (configfile.go) of the same name with "_" for "-".
type serveFlags struct {
	addr        *string
	certFile    *string
	keyFile     *string
	rate        *float64
	burst       *int
	batchRate   *float64
	batchBurst  *int
	perKiosk    *int
	uploads     *int
	bodyTimeout *time.Duration
	enrolRate   *float64
	enrolBurst  *int
	skew        *time.Duration
	verifyEvery *time.Duration
	verifyFull  *time.Duration
	alertEvery  *time.Duration
	dashURL     *string
	hookTimeout *time.Duration
	logFormat   *string
	logLevel    *string
}

// addServeFlags defines serve's flags on fs.
func addServeFlags(fs *flag.FlagSet) serveFlags {
	return serveFlags{
		addr:        fs.String("addr", "127.0.0.1:8080", "address to listen on (port 0: any free port)"),
		certFile:    fs.String("tls-cert", "", "TLS certificate (PEM); serve HTTPS with --tls-key"),
		keyFile:     fs.String("tls-key", "", "TLS private key (PEM)"),
		rate:        fs.Float64("rate", kioskapi.DefaultRatePerSecond, "requests per second per kiosk, batches aside"),
		burst:       fs.Int("burst", kioskapi.DefaultRateBurst, "request burst per kiosk, batches aside"),
		batchRate:   fs.Float64("batch-rate", kioskapi.DefaultBatchRatePerSecond, "batches per second per kiosk"),
		batchBurst:  fs.Int("batch-burst", kioskapi.DefaultBatchBurst, "batch burst per kiosk (a backlog drains at full speed up to 500 responses a batch)"),
		perKiosk:    fs.Int("max-uploads-per-kiosk", kioskapi.DefaultMaxUploadsPerKiosk, "batches one kiosk may have in flight; beyond, 429 before the body is read"),
		uploads:     fs.Int("max-uploads", kioskapi.DefaultMaxUploads, "batches in flight from all kiosks (each holds up to 1 MiB); beyond, 503"),
		bodyTimeout: fs.Duration("body-timeout", kioskapi.DefaultBodyTimeout, "time a request body may take to arrive; beyond, 408"),
		enrolRate:   fs.Float64("enrol-rate", kioskapi.DefaultEnrolPerMinute, "enrolment attempts per minute per remote address (behind a reverse proxy, all kiosks share the proxy's address)"),
		enrolBurst:  fs.Int("enrol-burst", kioskapi.DefaultEnrolBurst, "enrolment attempt burst per remote address"),
		skew:        fs.Duration("skew-limit", scoring.DefaultSkewLimit, "kiosk clock skew that is flagged"),
		verifyEvery: fs.Duration("verify-every", scoring.DefaultVerifyEvery, "verify the rows stored since the last pass this often (0: never)"),
		verifyFull:  fs.Duration("verify-full-every", scoring.DefaultVerifyFullEvery, "verify every stored chain at start and this often (0: never)"),
		alertEvery:  fs.Duration("alert-every", scoring.DefaultAlertEvery, "evaluate the dashboard's alerts this often"),
		dashURL:     fs.String("dashboard-url", "", "the dashboard's address as managers open it (https://…), for the link in centres' alert webhooks"),
		hookTimeout: fs.Duration("webhook-timeout", webhook.DefaultTimeout, "time one POST to a centre's alert webhook may take"),
		logFormat:   fs.String("log-format", "json", "log format: json or text"),
		logLevel:    fs.String("log-level", "info", "log level: debug, info, warn or error"),
	}
}

// check refuses settings serve cannot run with.
func (o serveFlags) check() error {
	if (*o.certFile == "") != (*o.keyFile == "") {
		return usageError{"--tls-cert and --tls-key go together"}
	}
	if *o.alertEvery <= 0 {
		return usageError{"--alert-every must be positive"}
	}
	if *o.hookTimeout <= 0 {
		return usageError{"--webhook-timeout must be positive"}
	}
	if *o.dashURL != "" {
		if err := scoring.CheckWebhookURL(*o.dashURL); err != nil {
			return usageError{"--dashboard-url: want an http(s) address such as https://hailong.example.vn"}
		}
	}
	if *o.verifyEvery < 0 || *o.verifyFull < 0 {
		return usageError{"--verify-every and --verify-full-every cannot be negative"}
	}
	if *o.rate <= 0 || *o.burst < 1 || *o.batchRate <= 0 || *o.batchBurst < 1 {
		return usageError{"--rate and --batch-rate must be positive, --burst and --batch-burst at least 1"}
	}
	if *o.perKiosk < 1 || *o.uploads < 1 || *o.bodyTimeout <= 0 || *o.enrolRate <= 0 || *o.enrolBurst < 1 {
		return usageError{"--max-uploads-per-kiosk, --max-uploads and --enrol-burst must be at least 1, --body-timeout and --enrol-rate positive"}
	}
	return nil
}

// withConfigHint adds to a wrong setting's message, when a configuration
// file was read, that the value may come from it.
func withConfigHint(fs *flag.FlagSet, err error) error {
	var u usageError
	cf := fs.Lookup("config")
	if !errors.As(err, &u) || cf == nil || cf.Value.String() == "" {
		return err
	}
	file := cf.Value.String()
	return usageError{fmt.Sprintf("%s\n(giá trị có thể đến từ %s: khóa trùng tên cờ, \"_\" thay cho \"-\"; hãy sửa ở đó hoặc dùng cờ / the value may come from %s: its key is the flag's name with \"_\" for \"-\"; fix it there or give the flag)", u.msg, file, file)}
}
