package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/sqlitestore"
)

const usage = `Hài Lòng scoring server — máy chủ tổng hợp đánh giá / satisfaction scoring server

Usage:
  scoring-server serve [--config FILE] [--addr 127.0.0.1:8080] [--tls-cert FILE --tls-key FILE]
        [--rate 20 --burst 40] [--batch-rate 20 --batch-burst 400]
        [--verify-every 1m] [--verify-full-every 24h]
        [--max-uploads-per-kiosk 4 --max-uploads 64] [--body-timeout 30s]
        [--enrol-rate 6 --enrol-burst 10 (a minute, per address)]
        [--alert-every 1m] [--dashboard-url URL] [--webhook-timeout 10s]
        [--log-format json|text] [--log-level info]
        Serve upload protocol v1 (docs/API.md), /healthz (liveness),
        /readyz (readiness) and /metrics, and verify the stored chains: the
        new rows every --verify-every, all of them at start and every
        --verify-full-every (0 turns either off). Evaluate the alerts every
        --alert-every and POST each alert event to its centre's webhook, if
        it has one (with a link to --dashboard-url/alerts when given).
  scoring-server centre add --id ID --name NAME --technician-pin PIN
        [--scale legal3|face4|star5] [--manager-pin PIN]
        [--reasons FILE.toml|FILE.json] [--mapping RAW=LEVEL,…]
        [--tz Asia/Ho_Chi_Minh] [--hours HOURS] [--webhook URL]
        Add a centre, or replace the one with that id (its time zone,
        hours and webhook are kept unless given).
  scoring-server centre set --id ID [--scale S] [--reasons FILE|default]
        [--mapping RAW=LEVEL,…|default] [--tz ZONE] [--hours HOURS|default]
        [--webhook URL|""]
        Change a centre's scale, reasons, mapping, time zone (the IANA
        zone whose days its reports count in; a new zone rebuilds its
        rollups), opening hours or alert webhook; the rest is kept.
        --hours "mon-fri 07:30-11:30,13:00-17:00; sat 07:30-11:30" (days
        mon … sun or t2 … t7, cn; days not named are closed; default:
        mon-fri 07:30-17:30; sat 07:30-11:30) decides when a silent kiosk
        is an alert. --webhook https://… makes serve POST each new,
        acknowledged or closed alert of the centre to that URL as JSON
        (docs/DASHBOARD.md); --webhook "" removes it.
  scoring-server centre list
        Every centre, tab-separated: id, name, scale, time zone, opening
        hours, webhook.
  scoring-server officer add --centre ID --id ID --name NAME --pin PIN
        [--title TITLE] [--photo FILE.png|.jpg|.svg]
        Add an officer to a centre's roster, or replace the one with that id.
  scoring-server officer remove --centre ID --id ID
        Take an officer off a centre's roster (their ratings are kept).
  scoring-server enrol-code --centre ID --counter N [--ttl 24h]
        [--server-url https://… (config: public_url)] [--qr FILE.png]
        Print a single-use enrolment code for a kiosk at that counter on
        stdout, alone, and on stderr, for the technician, the code and its
        QR code (the server URL and the code, nothing else) that the
        kiosk's scanner reads on the setup screen; --qr also writes the QR
        code as a PNG. The QR code needs --server-url.
  scoring-server kiosk list
        Every kiosk, tab-separated: health, backlog, chain, chain problems
        found by verify, clock skew, how many times it was enrolled
        (more than 1: see audit --kiosk ID), and its failing self-checks
        (checks: disk=low,clock=skewed; ok when all pass).
  scoring-server kiosk revoke ID
        Revoke a kiosk's token; its next request gets 401.
  scoring-server export --from YYYY-MM-DD --to YYYY-MM-DD [--centre ID]
        [--format csv] [--tz Asia/Ho_Chi_Minh] [--out FILE]
        Responses created on those days (both included, in --tz), as CSV
        (UTF-8 with BOM), to stdout or --out.
  scoring-server report --centre ID --from YYYY-MM-DD --to YYYY-MM-DD --out FILE
        [--format xlsx|csv] [--kind summary|responses] [--by NAME]
        A centre's satisfaction report over its local days (both included):
        XLSX with the summary per centre, counter and officer ("Tổng hợp")
        and the responses ("Chi tiết"); CSV (UTF-8 with BOM) holds one of
        them, --kind summary (default) or responses. Audited.
  scoring-server verify [--kiosk ID]
        Recompute every stored hash chain from its rows and report each
        changed, deleted or inserted row and missing trigger; exit 3 if any.
  scoring-server verify-export FILE.csv|-
        Recompute every hash and link of a CSV export from the file alone
        (docs/EXPORT.md); exit 3 if any does not match.
  scoring-server prune --before YYYY-MM-DD [--tz Asia/Ho_Chi_Minh]
        [--kiosk ID] [--dry-run]
        Retention: delete responses created before that day, per kiosk up
        to its first missing seq, leaving a checkpoint that verify starts
        from. The only way rows leave the append-only responses table.
  scoring-server user add --email E --name N --role admin|manager [--centre ID]
        Add a dashboard user; the password (at least 10 characters) is
        asked twice on a terminal, else read as the first line of standard
        input. A manager needs --centre (their
        centre); an administrator sees every centre and takes none.
  scoring-server user list
        Every user, tab-separated: email, name, role, centre, disabled,
        locked_until (10 failed sign-ins in 15 min lock for 15 min),
        last_sign_in.
  scoring-server user disable|enable EMAIL
        Stop (and sign out everywhere) or allow again a user's sign-in.
  scoring-server user set-password EMAIL
        Set a new password (as for user add); ends the user's sessions.
  scoring-server audit [--since YYYY-MM-DD] [--kiosk ID]
        The audit trail of administrative acts (centres, officers, codes,
        enrolments and their failures, revocations), tab-separated, oldest
        first; tabs and line breaks in it are escaped.
  scoring-server rebuild-rollups [--centre ID]
        Recount the reports' rollups (per day, hour, counter, officer,
        level, reason) from the stored responses in one transaction, and
        print each key that differed, tab-separated; exit 0 if none did,
        3 if some did (they are fixed either way).
  scoring-server demo-data [--days 60] [--seed 1] [--now RFC3339] [--if-stale]
        Write made-up demo data (make run): 3 centres, a kiosk per counter,
        --days of ratings up to --now, a demo administrator and manager, and
        the demo mark every dashboard page shows. A database marked demo is
        made again (kept with --if-stale when its ratings reach today); one
        with real data is refused (exit 4). Stop the server first.
  scoring-server backup --out FILE
        Write a consistent copy of the database to FILE while the server
        runs and goes on taking ratings (every rating acknowledged before
        the backup began is in it), check it and say its size and how many
        responses it holds. Never overwrites FILE. docs/BACKUP.md.
  scoring-server restore --from FILE
        Replace the database by a copy backup wrote, once the server is
        stopped (refused while it runs): FILE is checked first
        (integrity_check, schema version) and the old database is kept as
        DB.before-restore-TIME.
  scoring-server migrate
        Bring the database to the current schema and print its version.
  scoring-server version | help

Every command takes --db FILE (default $SCORING_DB, else scoring.db) and
--config FILE (default $SCORING_CONFIG): a TOML file whose keys are the
flags above with "_" for "-" (db, addr, tls_cert, rate, …, and public_url
for enrol-code's --server-url); config/scoring-server.toml lists them all.
A command takes the keys it has flags for; a flag given on the command line
wins over the file, the file over $SCORING_DB. The database is created on
first use and migrated when it is opened; a database that already has data
is copied aside first (FILE.bak-vN-TIME).
PINs are digits only and are stored as argon2id hashes only. Technician and
manager PINs have 6 to 12 digits and are not one digit repeated nor a run
such as 123456; officer PINs have 4 to 12 digits (docs/SECURITY.md says why).
A centre needs a technician PIN: without one its kiosks' configuration is
invalid. Run centre add again with new PINs to replace old (bcrypt) hashes.
Reasons: 1 to 8, each a code (1 to 64 bytes of printable UTF-8, ';' and ','
allowed) with vi and en text. A kiosk's ratings are accepted only if they
match the configuration version it was sent (docs/API.md, reasons).
`

