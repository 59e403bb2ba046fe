package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

// rebuild-rollups says nothing differed on a clean database (exit 0),
// prints each key an edit of the file spoiled and exits 3, and leaves the
// rollups right; centre add/set take --tz and refuse a zone that is not
// one.
func TestRebuildRollupsCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "scoring.db")
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Trung tâm PVHCC", "--technician-pin", "909090", "--tz", "Asia/Kolkata")
	if _, _, err := cli(t, db, "centre", "set", "--id", "qn", "--tz", "Mars/Olympus"); exitCode(err) != 2 || !strings.Contains(err.Error(), "--tz") {
		t.Fatalf("a bad zone: %v", err)
	}
	// New PINs (centre add again) keep the zone.
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Trung tâm PVHCC", "--technician-pin", "808080")
	if zone := centreZone(t, db, "qn"); zone != "Asia/Kolkata" {
		t.Fatalf("centre add without --tz made the zone %q", zone)
	}
	mustCLI(t, db, "centre", "set", "--id", "qn", "--tz", "Asia/Ho_Chi_Minh")
	if zone := centreZone(t, db, "qn"); zone != "Asia/Ho_Chi_Minh" {
		t.Fatalf("centre set --tz made the zone %q", zone)
	}

	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := st.CreateEnrolCode(ctx, scoring.EnrolCode{Hash: "h", CentreID: "qn", CounterID: "3", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: "h", KioskID: "k1", TokenHash: "t", At: now}); err != nil {
		t.Fatal(err)
	}
	rs := scoringtest.Chain(scoringtest.Kiosk{ID: "k1", CentreID: "qn", CounterID: "3", OfficerID: "cb01"}, 1, survey.GenesisHash, 40)
	if _, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: "k1", BatchID: "b1", Responses: rs, ReceivedAt: now}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	out, _, err := cli(t, db, "rebuild-rollups")
	if err != nil || out != "rebuilt\t40 responses\t8 keys\t0 differed\n" {
		t.Fatalf("a clean database: %v %q", err, out)
	}
	raw, err := sql.Open("sqlite3", sqlitestore.DSN(db, sqlitestore.DSNParams))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("UPDATE rollup_daily SET n = n + 2 WHERE level = 'satisfied'"); err != nil {
		t.Fatal(err)
	}
	out, _, err = cli(t, db, "rebuild-rollups", "--centre", "qn")
	if exitCode(err) != 3 || !strings.Contains(err.Error(), "rollups were wrong at 1 keys") {
		t.Fatalf("exit %d: %v", exitCode(err), err)
	}
	want := "differs\trollup_daily\tcentre_id=qn day=2025-11-24 counter_id=3 officer_id=cb01 level=satisfied outcome=submitted filter_reason=\"\" invited=0\tstored=18\trebuilt=16\n" +
		"rebuilt\t40 responses\t8 keys\t1 differed\n"
	if out != want {
		t.Fatalf("output %q\nwant %q", out, want)
	}
	if out, _, err := cli(t, db, "rebuild-rollups"); err != nil || !strings.HasSuffix(out, "\t0 differed\n") {
		t.Fatalf("after the rebuild: %v %q", err, out)
	}
}

// centreZone reads a centre's time zone back.
func centreZone(t *testing.T, db, id string) string {
	t.Helper()
	st, err := sqlitestore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, _, err := st.Roster(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c.TimeZone
}
