package survey_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"hailong/kiosk/survey"
)

var t0 = time.Date(2025, 11, 24, 9, 0, 0, 0, time.UTC)

func TestPINPolicyRecord(t *testing.T) {
	p := survey.PINPolicy{After: 3, For: 5 * time.Minute}
	for _, tt := range []struct {
		name     string
		lock     survey.PINLock
		right    bool
		wantLock survey.PINLock
		want     survey.PINVerdict
	}{
		{"right PIN, clean", survey.PINLock{}, true, survey.PINLock{}, survey.PINVerdict{Accepted: true}},
		{"right PIN clears the count", survey.PINLock{Failures: 2}, true, survey.PINLock{}, survey.PINVerdict{Accepted: true}},
		{"right PIN clears an expired lock", survey.PINLock{LockedUntil: t0.Add(-time.Second)}, true, survey.PINLock{}, survey.PINVerdict{Accepted: true}},
		{"first wrong PIN", survey.PINLock{}, false, survey.PINLock{Failures: 1}, survey.PINVerdict{TriesLeft: 2}},
		{"last try left", survey.PINLock{Failures: 1}, false, survey.PINLock{Failures: 2}, survey.PINVerdict{TriesLeft: 1}},
		{"the wrong PIN that locks", survey.PINLock{Failures: 2}, false,
			survey.PINLock{LockedUntil: t0.Add(5 * time.Minute)}, survey.PINVerdict{Locked: true, LockedUntil: t0.Add(5 * time.Minute)}},
		{"after an expired lock the count starts again", survey.PINLock{LockedUntil: t0.Add(-time.Second)}, false,
			survey.PINLock{Failures: 1, LockedUntil: t0.Add(-time.Second)}, survey.PINVerdict{TriesLeft: 2}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			gotLock, got := p.Record(tt.lock, t0, tt.right)
			if gotLock.Failures != tt.wantLock.Failures || !gotLock.LockedUntil.Equal(tt.wantLock.LockedUntil) {
				t.Errorf("lock = %+v, want %+v", gotLock, tt.wantLock)
			}
			if got.Accepted != tt.want.Accepted || got.Locked != tt.want.Locked || got.TriesLeft != tt.want.TriesLeft || !got.LockedUntil.Equal(tt.want.LockedUntil) {
				t.Errorf("verdict = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// memLocks is a PINLockStore in memory that counts its writes.
type memLocks struct {
	m      map[survey.PINRole]survey.PINLock
	writes int
	err    error
}

func (s *memLocks) PINLock(_ context.Context, scope survey.PINRole) (survey.PINLock, error) {
	return s.m[scope], s.err
}

func (s *memLocks) SetPINLock(_ context.Context, scope survey.PINRole, p survey.PINLock) error {
	if s.err != nil {
		return s.err
	}
	if s.m == nil {
		s.m = map[survey.PINRole]survey.PINLock{}
	}
	s.m[scope] = p
	s.writes++
	return nil
}

// cheapHash is a PIN hash with the smallest parameters CheckPIN accepts,
// so that a table of tries stays fast.
func cheapHash(t *testing.T, pin string) string {
	t.Helper()
	h, err := survey.Argon2id{MemoryKiB: 64, Time: 1, Threads: 1}.Hash(pin)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestTryPINScopes is the rule of issue 11 item 4: wrong PINs count in the
// scope of the pad they were typed on, and lock that scope only.
func TestTryPINScopes(t *testing.T) {
	officer := survey.PINKey{Role: survey.RoleOfficer, Hash: cheapHash(t, "1111")}
	tech := survey.PINKey{Role: survey.RoleTechnician, Hash: cheapHash(t, "909090")}
	manager := survey.PINKey{Role: survey.RoleManager, Hash: cheapHash(t, "808080")}
	policy := survey.PINPolicy{After: 5, For: 5 * time.Minute}
	locked := survey.PINLock{LockedUntil: t0.Add(time.Minute)}
	type try struct {
		pad  survey.PINRole
		pin  string
		keys []survey.PINKey
	}
	signOut := []survey.PINKey{officer, tech}
	for _, tt := range []struct {
		name   string
		before map[survey.PINRole]survey.PINLock
		try    try
		want   survey.PINVerdict
		after  map[survey.PINRole]survey.PINLock // scopes checked after the try
	}{
		{"officer's right PIN", nil, try{survey.RoleOfficer, "1111", []survey.PINKey{officer}},
			survey.PINVerdict{Accepted: true, Role: survey.RoleOfficer}, nil},
		{"officer's wrong PIN counts for officers only", nil, try{survey.RoleOfficer, "0000", []survey.PINKey{officer}},
			survey.PINVerdict{TriesLeft: 4},
			map[survey.PINRole]survey.PINLock{survey.RoleOfficer: {Failures: 1}, survey.RoleTechnician: {}, survey.RoleManager: {}}},
		{"officers locked, technician still gets in", map[survey.PINRole]survey.PINLock{survey.RoleOfficer: locked},
			try{survey.RoleTechnician, "909090", []survey.PINKey{tech}},
			survey.PINVerdict{Accepted: true, Role: survey.RoleTechnician},
			map[survey.PINRole]survey.PINLock{survey.RoleOfficer: locked}},
		{"technician locked, officers still sign in", map[survey.PINRole]survey.PINLock{survey.RoleTechnician: locked},
			try{survey.RoleOfficer, "1111", []survey.PINKey{officer}},
			survey.PINVerdict{Accepted: true, Role: survey.RoleOfficer},
			map[survey.PINRole]survey.PINLock{survey.RoleTechnician: locked}},
		{"manager's typo leaves the technician", nil, try{survey.RoleManager, "000000", []survey.PINKey{manager}},
			survey.PINVerdict{TriesLeft: 4},
			map[survey.PINRole]survey.PINLock{survey.RoleManager: {Failures: 1}, survey.RoleTechnician: {}}},
		{"a locked scope refuses its right PIN", map[survey.PINRole]survey.PINLock{survey.RoleTechnician: locked},
			try{survey.RoleTechnician, "909090", []survey.PINKey{tech}},
			survey.PINVerdict{Locked: true, LockedUntil: locked.LockedUntil},
			map[survey.PINRole]survey.PINLock{survey.RoleTechnician: locked}},
		{"sign-out pad takes the technician's PIN", nil, try{survey.RoleOfficer, "909090", signOut},
			survey.PINVerdict{Accepted: true, Role: survey.RoleTechnician}, nil},
		{"sign-out pad: a locked technician cannot get round the lock", map[survey.PINRole]survey.PINLock{survey.RoleTechnician: locked},
			try{survey.RoleOfficer, "909090", signOut},
			survey.PINVerdict{TriesLeft: 4},
			map[survey.PINRole]survey.PINLock{survey.RoleOfficer: {Failures: 1}, survey.RoleTechnician: locked}},
		{"sign-out pad: the officer's PIN works while the technician is locked", map[survey.PINRole]survey.PINLock{survey.RoleTechnician: locked},
			try{survey.RoleOfficer, "1111", signOut},
			survey.PINVerdict{Accepted: true, Role: survey.RoleOfficer}, nil},
		{"the fifth wrong PIN locks", map[survey.PINRole]survey.PINLock{survey.RoleOfficer: {Failures: 4}},
			try{survey.RoleOfficer, "0000", []survey.PINKey{officer}},
			survey.PINVerdict{Locked: true, LockedUntil: t0.Add(5 * time.Minute)},
			map[survey.PINRole]survey.PINLock{survey.RoleOfficer: {LockedUntil: t0.Add(5 * time.Minute)}, survey.RoleTechnician: {}}},
		{"an empty hash matches nothing", nil, try{survey.RoleManager, "", []survey.PINKey{{Role: survey.RoleManager}}},
			survey.PINVerdict{TriesLeft: 4}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := &memLocks{m: map[survey.PINRole]survey.PINLock{}}
			for k, v := range tt.before {
				st.m[k] = v
			}
			got, err := survey.TryPIN(context.Background(), st, policy, tt.try.pad, t0, tt.try.pin, tt.try.keys...)
			if err != nil {
				t.Fatal(err)
			}
			if got.Accepted != tt.want.Accepted || got.Role != tt.want.Role || got.Locked != tt.want.Locked ||
				got.TriesLeft != tt.want.TriesLeft || !got.LockedUntil.Equal(tt.want.LockedUntil) {
				t.Errorf("verdict = %+v, want %+v", got, tt.want)
			}
			for scope, want := range tt.after {
				if g := st.m[scope]; g.Failures != want.Failures || !g.LockedUntil.Equal(want.LockedUntil) {
					t.Errorf("scope %s = %+v, want %+v", scope, g, want)
				}
			}
		})
	}
}

// TestTryPINWritesOnlyChanges: a right PIN on a clean scope writes nothing
// (every write is an fsync on the kiosk's eMMC), and a store error is
// returned, not taken for a wrong PIN.
func TestTryPINWritesOnlyChanges(t *testing.T) {
	officer := survey.PINKey{Role: survey.RoleOfficer, Hash: cheapHash(t, "1111")}
	policy := survey.PINPolicy{After: 5, For: time.Minute}
	st := &memLocks{}
	if v, err := survey.TryPIN(context.Background(), st, policy, survey.RoleOfficer, t0, "1111", officer); err != nil || !v.Accepted || st.writes != 0 {
		t.Fatalf("right PIN: %+v %v, %d writes; want accepted and no write", v, err, st.writes)
	}
	st.err = errors.New("disk I/O error")
	if _, err := survey.TryPIN(context.Background(), st, policy, survey.RoleOfficer, t0, "0000", officer); err == nil {
		t.Fatal("a store error was not returned")
	}
}

func TestWaitText(t *testing.T) {
	for _, tt := range []struct {
		d      time.Duration
		vi, en string
	}{
		{5 * time.Minute, "5 phút", "5 minutes"},
		{4*time.Minute + 59*time.Second + 900*time.Millisecond, "5 phút", "5 minutes"},
		{time.Minute, "1 phút", "1 minute"},
		{61 * time.Second, "2 phút", "2 minutes"},
		{59 * time.Second, "59 giây", "59 seconds"},
		{time.Second, "1 giây", "1 second"},
		{100 * time.Millisecond, "1 giây", "1 second"},
		{0, "1 giây", "1 second"}, // never "0 s": the lock is about to lift
	} {
		vi, en := survey.WaitText(t0, t0.Add(tt.d))
		if vi != tt.vi || en != tt.en {
			t.Errorf("WaitText(%v) = %q, %q; want %q, %q", tt.d, vi, en, tt.vi, tt.en)
		}
	}
}