// usageError is a bad command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// errHelp asks for the usage on stdout and exit status 0.
var errHelp = errors.New("help requested")

func exitCode(err error) int {
	var u usageError
	var c configError
	if errors.As(err, &u) || errors.As(err, &c) {
		return 2
	}
	var p problemsFound
	if errors.As(err, &p) {
		return 3
	}
	var nd notDemoData
	if errors.As(err, &nd) {
		return 4
	}
	return 1
}

// newFlags returns a flag set that reports errors instead of exiting, with
// the --config and --db flags every command takes.
func newFlags(name string, getenv func(string) string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {}
	def := getenv("SCORING_DB")
	if def == "" {
		def = "scoring.db"
	}
	fs.String("config", getenv("SCORING_CONFIG"), "server configuration file (TOML, as config/scoring-server.toml); flags win over it")
	return fs, fs.String("db", def, "SQLite database file")
}

// parseFlags parses args; want is the number of positional arguments.
func parseFlags(fs *flag.FlagSet, args []string, want int) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usageError{err.Error() + "\n\n" + usage}
	}
	if err := applyConfigFile(fs); err != nil {
		return err
	}
	if fs.NArg() != want {
		return usageError{fmt.Sprintf("%s: want %d argument(s), got %q\n\n%s", fs.Name(), want, fs.Args(), usage)}
	}
	return nil
}

