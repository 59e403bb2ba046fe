package localdb

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"hailong/kiosk/survey"
)

func TestInvitations(t *testing.T) {
	db := openTest(t, WithClock(survey.NewManualClock(testStart)))
	ctx := context.Background()
	inv := survey.Invitation{
		ID: "inv-1", Source: "api", Ticket: "A-017", DossierCode: "000.00.24.H40-250610-0001",
		CreatedAt: testStart, ExpiresAt: testStart.Add(time.Minute),
	}
	steps := []struct {
		name    string
		do      func() error
		wantErr error // nil, ErrNotFound, ErrNotOpen or errAny
	}{
		{"record", func() error { return db.RecordInvitation(ctx, inv) }, nil},
		{"record twice", func() error { return db.RecordInvitation(ctx, inv) }, errAny},
		{"record without id", func() error { return db.RecordInvitation(ctx, survey.Invitation{ExpiresAt: testStart}) }, errAny},
		{"record without expiry", func() error { return db.RecordInvitation(ctx, survey.Invitation{ID: "inv-x"}) }, errAny},
		{"record with a bad status", func() error {
			return db.RecordInvitation(ctx, survey.Invitation{ID: "inv-y", ExpiresAt: testStart, Status: "done"})
		}, errAny},
		{"used needs a response", func() error { return db.CloseInvitation(ctx, "inv-1", survey.InvitationUsed, "", testStart) }, errAny},
		{"expired takes none", func() error { return db.CloseInvitation(ctx, "inv-1", survey.InvitationExpired, "r", testStart) }, errAny},
		{"cannot close as open", func() error { return db.CloseInvitation(ctx, "inv-1", survey.InvitationOpen, "", testStart) }, errAny},
		{"close unknown", func() error { return db.CloseInvitation(ctx, "nope", survey.InvitationExpired, "", testStart) }, ErrNotFound},
		{"use", func() error {
			return db.CloseInvitation(ctx, "inv-1", survey.InvitationUsed, "resp-1", testStart.Add(20*time.Second))
		}, nil},
		{"one rating per invitation", func() error {
			return db.CloseInvitation(ctx, "inv-1", survey.InvitationExpired, "", testStart.Add(time.Minute))
		}, ErrNotOpen},
	}
	for _, s := range steps {
		err := s.do()
		switch {
		case s.wantErr == nil && err != nil,
			s.wantErr == errAny && err == nil,
			s.wantErr != nil && s.wantErr != errAny && !errors.Is(err, s.wantErr):
			t.Fatalf("%s: err = %v, want %v", s.name, err, s.wantErr)
		}
	}
	got, err := db.Invitation(ctx, "inv-1")
	if err != nil {
		t.Fatal(err)
	}
	want := inv
	want.Status, want.ResponseID = survey.InvitationUsed, "resp-1"
	if !got.CreatedAt.Equal(want.CreatedAt) || !got.ExpiresAt.Equal(want.ExpiresAt) {
		t.Errorf("times %v %v, want %v %v", got.CreatedAt, got.ExpiresAt, want.CreatedAt, want.ExpiresAt)
	}
	got.CreatedAt, got.ExpiresAt, want.CreatedAt, want.ExpiresAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Invitation = %+v, want %+v", got, want)
	}
	if _, err := db.Invitation(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Invitation(nope) = %v, want ErrNotFound", err)
	}
	// Defaults: open, created now.
	if err := db.RecordInvitation(ctx, survey.Invitation{ID: "inv-2", ExpiresAt: testStart.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Invitation(ctx, "inv-2"); err != nil || got.Status != survey.InvitationOpen || !got.CreatedAt.Equal(testStart) {
		t.Errorf("defaults: %+v, %v", got, err)
	}
}

func TestCurrentOfficer(t *testing.T) {
	dir := t.TempDir()
	db := openAt(t, dir)
	ctx := context.Background()
	at := testStart
	steps := []struct {
		event       *survey.ShiftEvent
		wantOfficer string
		wantEver    bool
	}{
		{nil, "", false},
		{&survey.ShiftEvent{OfficerID: "cb-01", Kind: survey.ShiftSignIn, Source: "pin"}, "cb-01", true},
		{&survey.ShiftEvent{OfficerID: "cb-01", Kind: survey.ShiftSignOut, Source: "pin"}, "", true},
		{&survey.ShiftEvent{OfficerID: "cb-02", Kind: survey.ShiftSignIn, Source: "api"}, "cb-02", true},
		// The last recorded event decides, even when its clock went back.
		{&survey.ShiftEvent{OfficerID: "cb-03", Kind: survey.ShiftSignIn, Source: "pin", At: testStart.Add(-time.Hour)}, "cb-03", true},
	}
	for i, s := range steps {
		if s.event != nil {
			if s.event.At.IsZero() {
				at = at.Add(time.Minute)
				s.event.At = at
			}
			if err := db.RecordShift(ctx, *s.event); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		}
		officer, ever, err := db.CurrentOfficer(ctx)
		if err != nil || officer != s.wantOfficer || ever != s.wantEver {
			t.Fatalf("step %d: CurrentOfficer = %q, %v, %v; want %q, %v", i, officer, ever, err, s.wantOfficer, s.wantEver)
		}
	}
	db.Close()
	db = openAt(t, dir)
	if officer, ever, err := db.CurrentOfficer(ctx); err != nil || officer != "cb-03" || !ever {
		t.Errorf("after reopen: CurrentOfficer = %q, %v, %v; want cb-03, true", officer, ever, err)
	}
	if err := db.RecordShift(ctx, survey.ShiftEvent{OfficerID: "cb-03", Kind: survey.ShiftSignOut}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = openAt(t, dir)
	if officer, ever, err := db.CurrentOfficer(ctx); err != nil || officer != "" || !ever {
		t.Errorf("after sign-out and reopen: CurrentOfficer = %q, %v, %v; want \"\", true", officer, ever, err)
	}
}

func TestRecordShiftRejects(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	for _, e := range []survey.ShiftEvent{
		{Kind: survey.ShiftSignIn},
		{OfficerID: "cb-01", Kind: "lunch"},
		{OfficerID: "cb-01"},
	} {
		if err := db.RecordShift(ctx, e); err == nil {
			t.Errorf("RecordShift(%+v) succeeded", e)
		}
	}
	if _, ever, _ := db.CurrentOfficer(ctx); ever {
		t.Error("a rejected event was recorded")
	}
}

func TestPINLockSurvivesReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db := openAt(t, dir)
	for _, scope := range survey.PINScopes {
		if p, err := db.PINLock(ctx, scope); err != nil || p != (survey.PINLock{}) {
			t.Fatalf("initial PINLock(%s) = %+v, %v; want zero", scope, p, err)
		}
	}
	states := []survey.PINLock{
		{Failures: 3},
		{LockedUntil: time.Date(2025, 6, 10, 9, 35, 12, 345678900, ict)},
		{Failures: 1, LockedUntil: time.Date(2025, 6, 10, 9, 35, 0, 0, time.UTC)},
		{},
	}
	for _, want := range states {
		if err := db.SetPINLock(ctx, survey.RoleOfficer, want); err != nil {
			t.Fatal(err)
		}
		db.Close()
		db = openAt(t, dir)
		got, err := db.PINLock(ctx, survey.RoleOfficer)
		if err != nil {
			t.Fatal(err)
		}
		if got.Failures != want.Failures || !got.LockedUntil.Equal(want.LockedUntil) {
			t.Errorf("after reopen PINLock = %+v, want %+v", got, want)
		}
		now := time.Date(2025, 6, 10, 9, 35, 5, 0, ict)
		if got.Locked(now) != want.Locked(now) {
			t.Errorf("Locked differs after the round trip for %+v", want)
		}
	}
	if err := db.SetPINLock(ctx, survey.RoleOfficer, survey.PINLock{Failures: -1}); err == nil {
		t.Error("negative failures accepted")
	}
	if err := db.SetPINLock(ctx, "citizen", survey.PINLock{Failures: 1}); err == nil {
		t.Error("a lock for an unknown scope accepted")
	}
}

// TestPINLockScopesAreApart: each role's lock-out is its own row; setting
// one leaves the others as they were.
func TestPINLockScopesAreApart(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	until := time.Date(2025, 6, 10, 9, 40, 0, 0, time.UTC)
	if err := db.SetPINLock(ctx, survey.RoleOfficer, survey.PINLock{LockedUntil: until}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPINLock(ctx, survey.RoleManager, survey.PINLock{Failures: 2}); err != nil {
		t.Fatal(err)
	}
	for scope, want := range map[survey.PINRole]survey.PINLock{
		survey.RoleOfficer:    {LockedUntil: until},
		survey.RoleTechnician: {},
		survey.RoleManager:    {Failures: 2},
	} {
		got, err := db.PINLock(ctx, scope)
		if err != nil || got.Failures != want.Failures || !got.LockedUntil.Equal(want.LockedUntil) {
			t.Errorf("PINLock(%s) = %+v, %v; want %+v", scope, got, err, want)
		}
	}
}
