package kioskapp

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"hailong/kiosk/survey"
)

const usage = `Hài Lòng kiosk — đánh giá mức độ hài lòng / satisfaction kiosk

Usage:
  kiosk [--data-dir DIR] [--config FILE] [--demo] [--province FILE] [--windowed]
        Run the kiosk (full screen unless --windowed) on --config, else on
        the server's configuration from enrolment, else, with --demo, on the
        embedded demo centre; otherwise it shows its setup screen, where the
        server's address (pre-filled from [enrol] server in the province
        file, default /etc/hailong-kiosk/kiosk.toml, on Windows
        %ProgramData%\HaiLong\kiosk.toml) and the enrolment code are typed
        or scanned from the enrolment QR code.
  kiosk export --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.csv [--data-dir DIR]
        Write the responses created on those days (inclusive, kiosk local
        time) to a CSV file (UTF-8 with BOM, opens in Excel).
  kiosk hash-pin [--officer]
        Read a PIN from standard input and print its argon2id hash, to paste
        into the configuration file. A technician or manager PIN has 6 to 12
        digits and is not one digit repeated nor a run like 123456; with
        --officer, an officer's PIN has 4 to 12 digits.
  kiosk enrol --server URL --code CODE [--ca-file PEM] [--data-dir DIR]
        Bind this kiosk to a centre and counter on the scoring server; the
        kiosk then takes its configuration from the server and uploads.
  kiosk doctor [--data-dir DIR]
        Check the database, disk, backlog, server, TLS, token and clock; one
        line per check, exit status 1 on any failure, with what to do.
  kiosk sign-in --officer ID [--data-dir DIR] [--config FILE] [--demo]
        Sign an officer in from the shell; the officer's PIN is read from
        standard input and counts toward the PIN pad's lock-out. A running
        kiosk changes its screen at once (through its local API); without
        one, the sign-in is kept for the kiosk's next start, and the command
        says which happened.
  kiosk version
        Print the version (git describe of the build; the technician screen
        shows it too).
  kiosk help
        Show this help.

The data directory defaults to $XDG_DATA_HOME/hailong (~/.local/share/hailong);
on Windows to %ProgramData%\HaiLong\kiosk.
`

// usageError is a bad command line: exit status 2.
type usageError struct{ msg string }

// errHelp is --help: the usage is printed and the exit status is 0.
var errHelp = errors.New("help requested")

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {}
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usageError{err.Error() + "\n\n" + usage}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

// runExport writes responses of a date range to CSV.
func (e *env) runExport(ctx context.Context, args []string) error {
	getenv, stdout, stderr := e.getenv, e.stdout, e.stderr
	fs := newFlags("export", stderr)
	dataDir := fs.String("data-dir", defaultDataDir(getenv), "data directory")
	fromS := fs.String("from", "", "first day, YYYY-MM-DD")
	toS := fs.String("to", "", "last day, YYYY-MM-DD (inclusive)")
	out := fs.String("out", "", "CSV file to write")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *fromS == "" || *toS == "" || *out == "" {
		return usageError{"export needs --from, --to and --out"}
	}
	from, err := time.ParseInLocation(time.DateOnly, *fromS, time.Local)
	if err != nil {
		return usageError{fmt.Sprintf("--from %q: want YYYY-MM-DD", *fromS)}
	}
	to, err := time.ParseInLocation(time.DateOnly, *toS, time.Local)
	if err != nil {
		return usageError{fmt.Sprintf("--to %q: want YYYY-MM-DD", *toS)}
	}
	if to.Before(from) {
		return usageError{"--to is before --from"}
	}
	if dir := filepath.Dir(*out); !isDir(dir) {
		return usageError{fmt.Sprintf("Thư mục %s không tồn tại: hãy tạo nó (mkdir -p) hoặc chọn --out khác. / The folder %s does not exist: create it (mkdir -p) or choose another --out.", dir, dir)}
	}
	if _, err := os.Stat(filepath.Join(*dataDir, "kiosk.db")); err != nil {
		return fmt.Errorf("no kiosk database in %s: %w", *dataDir, err)
	}
	db, err := openStore(*dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	tmp := *out + ".part"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	n, err := db.ExportCSV(ctx, f, from, to.AddDate(0, 0, 1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(tmp, *out); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(stdout, "%s written to %s\n", count(n, "response", "responses"), *out)
	return nil
}

// isDir reports whether path is an existing directory.
func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// runHashPIN reads a PIN from stdin and prints its argon2id hash, after
// checking it against the rule of its role (survey.CheckNewPIN): this is
// where a kiosk's own staff PINs are chosen, since its configuration only
// ever holds hashes.
func (e *env) runHashPIN(args []string) error {
	stdin, stdout, stderr := e.stdin, e.stdout, e.stderr
	fs := newFlags("hash-pin", stderr)
	officer := fs.Bool("officer", false, "an officer's PIN (4–12 digits) rather than a technician's or manager's (6–12)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	role := survey.RoleTechnician
	if *officer {
		role = survey.RoleOfficer
	}
	if f, ok := stdin.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprintf(stderr, "PIN (%d–%d chữ số / digits): ", role.MinPINDigits(), survey.MaxPINDigits)
		}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read PIN: %w", err)
	}
	pin := strings.TrimSpace(line)
	if err := survey.CheckNewPIN(role, pin); err != nil {
		return usageError{err.Error()}
	}
	h, err := survey.HashPIN(pin)
	if err != nil {
		return fmt.Errorf("hash PIN: %w", err)
	}
	fmt.Fprintln(stdout, h)
	return nil
}