// required fails when a flag was left empty.
func required(cmd string, flags map[string]string) error {
	var missing []string
	for name, v := range flags {
		if v == "" {
			missing = append(missing, "--"+name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return usageError{fmt.Sprintf("%s needs %s", cmd, strings.Join(missing, ", "))}
	}
	return nil
}

// openStore opens the store --db names. Only SQLite files exist so far; a
// PostgreSQL URL is refused plainly rather than taken for a file name.
func openStore(ctx context.Context, db string) (*sqlitestore.Store, error) {
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		return nil, usageError{"--db: PostgreSQL is not supported yet; give a SQLite file"}
	}
	return sqlitestore.Open(ctx, db)
}

// withStore opens the store --db names, runs f on it and closes it.
func withStore(ctx context.Context, db string, f func(st *sqlitestore.Store) error) error {
	st, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	return f(st)
}

// Most commands ask for the one role of the store they use (withRoster,
// withFleet, withAudit): a command touches nothing else, and a second
// store implementation serves it unchanged. What only the SQLite store
// does (migrate, verify, prune) takes the store itself.

// withRoster runs f on the centres and officers of the store --db names.
func withRoster(ctx context.Context, db string, f func(st scoring.RosterStore) error) error {
	return withStore(ctx, db, func(st *sqlitestore.Store) error { return f(st) })
}

// withFleet runs f on the kiosks of the store --db names.
func withFleet(ctx context.Context, db string, f func(st scoring.FleetStore) error) error {
	return withStore(ctx, db, func(st *sqlitestore.Store) error { return f(st) })
}

// withAudit runs f on the audit trail of the store --db names.
func withAudit(ctx context.Context, db string, f func(st scoring.AuditStore) error) error {
	return withStore(ctx, db, func(st *sqlitestore.Store) error { return f(st) })
}

// added says what a save did, for scripts.
func added(created bool) string {
	if created {
		return "added"
	}
	return "updated"
}

func runCentreAdd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("centre add", getenv, stderr)
	id := fs.String("id", "", "centre id")
	name := fs.String("name", "", "centre name, as the kiosks show it")
	scale := fs.String("scale", "legal3", "rating scale: legal3, face4 or star5")
	tech := fs.String("technician-pin", "", "technician PIN (6–12 digits)")
	mgr := fs.String("manager-pin", "", "manager PIN (optional, 6–12 digits)")
	lists := addCentreListFlags(fs)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := required("centre add", map[string]string{"id": *id, "name": *name, "technician-pin": *tech}); err != nil {
		return err
	}
	c, err := scoring.NewCentre(*id, *name, *scale, *tech, *mgr, time.Now())
	if err != nil {
		return usageError{err.Error()}
	}
	if err := lists.apply(&c); err != nil {
		return err
	}
	return withRoster(ctx, *db, func(st scoring.RosterStore) error {
		// Replacing a centre (new PINs) keeps its time zone, opening
		// hours and webhook unless the flags say otherwise: another zone
		// moves every stored rating's day.
		if old, _, err := st.Roster(ctx, c.ID); err == nil {
			if c.TimeZone == "" {
				c.TimeZone = old.TimeZone
			}
			if !lists.hours.set {
				c.Hours = old.Hours
			}
			if !lists.webhook.set {
				c.Webhook = old.Webhook
			}
		}
		created, err := st.SaveCentre(ctx, c)
		if err != nil {
			return err
		}
		return writeTSV(stdout, "centre", c.ID, added(created))
	})
}

