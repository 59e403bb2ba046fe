package kioskapp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"hailong/kiosk/localdb"
	"hailong/kiosk/protocol"
	"hailong/kiosk/upload"
)

// runEnrol binds the kiosk to a counter of a centre on the scoring server:
// it sends the single-use code with the kiosk's id, stores the token and
// the configuration, and the kiosk uploads from its next start.
func (e *env) runEnrol(ctx context.Context, args []string) error {
	getenv, stdout, stderr := e.getenv, e.stdout, e.stderr
	fs := newFlags("enrol", stderr)
	dataDir := fs.String("data-dir", defaultDataDir(getenv), "data directory")
	server := fs.String("server", "", "scoring server base URL, e.g. https://diem.example.gov.vn")
	code := fs.String("code", "", "enrolment code from the administrator (scoring-server enrol-code)")
	caFile := fs.String("ca-file", "", "PEM file of a CA to trust besides the system's (a province's own CA)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *server == "" || *code == "" {
		return usageError{"enrol needs --server URL and --code CODE"}
	}
	ca := *caFile
	if ca != "" {
		abs, err := filepath.Abs(ca)
		if err != nil {
			return err
		}
		if _, err := os.Stat(abs); err != nil {
			return fmt.Errorf("--ca-file: %w", err)
		}
		ca = abs
	}
	db, err := openStore(*dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	host, _ := os.Hostname()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	res, err := upload.Enrol(ctx, *server, ca, protocol.EnrolRequest{Code: *code, KioskID: db.KioskID(), Hostname: host, AppVersion: e.Version})
	if err != nil {
		return explainEnrolError(err)
	}
	if res.KioskID != db.KioskID() {
		return fmt.Errorf("the server registered kiosk %s, but this kiosk's id is %s: not saved", res.KioskID, db.KioskID())
	}
	cfg, err := res.Config.ToSurvey()
	if err != nil {
		return fmt.Errorf("the server's configuration for this kiosk is not usable (ask the administrator to complete the centre): %w", err)
	}
	if err := db.SaveEnrolment(ctx, localdb.Enrolment{Server: *server, Token: res.Token, CAFile: ca, Config: res.Config, ETag: res.Config.Version}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "enrolled kiosk %s: %s (%s), %s — %d officers; ratings will upload to %s\n",
		res.KioskID, cfg.CentreName, cfg.CentreID, cfg.CounterName, len(cfg.Officers), *server)
	return nil
}

// explainEnrolError says what a technician should do about a failure.
func explainEnrolError(err error) error {
	var ue *upload.Error
	if !errors.As(err, &ue) {
		return err
	}
	switch {
	case ue.Kind == upload.KindTLS:
		return fmt.Errorf("%w\nthe server's certificate is not trusted: pass the province's CA with --ca-file FILE.pem", err)
	case ue.Code == protocol.CodeInvalidCode:
		return fmt.Errorf("%w\nthe code is wrong, already used or expired: ask the administrator for a new one", err)
	case ue.Code == protocol.CodeKioskTaken:
		return fmt.Errorf("%w\nthis kiosk id is registered to another counter: ask the administrator", err)
	case ue.Kind == upload.KindUnreachable || ue.Kind == upload.KindTimeout:
		return fmt.Errorf("%w\ncannot reach the server: check the network and the URL", err)
	}
	return err
}
