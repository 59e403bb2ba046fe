package localdb

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/survey"
)

// TestInvitationCounts counts per local day of issue and officer, from the
// first day asked for on, newest day first: used and expired as closed,
// open ones only in issued, the day of an invitation its local date as
// recorded (23:59 stays on its day), and invitations without an officer
// left out.
func TestInvitationCounts(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	day := func(d, h, m int) time.Time { return time.Date(2025, 6, d, h, m, 0, 0, ict) }
	n := 0
	record := func(officer string, at time.Time, status string) {
		t.Helper()
		n++
		id := "inv-" + strings.Repeat("x", n%3) + at.Format("0102150405") + officer + status
		if err := db.RecordInvitation(ctx, survey.Invitation{ID: id, Source: "hotkey", OfficerID: officer,
			CreatedAt: at, ExpiresAt: at.Add(time.Minute)}); err != nil {
			t.Fatal(err)
		}
		switch status {
		case survey.InvitationUsed:
			if err := db.CloseInvitation(ctx, id, status, "resp-"+id, at.Add(10*time.Second)); err != nil {
				t.Fatal(err)
			}
		case survey.InvitationExpired:
			if err := db.CloseInvitation(ctx, id, status, "", at.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// 3 June: before the window.
	record("cb-01", day(3, 9, 0), survey.InvitationUsed)
	// 9 June: cb-01 issues 3 (2 used, 1 expired); cb-02 1 open, at 23:59.
	record("cb-01", day(9, 8, 0), survey.InvitationUsed)
	record("cb-01", day(9, 8, 5), survey.InvitationUsed)
	record("cb-01", day(9, 8, 10), survey.InvitationExpired)
	record("cb-02", day(9, 23, 59), survey.InvitationOpen)
	// 10 June: cb-02 issues 2 expired, 1 used; 00:00 is the 10th.
	record("cb-02", day(10, 0, 0), survey.InvitationExpired)
	record("cb-02", day(10, 9, 0), survey.InvitationExpired)
	record("cb-02", day(10, 9, 30), survey.InvitationUsed)
	// No officer: not reported.
	record("", day(10, 10, 0), survey.InvitationUsed)

	got, err := db.InvitationCounts(ctx, day(4, 12, 0))
	if err != nil {
		t.Fatal(err)
	}
	want := []survey.InvitationCount{
		{Day: "2025-06-10", OfficerID: "cb-02", Issued: 3, Used: 1, Expired: 2},
		{Day: "2025-06-09", OfficerID: "cb-01", Issued: 3, Used: 2, Expired: 1},
		{Day: "2025-06-09", OfficerID: "cb-02", Issued: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("InvitationCounts(4 June) =\n%+v\nwant\n%+v", got, want)
	}
	// The first day is included whole, whatever the time of since.
	got, err = db.InvitationCounts(ctx, day(3, 23, 0))
	if err != nil || len(got) != 4 || got[3] != (survey.InvitationCount{Day: "2025-06-03", OfficerID: "cb-01", Issued: 1, Used: 1}) {
		t.Errorf("InvitationCounts(3 June) = %+v, %v", got, err)
	}
	if got, err := db.InvitationCounts(ctx, day(11, 0, 0)); err != nil || len(got) != 0 {
		t.Errorf("InvitationCounts(11 June) = %+v, %v; want none", got, err)
	}
}

// TestMigrationGivesInvitationsTheirOfficer opens a database written
// before invitations named their officer: each gets the officer of the
// response that used it, else the officer signed in when it was issued by
// the shift log, else none.
func TestMigrationGivesInvitationsTheirOfficer(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ms := embedded(t)
	before := len(ms)
	for i, m := range ms {
		if strings.HasSuffix(m.Name, "_invitation_officer") {
			before = i
		}
	}
	if before == len(ms) {
		t.Fatal("no invitation_officer migration")
	}
	old := openAt(t, dir, withMigrations(ms[:before]))
	rs := saveN(t, old, 1) // officer cb-0042
	shift := func(officer, kind string, at time.Time) {
		if err := old.RecordShift(ctx, survey.ShiftEvent{OfficerID: officer, Kind: kind, At: at}); err != nil {
			t.Fatal(err)
		}
	}
	shift("cb-01", survey.ShiftSignIn, testStart.Add(-2*time.Hour))
	shift("cb-01", survey.ShiftSignOut, testStart.Add(-time.Hour))
	shift("cb-02", survey.ShiftSignIn, testStart.Add(-30*time.Minute))
	inv := func(id string, at time.Time, status, response string) {
		execSQL(t, old, `INSERT INTO invitations (id, source, created_at, expires_at, status, response_id)
			VALUES (?, 'hotkey', ?, ?, ?, ?)`, id, at.Format(survey.TimeLayout), at.Add(time.Minute).Format(survey.TimeLayout), status, response)
	}
	inv("by-response", testStart.Add(-3*time.Hour), survey.InvitationUsed, rs[0].ID) // before any shift: the response says
	inv("first-shift", testStart.Add(-90*time.Minute), survey.InvitationExpired, "")
	inv("signed-out", testStart.Add(-45*time.Minute), survey.InvitationExpired, "")
	// Written in UTC: the same instant as 09:29 ICT, under cb-02.
	inv("second-shift", testStart.Add(-time.Minute).UTC(), survey.InvitationOpen, "")
	inv("no-shift", testStart.Add(-5*time.Hour), survey.InvitationExpired, "")
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	db := openAt(t, dir)
	for id, want := range map[string]string{"by-response": "cb-0042", "first-shift": "cb-01", "signed-out": "",
		"second-shift": "cb-02", "no-shift": ""} {
		got, err := db.Invitation(ctx, id)
		if err != nil || got.OfficerID != want {
			t.Errorf("invitation %s: officer %q, %v; want %q", id, got.OfficerID, err, want)
		}
	}
}