func runOfficerAdd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("officer add", getenv, stderr)
	centre := fs.String("centre", "", "centre id")
	id := fs.String("id", "", "officer id")
	name := fs.String("name", "", "full name")
	title := fs.String("title", "", "title, e.g. Chuyên viên")
	photo := fs.String("photo", "", "photo file (PNG, JPEG or SVG, at most 2 MiB)")
	pin := fs.String("pin", "", "sign-in PIN (4–12 digits)")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := required("officer add", map[string]string{"centre": *centre, "id": *id, "name": *name, "pin": *pin}); err != nil {
		return err
	}
	var data []byte
	if *photo != "" {
		var err error
		if data, err = os.ReadFile(*photo); err != nil {
			return fmt.Errorf("officer add: %w", err)
		}
	}
	o, err := scoring.NewOfficer(*centre, *id, *name, *title, *pin, data, *photo, time.Now())
	if err != nil {
		return usageError{err.Error()}
	}
	return withRoster(ctx, *db, func(st scoring.RosterStore) error {
		created, err := st.SaveOfficer(ctx, o)
		if err != nil {
			return err
		}
		return writeTSV(stdout, "officer", o.CentreID+"/"+o.ID, added(created))
	})
}

func runEnrolCode(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("enrol-code", getenv, stderr)
	centre := fs.String("centre", "", "centre id")
	counter := fs.String("counter", "", "counter number or id")
	ttl := fs.Duration("ttl", scoring.DefaultEnrolCodeTTL, "how long the code stays usable")
	serverURL := fs.String("server-url", "", "the server's public https:// address, for the QR code (config: public_url)")
	png := fs.String("qr", "", "also write the QR code to this PNG file")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := required("enrol-code", map[string]string{"centre": *centre, "counter": *counter}); err != nil {
		return err
	}
	if *ttl <= 0 || *ttl > 30*24*time.Hour {
		return usageError{"--ttl must be between 1s and 720h"}
	}
	if *png != "" && *serverURL == "" {
		return usageError{"--qr: mã QR cần địa chỉ công khai của máy chủ: thêm --server-url https://… hoặc khóa public_url vào tệp --config / the QR code needs the server's public URL: add --server-url https://… or the public_url key to the --config file"}
	}
	if *serverURL != "" {
		if err := checkPublicURL(*serverURL); err != nil {
			return err
		}
	}
	return withStore(ctx, *db, func(st *sqlitestore.Store) error {
		code, err := scoring.IssueEnrolCode(ctx, st, *centre, *counter, time.Now(), *ttl)
		if err != nil {
			return err
		}
		if _, officers, err := st.Roster(ctx, *centre); err == nil && len(officers) == 0 {
			fmt.Fprintf(stderr, "warning: centre %s has no officer yet; its kiosks cannot take ratings until `scoring-server officer add`\n", *centre)
		}
		fmt.Fprintln(stdout, code)
		return writeEnrolQR(stderr, *serverURL, code, *png)
	})
}

