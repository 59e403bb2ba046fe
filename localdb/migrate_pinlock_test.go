package localdb

import (
	"context"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/survey"
)

// TestMigrationScopesThePINLock opens a database written before the PIN
// lock-out was scoped by role: the one lock in force then holds for every
// role afterwards (an upgrade never lifts a lock), and from then on each
// role's lock is its own.
func TestMigrationScopesThePINLock(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ms := embedded(t)
	before := -1
	for i, m := range ms {
		if strings.HasSuffix(m.Name, "_pin_lock_scope") {
			before = i
		}
	}
	if before < 0 {
		t.Fatal("no pin_lock_scope migration")
	}
	old := openAt(t, dir, withMigrations(ms[:before]))
	until := time.Date(2025, 6, 10, 9, 40, 0, 0, time.UTC)
	execSQL(t, old, "UPDATE pin_lock SET failures = 0, locked_until = ?", until.Format(time.RFC3339Nano))
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	db := openAt(t, dir)
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	for _, scope := range survey.PINScopes {
		got, err := db.PINLock(ctx, scope)
		if err != nil || !got.LockedUntil.Equal(until) {
			t.Errorf("PINLock(%s) after the upgrade = %+v, %v; want locked until %v", scope, got, err, until)
		}
	}
	if err := db.SetPINLock(ctx, survey.RoleTechnician, survey.PINLock{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.PINLock(ctx, survey.RoleOfficer); !got.LockedUntil.Equal(until) {
		t.Errorf("clearing the technician's lock changed the officers': %+v", got)
	}
}
