package kioskapp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"hailong/kiosk/localdb"
	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
	"hailong/kiosk/upload"
)

// Thresholds of kiosk doctor.
const (
	minFreeDisk      = 200 << 20 // below this the kiosk may soon stop taking ratings
	maxClockOffset   = time.Minute
	maxPendingAge    = 24 * time.Hour
	doctorNetTimeout = 15 * time.Second
)

// check is one line of kiosk doctor: what was checked, what was found and,
// on a failure, what to do.
type check struct {
	name   string
	ok     bool
	warn   bool // reported, but not a failure
	found  string
	action string
}

func (c check) String() string {
	status := "OK  "
	switch {
	case !c.ok:
		status = "FAIL"
	case c.warn:
		status = "WARN"
	}
	s := fmt.Sprintf("%s %-18s %s", status, c.name, c.found)
	if c.action != "" {
		s += " — " + c.action
	}
	return s
}

// runDoctor checks the kiosk and prints one line per check; it fails when
// any check fails.
func (e *env) runDoctor(ctx context.Context, args []string) error {
	getenv, stdout, stderr := e.getenv, e.stdout, e.stderr
	fs := newFlags("doctor", stderr)
	dataDir := fs.String("data-dir", defaultDataDir(getenv), "data directory")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(stdout, threadingCheck(fyneDoMigrated))
	if _, err := os.Stat(filepath.Join(*dataDir, localdb.FileName)); err != nil {
		fmt.Fprintln(stdout, check{name: "database", found: "no " + localdb.FileName + " in " + *dataDir,
			action: "check --data-dir, or start the kiosk once to create it"})
		return errors.New("doctor: 1 problem")
	}
	db, err := openStore(*dataDir)
	if errors.Is(err, errReadOnly) {
		fmt.Fprintln(stdout, check{name: "database", found: err.Error()})
		return errors.New("doctor: 1 problem / 1 vấn đề")
	}
	if err != nil {
		fmt.Fprintln(stdout, check{name: "database", found: err.Error(), action: "restore the newest kiosk.db.bak-* copy, or call support; do not delete kiosk.db"})
		return errors.New("doctor: 1 problem")
	}
	defer db.Close()
	checks := localChecks(ctx, db)
	checks = append(checks, serverChecks(ctx, db, e.Version)...)
	failed := 0
	for _, c := range checks {
		fmt.Fprintln(stdout, c)
		if !c.ok {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("doctor: %s", count(failed, "problem", "problems"))
	}
	return nil
}

// localChecks look at the database and the disk.
func localChecks(ctx context.Context, db *localdb.DB) []check {
	var out []check
	integrity := check{name: "database", ok: true, found: "integrity ok"}
	if err := db.IntegrityCheck(ctx); err != nil {
		integrity = check{name: "database", found: err.Error(), action: "stop the kiosk, copy kiosk.db aside, restore the newest kiosk.db.bak-*, call support"}
	}
	out = append(out, integrity)
	chain := check{name: "hash chain", ok: true, found: "every response verifies"}
	if err := db.VerifyChain(ctx); err != nil {
		chain = check{name: "hash chain", found: err.Error(), action: "a stored response was altered or removed: keep the file and report it"}
	}
	out = append(out, chain)
	st, err := db.Stats(ctx, time.Now())
	if err != nil {
		return append(out, check{name: "disk", found: err.Error(), action: "check the data directory"})
	}
	disk := check{name: "disk", ok: true, found: fmt.Sprintf("%d MiB free in %s", st.DiskFreeBytes>>20, st.DataDir)}
	if st.DiskFreeBytes < minFreeDisk {
		disk.ok = false
		disk.action = "free space on this disk: ratings stop when it is full"
	}
	out = append(out, disk)
	backlog := check{name: "backlog", ok: true, found: count(st.Pending, "response", "responses") + " waiting for upload"}
	if t, ok, err := db.OldestPending(ctx); err != nil {
		backlog = check{name: "backlog", found: err.Error(), action: "check the database"}
	} else if ok {
		age := time.Since(t).Round(time.Minute)
		backlog.found += fmt.Sprintf(", oldest %s ago", age)
		if age > maxPendingAge {
			backlog.warn = true
			backlog.action = "uploads are behind: see the server checks below"
		}
	}
	if n, err := db.QuarantinedCount(ctx); err == nil && n > 0 {
		backlog.warn = true
		backlog.found += ", " + count(n, "response", "responses") + " rejected by the server (kept; see the technician screen)"
	}
	return append(out, backlog)
}

// serverChecks send one heartbeat: it shows at once whether the server is
// reachable, its certificate trusted, the token valid and the clock right.
func serverChecks(ctx context.Context, db *localdb.DB, version string) []check {
	e, ok, err := db.Enrolment(ctx)
	if err != nil {
		return []check{{name: "enrolment", found: err.Error(), action: "enrol again: kiosk enrol --server URL --code CODE"}}
	}
	if !ok {
		return []check{{name: "enrolment", found: "not enrolled: ratings stay on this kiosk", action: "kiosk enrol --server URL --code CODE (code from the administrator)"}}
	}
	out := []check{{name: "enrolment", ok: true, found: "uploads to " + e.Server}, staffPINCheck(e.Config)}
	up, err := upload.New(upload.Options{ServerURL: e.Server, Token: e.Token, CAFile: e.CAFile, Outbox: db, AppVersion: version})
	if err != nil {
		return append(out, check{name: "server", found: err.Error(), action: "fix the server URL or the CA file, or enrol again"})
	}
	ctx, cancel := context.WithTimeout(ctx, doctorNetTimeout)
	defer cancel()
	_, offset, err := up.Heartbeat(ctx)
	var ue *upload.Error
	switch {
	case err == nil:
		out = append(out,
			check{name: "server", ok: true, found: "reachable"},
			check{name: "tls", ok: true, found: tlsFound(e.Server)},
			check{name: "token", ok: true, found: "accepted"})
		clock := check{name: "clock", ok: true, found: fmt.Sprintf("%s from the server", offset.Round(time.Millisecond))}
		if offset > maxClockOffset || offset < -maxClockOffset {
			clock.ok = false
			clock.action = "set the time: timedatectl set-ntp true (ratings carry the kiosk's time)"
		}
		return append(out, clock)
	case errors.As(err, &ue) && ue.Kind == upload.KindTLS:
		return append(out, check{name: "server", ok: true, found: "reachable"},
			check{name: "tls", found: err.Error(), action: "the certificate is not trusted: enrol again with --ca-file PROVINCE-CA.pem, or fix the server's certificate"})
	case errors.As(err, &ue) && ue.Kind == upload.KindUnauthorized:
		return append(out, check{name: "server", ok: true, found: "reachable"}, check{name: "tls", ok: true, found: tlsFound(e.Server)},
			check{name: "token", found: "rejected (revoked or unknown)", action: "get a new code from the administrator and run kiosk enrol again"})
	default:
		return append(out, check{name: "server", found: err.Error(), action: "check the network cable or Wi-Fi, DNS and the server URL; ratings are kept meanwhile"})
	}
}

// staffPINCheck warns about legacy bcrypt technician and manager hashes in
// the configuration from the server: they still work, but may hide a
// 4-digit PIN that any kiosk token gives away (docs/SECURITY.md).
func staffPINCheck(cfg protocol.KioskConfig) check {
	w := survey.Config{TechnicianPIN: cfg.TechnicianPINHash, ManagerPIN: cfg.ManagerPINHash}.PINWarnings()
	if len(w) == 0 {
		return check{name: "staff PINs", ok: true, found: "argon2id hashes"}
	}
	return check{name: "staff PINs", ok: true, warn: true, found: strings.Join(w, "; "),
		action: "ask the administrator to run scoring-server centre add with new 6-digit PINs"}
}

func tlsFound(server string) string {
	if len(server) >= 8 && server[:8] == "https://" {
		return "certificate verified"
	}
	return "not used (plain HTTP: only for a server on this machine)"
}

// threadingCheck says which of Fyne's threading modes the binary runs in: a
// kiosk built without the migrated_fynedo tag runs in the compatibility
// mode, which it is not tested in. It is a warning, not a failure: the
// kiosk still takes ratings.
func threadingCheck(migrated bool) check {
	c := check{name: "threading", ok: true, found: threadingModeOf(migrated)}
	if !migrated {
		c.warn = true
		c.action = "install a kiosk built by make build or the release package"
	}
	return c
}