func runKioskList(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("kiosk list", getenv, stderr)
	skewLimit := fs.Duration("skew-limit", scoring.DefaultSkewLimit, "clock skew flagged as skewed")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	return withFleet(ctx, *db, func(st scoring.FleetStore) error {
		ks, err := st.Kiosks(ctx)
		if err != nil {
			return err
		}
		return writeKioskTable(stdout, ks, *skewLimit)
	})
}

// kioskColumns is the header of `kiosk list`.
var kioskColumns = []string{"id", "centre", "counter", "last_seen", "app_version", "pending", "oldest_pending",
	"last_seq", "contiguous_seq", "missing", "gaps", "breaks", "verify_problems", "clock_skew_s", "skewed", "revoked", "enrolments", "checks"}

// writeKioskTable writes kiosks as tab-separated columns with a header:
// one line per kiosk, each field escaped (tsvField: values come partly
// from the kiosks' heartbeats), "-" for an unknown value, times in UTC RFC 3339, so
// that cut, awk and spreadsheets read it (`column -t` aligns it).
func writeKioskTable(w io.Writer, ks []scoring.KioskStatus, skewLimit time.Duration) error {
	var b strings.Builder
	b.WriteString(tsvLine(kioskColumns...))
	for _, k := range ks {
		skewS, skewed := "-", "-"
		if !k.HeartbeatAt.IsZero() {
			skewS = fmt.Sprintf("%+d", int64(k.ClockSkew.Round(time.Second)/time.Second))
			skewed = yesNo(scoring.Skewed(k.ClockSkew, skewLimit))
		}
		pending := "-"
		if !k.HeartbeatAt.IsZero() {
			pending = fmt.Sprint(k.Pending)
		}
		fields := []string{k.ID, k.CentreID, k.CounterID, when(k.LastSeenAt), dash(k.AppVersion), pending,
			when(k.OldestPendingAt), fmt.Sprint(k.LastSeq), fmt.Sprint(k.ContiguousSeq), fmt.Sprint(k.Missing()),
			gapList(k.Gaps), fmt.Sprint(k.Breaks), fmt.Sprint(k.VerifyProblems), skewS, skewed, when(k.RevokedAt),
			fmt.Sprint(k.Enrolments), checkList(k)}
		b.WriteString(tsvLine(fields...))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// checkList shows the kiosk's self-checks from its heartbeats: the ones
// that fail as name=result, comma-separated; "ok" when every one passed;
// "-" when it never reported any (a kiosk older than them).
func checkList(k scoring.KioskStatus) string {
	if len(k.Checks) == 0 {
		return "-"
	}
	var parts []string
	for _, c := range k.Failing() {
		parts = append(parts, c.Name+"="+c.Result)
	}
	if len(parts) == 0 {
		return "ok"
	}
	return strings.Join(parts, ",")
}

// gapList shows up to three missing ranges, "-" when none.
func gapList(gs []scoring.Gap) string {
	if len(gs) == 0 {
		return "-"
	}
	var parts []string
	for i, g := range gs {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("+%d more", len(gs)-3))
			break
		}
		if g.From == g.To {
			parts = append(parts, fmt.Sprint(g.From))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", g.From, g.To))
		}
	}
	return strings.Join(parts, ",")
}

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func runKioskRevoke(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("kiosk revoke", getenv, stderr)
	if err := parseFlags(fs, args, 1); err != nil {
		return err
	}
	return withFleet(ctx, *db, func(st scoring.FleetStore) error {
		id := fs.Arg(0)
		if err := st.RevokeKiosk(ctx, id, time.Now()); err != nil {
			return err
		}
		return writeTSV(stdout, "kiosk", id, "revoked")
	})
}

func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("migrate", getenv, stderr)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	return withStore(ctx, *db, func(st *sqlitestore.Store) error {
		if b := st.BackupPath(); b != "" {
			fmt.Fprintf(stderr, "the database was copied to %s before migrating\n", b)
		}
		fmt.Fprintf(stdout, "schema version %d\n", st.SchemaVersion())
		return nil
	})
}
