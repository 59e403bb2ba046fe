package kioskapp

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"hailong/kiosk/config"
	"hailong/kiosk/survey"
)

// runSignIn signs an officer in from the shell (a technician over SSH, or
// the demo): the officer's PIN is read from stdin and checked like on the PIN
// pad, wrong PINs count toward the same lock-out. A running kiosk does it
// through its local API and changes its screen at once (signin_live.go);
// without one, the sign-in is written for the kiosk's next start, and the
// command says which of the two happened.
func (e *env) runSignIn(ctx context.Context, args []string) error {
	getenv, stdin, stdout, stderr := e.getenv, e.stdin, e.stdout, e.stderr
	fs := newFlags("sign-in", stderr)
	dataDir := fs.String("data-dir", defaultDataDir(getenv), "data directory")
	cfgPath := fs.String("config", "", "configuration file (default: the server's)")
	demo := fs.Bool("demo", false, "without --config or an enrolment, the embedded demo centre")
	officerID := fs.String("officer", "", "officer id")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *officerID == "" {
		return usageError{"sign-in needs --officer ID (the PIN is read from standard input)"}
	}
	if *cfgPath != "" {
		if _, err := config.Load(*cfgPath); err != nil {
			return err
		}
	}
	db, err := openStore(*dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	cfg, _, err := kioskConfig(ctx, *cfgPath, *demo, db)
	if err != nil {
		return err
	}
	o, ok := cfg.Officer(*officerID)
	if !ok {
		return fmt.Errorf("officer %q, centre %s, counter %s: %w", *officerID, cfg.CentreID, cfg.CounterID, survey.ErrUnknownOfficer)
	}
	pin, err := io.ReadAll(io.LimitReader(stdin, 64))
	if err != nil {
		return fmt.Errorf("read PIN: %w", err)
	}
	live, err := signInLive(ctx, cfg.LocalAPI, o.ID, strings.TrimSpace(string(pin)))
	if err != nil {
		return err
	}
	if live == liveSignedIn {
		fmt.Fprintf(stdout, "Đã đăng nhập %s (%s) tại %s, %s; màn hình kiosk đã cập nhật. / %s signed in; the kiosk's screen shows it now.\n",
			o.Name, o.ID, cfg.CentreName, cfg.CounterName, o.ID)
		return nil
	}
	now := time.Now()
	v, err := survey.TryPIN(ctx, db, cfg.Timings.PINPolicy(), survey.RoleOfficer, now,
		strings.TrimSpace(string(pin)), survey.PINKey{Role: survey.RoleOfficer, Hash: o.PINHash})
	if err != nil {
		return err
	}
	if !v.Accepted {
		return pinRefused(v, now)
	}
	cur, _, err := db.CurrentOfficer(ctx)
	if err != nil {
		return err
	}
	for _, ev := range survey.ShiftChange(cur, o.ID, "cli", now) {
		if err := db.RecordShift(ctx, ev); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Đã đăng nhập %s (%s) tại %s, %s. / %s signed in.\n", o.Name, o.ID, cfg.CentreName, cfg.CounterName, o.ID)
	fmt.Fprintln(stdout, liveNote(live, cfg.LocalAPI.Port))
	return nil
}

// liveNote says, after a sign-in written to the database, whether a
// running kiosk shows it: it does only after its next start.
func liveNote(r liveResult, port int) string {
	switch r {
	case liveNotRunning:
		return fmt.Sprintf("Không có kiosk nào đang chạy (cổng %d): kiosk sẽ mở quầy khi khởi động. / "+
			"No kiosk is running (port %d): it opens the counter when it starts.", port, port)
	case liveAPIOff:
		return "CHÚ Ý: API cục bộ đang tắt ([local_api] port = 0), nên kiosk đang chạy KHÔNG thấy đăng nhập này cho đến khi khởi động lại: hãy đăng nhập trên màn hình hoặc khởi động lại kiosk. / " +
			"NOTE: the local API is off ([local_api] port = 0), so a running kiosk does NOT show this sign-in until it restarts: sign in on the screen, or restart the kiosk."
	default:
		return fmt.Sprintf("CHÚ Ý: kiosk trên cổng %d là phiên bản cũ, KHÔNG thấy đăng nhập này cho đến khi khởi động lại. / "+
			"NOTE: the kiosk on port %d is an older version and does NOT show this sign-in until it restarts.", port, port)
	}
}

// pinRefused says why a PIN was refused, in the PIN pad's words.
func pinRefused(v survey.PINVerdict, now time.Time) error {
	if v.Locked {
		vi, en := survey.WaitText(now, v.LockedUntil)
		return fmt.Errorf("Đã khóa do nhập sai nhiều lần. Thử lại sau %s. / Locked after too many wrong PINs. Try again in %s.", vi, en)
	}
	tries := fmt.Sprintf("%d tries left", v.TriesLeft)
	if v.TriesLeft == 1 {
		tries = "1 try left"
	}
	return fmt.Errorf("Sai mã PIN. Còn %d lần thử. / Wrong PIN. %s.", v.TriesLeft, tries)
}
