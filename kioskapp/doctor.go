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

// minFreeDisk is the free space below which the kiosk may soon stop
// taking ratings (a variable so that a test can make any disk look full).
var minFreeDisk int64 = 200 << 20

// Thresholds of kiosk doctor.
const (
	maxClockOffset   = time.Minute
	maxPendingAge    = 24 * time.Hour
	doctorNetTimeout = 15 * time.Second
)

// check is one line of kiosk doctor: what was checked, what was found and,
// on a failure, what to do. The checks the kiosk can run by itself also
// go on its heartbeat (health.go), summed up in one word under key.
type check struct {
	name   string
	key    string // its protocol name on the heartbeat; "" for a check the heartbeat does not carry
	word   string // protocol.CheckOK, or one word for what is wrong (protocol/checks.go)
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
	// The heartbeat doctor sends carries what it found, so that the Fleet
	// page shows at once what a technician on site just fixed.
	checks = append(checks, serverChecks(ctx, db, e.Version, append([]check{threadingCheck(fyneDoMigrated)}, checks...))...)
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

// localChecks look at the database and the disk: kiosk doctor prints them
// and the heartbeat carries them (health.go).
func localChecks(ctx context.Context, db *localdb.DB) []check {
	return append(deepChecks(ctx, db), quickChecks(ctx, db)...)
}

// deepChecks read the whole database: its integrity and the hash chain of
// every stored response (most of a run's cost: BenchmarkHealthChecks).
func deepChecks(ctx context.Context, db *localdb.DB) []check {
	var out []check
	integrity := check{name: "database", key: protocol.CheckDatabase, word: protocol.CheckOK, ok: true, found: "integrity ok"}
	if err := db.IntegrityCheck(ctx); err != nil {
		integrity = check{name: "database", key: protocol.CheckDatabase, word: "corrupt", found: err.Error(),
			action: "stop the kiosk, copy kiosk.db aside, restore the newest kiosk.db.bak-*, call support"}
	}
	out = append(out, integrity)
	chain := check{name: "hash chain", key: protocol.CheckChain, word: protocol.CheckOK, ok: true, found: "every response verifies"}
	if err := db.VerifyChain(ctx); err != nil {
		chain = check{name: "hash chain", key: protocol.CheckChain, word: "broken", found: err.Error(),
			action: "a stored response was altered or removed: keep the file and report it"}
	}
	return append(out, chain)
}

// quickChecks look at the disk and the backlog: a few indexed reads.
func quickChecks(ctx context.Context, db *localdb.DB) []check {
	var out []check
	st, err := db.Stats(ctx, time.Now())
	if err != nil {
		return append(out, check{name: "disk", key: protocol.CheckDisk, word: "error", found: err.Error(), action: "check the data directory"})
	}
	disk := check{name: "disk", key: protocol.CheckDisk, word: protocol.CheckOK, ok: true,
		found: fmt.Sprintf("%d MiB free in %s", st.DiskFreeBytes>>20, st.DataDir)}
	if st.DiskFreeBytes < minFreeDisk {
		disk.ok, disk.word = false, "low"
		disk.action = "free space on this disk: ratings stop when it is full"
	}
	out = append(out, disk)
	backlog := check{name: "backlog", key: protocol.CheckBacklog, word: protocol.CheckOK, ok: true,
		found: count(st.Pending, "response", "responses") + " waiting for upload"}
	if t, ok, err := db.OldestPending(ctx); err != nil {
		backlog = check{name: "backlog", key: protocol.CheckBacklog, word: "error", found: err.Error(), action: "check the database"}
	} else if ok {
		age := time.Since(t).Round(time.Minute)
		backlog.found += fmt.Sprintf(", oldest %s ago", age)
		if age > maxPendingAge {
			backlog.warn, backlog.word = true, "behind"
			backlog.action = "uploads are behind: see the server checks below"
		}
	}
	if n, err := db.QuarantinedCount(ctx); err == nil && n > 0 {
		backlog.warn = true
		if backlog.word == protocol.CheckOK {
			backlog.word = "rejected"
		}
		backlog.found += ", " + count(n, "response", "responses") + " rejected by the server (kept; see the technician screen)"
	}
	return append(out, backlog)
}

// clockCheck judges the kiosk's clock by its offset from the server's
// (the server's minus the kiosk's), as a heartbeat measured it.
func clockCheck(offset time.Duration) check {
	c := check{name: "clock", key: protocol.CheckClock, word: protocol.CheckOK, ok: true,
		found: fmt.Sprintf("%s from the server", offset.Round(time.Millisecond))}
	if offset > maxClockOffset || offset < -maxClockOffset {
		c.ok, c.word = false, "skewed"
		c.action = "set the time: timedatectl set-ntp true (ratings carry the kiosk's time)"
	}
	return c
}

// serverChecks send one heartbeat, carrying the results of self and of the
// staff PIN check: it shows at once whether the server is reachable, its
// certificate trusted, the token valid and the clock right.
func serverChecks(ctx context.Context, db *localdb.DB, version string, self []check) []check {
	e, ok, err := db.Enrolment(ctx)
	if err != nil {
		return []check{{name: "enrolment", found: err.Error(), action: "enrol again: kiosk enrol --server URL --code CODE"}}
	}
	if !ok {
		return []check{{name: "enrolment", found: "not enrolled: ratings stay on this kiosk", action: "kiosk enrol --server URL --code CODE (code from the administrator)"}}
	}
	pins := staffPINCheck(e.Config)
	out := []check{{name: "enrolment", ok: true, found: "uploads to " + e.Server}, pins}
	sent := heartbeatChecks(append(self, pins))
	up, err := upload.New(upload.Options{ServerURL: e.Server, Token: e.Token, CAFile: e.CAFile, Outbox: db, AppVersion: version,
		Checks: func() protocol.Checks { return sent }})
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
		return append(out, clockCheck(offset))
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
		return check{name: "staff PINs", key: protocol.CheckPINs, word: protocol.CheckOK, ok: true, found: "argon2id hashes"}
	}
	return check{name: "staff PINs", key: protocol.CheckPINs, word: "legacy", ok: true, warn: true, found: strings.Join(w, "; "),
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
	c := check{name: "threading", key: protocol.CheckThreading, word: protocol.CheckOK, ok: true, found: threadingModeOf(migrated)}
	if !migrated {
		c.warn, c.word = true, "compat"
		c.action = "install a kiosk built by make build or the release package"
	}
	return c
}
