package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"hailong/kiosk/scoring/demodata"
	"hailong/kiosk/scoring/sqlitestore"
)

// notDemoData is a refusal to seed a database that holds real data:
// exit status 4, so that scripts (scripts/run.sh) tell it from a failure.
type notDemoData struct{ msg string }

func (e notDemoData) Error() string { return e.msg }

// runDemoData writes the demo database of `make run` (issue 10 item 7).
// What it does with the file:
//   - none yet, or one without kiosks, users, responses or demo centres:
//     it seeds it;
//   - one marked as demo data: it deletes it and seeds a new one (the demo
//     is made again, not extended); with --if-stale it keeps one whose
//     ratings reach the day of --now, so that `make run` makes the demo
//     once a day and "today" always has ratings;
//   - anything else: it refuses (exit 4) and touches no data.
//
// Stop a server that has the file open first.
func runDemoData(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("demo-data", getenv, stderr)
	days := fs.Int("days", demodata.DefaultDays, "days of ratings, today included")
	seed := fs.Uint64("seed", 1, "random seed: the same seed and --now make the same ratings")
	nowText := fs.String("now", "", "end of the data, RFC 3339 (default: now)")
	ifStale := fs.Bool("if-stale", false, "keep a demo database whose ratings reach today")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if *days < 1 || *days > demodata.MaxDays {
		return usageError{fmt.Sprintf("--days must be from 1 to %d", demodata.MaxDays)}
	}
	now := time.Now()
	if *nowText != "" {
		var err error
		if now, err = time.Parse(time.RFC3339, *nowText); err != nil {
			return usageError{fmt.Sprintf("--now %q: want RFC 3339, e.g. 2026-12-04T09:30:00+07:00", *nowText)}
		}
	}
	started := time.Now()

	if _, err := os.Stat(*db); err == nil {
		kept, err := replaceDemo(ctx, *db, *ifStale, now, stdout)
		if err != nil || kept {
			return err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("demo-data: %w", err)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := demodata.Seed(ctx, st, demodata.Options{Days: *days, Seed: *seed, Now: now}, time.Now())
	if errors.Is(err, demodata.ErrNotEmpty) {
		return refuseReal(*db, err)
	}
	if err != nil {
		return err
	}
	return writeDemoSummary(stdout, st.Path(), sum, *seed, time.Since(started))
}

// replaceDemo deals with an existing file: it deletes it when it is demo
// data (kept reports --if-stale keeping it instead: its ratings reach the
// day of now). Real data and an empty database are left to Seed, which
// refuses the one and fills the other.
func replaceDemo(ctx context.Context, db string, ifStale bool, now time.Time, stdout io.Writer) (kept bool, err error) {
	st, err := openStore(ctx, db)
	if err != nil {
		return false, err
	}
	info, demo, err := st.Demo(ctx)
	path := st.Path()
	st.Close()
	if err != nil {
		return false, err
	}
	if !demo {
		return false, nil // Seed refuses it unless it is empty
	}
	day := func(t time.Time) string { return t.In(demodata.Zone).Format(time.DateOnly) }
	if ifStale && day(info.Until) == day(now) {
		fmt.Fprintf(stdout, "Giữ nguyên dữ liệu minh hoạ đã có / Kept the demo data already in %s (seed %d, %d days to %s)\n",
			path, info.Seed, info.Days, info.Until.In(demodata.Zone).Format("2006-01-02 15:04"))
		return true, nil
	}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return false, fmt.Errorf("demo-data: replace the demo database: %w", err)
		}
	}
	return false, nil
}

func refuseReal(db string, err error) error {
	return notDemoData{fmt.Sprintf("%s không phải dữ liệu minh hoạ nên không được ghi đè; hãy chọn tệp khác cho --db. / "+
		"%s is not demo data, so it is left alone; give another file to --db. (%v)", db, db, err)}
}

// writeDemoSummary prints what was written, the named situations to look
// for on the dashboard, and the demo credentials.
func writeDemoSummary(w io.Writer, path string, s demodata.Summary, seed uint64, took time.Duration) error {
	var b strings.Builder
	day := func(t time.Time) string { return t.In(demodata.Zone).Format("2006-01-02") }
	at := func(t time.Time) string { return t.In(demodata.Zone).Format("2006-01-02 15:04") }
	fmt.Fprintf(&b, "Đã tạo dữ liệu minh hoạ / Demo data written: %s\n", path)
	fmt.Fprintf(&b, "  %d centres, %d counters, %d kiosks, %d officers\n", s.Centres, s.Counters, s.Kiosks, s.Officers)
	fmt.Fprintf(&b, "  %d responses over %d days (%s to %s +07:00), seed %d, in %.1f s:\n",
		s.Responses, s.Days, day(s.From), at(s.To), seed, took.Seconds())
	fmt.Fprintf(&b, "  %d stored in %d batches (%d filtered as repeats), %d still pending on the silent kiosk\n",
		s.Stored, s.Batches, s.Filtered, s.Pending)
	fmt.Fprintf(&b, "  weaker officer: %s/%s\n", demodata.ProvincialCentre, demodata.WeakOfficer)
	if !s.Events.BadAfternoon.IsZero() {
		fmt.Fprintf(&b, "  bad afternoon: %s counter %s, %s for 2 h 30\n", demodata.BadCentre, demodata.BadCounter, at(s.Events.BadAfternoon))
	}
	if !s.Events.LateFrom.IsZero() {
		fmt.Fprintf(&b, "  offline, uploaded late: %s counter %s, %s to %s\n", demodata.LateCentre, demodata.LateCounter,
			at(s.Events.LateFrom), at(s.Events.LateTo))
	}
	fmt.Fprintf(&b, "  silent since %s: %s counter %s; clock %s fast: %s counter %s\n", at(s.Events.SilentSince),
		demodata.SilentCentre, demodata.SilentCounter, demodata.Skew, demodata.SkewedCentre, demodata.SkewedCounter)
	if inv := s.Invitations; inv.Issued > 0 {
		fmt.Fprintf(&b, "  invite mode: %s counter %s, %d invitations, %d rated (response rate %.1f %%)\n",
			demodata.InviteCentre, demodata.InviteCounter, inv.Issued, inv.Used, 100*float64(inv.Used)/float64(inv.Issued))
	}
	fmt.Fprintf(&b, "Tài khoản bảng điều khiển (chỉ dùng cho bản minh hoạ) / Dashboard users (demo only):\n")
	fmt.Fprintf(&b, "  quản trị / admin:    %s  %s\n", demodata.AdminEmail, demodata.AdminPassword)
	fmt.Fprintf(&b, "  quản lý / manager:   %s  %s  (%s)\n", demodata.ManagerEmail, demodata.ManagerPassword, demodata.ProvincialCentre)
	fmt.Fprintf(&b, "Mã PIN / PINs: technician %s, manager %s; officers cb01–cb04 1111 2222 3333 4444\n",
		demodata.TechnicianPIN, demodata.ManagerPIN)
	_, err := io.WriteString(w, b.String())
	return err
}

// demo-data seeds the SQLite store, the only one so far.
var _ demodata.Store = (*sqlitestore.Store)(nil)
