package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// testFleet checks FleetStore but RecordIssued and Issued (testIssued).
func testFleet(t *testing.T, open func(t *testing.T) scoring.Store) {
	ctx := context.Background()

	t.Run("CreateEnrolCode needs its centre", func(t *testing.T) {
		st := open(t)
		err := st.CreateEnrolCode(ctx, scoring.EnrolCode{Hash: "h", CentreID: "nope", CounterID: "1", CreatedAt: at, ExpiresAt: at.Add(time.Hour)})
		wantErr(t, "CreateEnrolCode", err, scoring.ErrNotFound)
	})

	t.Run("Enrol registers the kiosk with its token", func(t *testing.T) {
		st := open(t)
		saveCentres(t, st, "c1")
		k, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: code(t, st, "c1", "7"), KioskID: "k1", Hostname: "hg-1",
			AppVersion: "1.2.3", TokenHash: "t1", Remote: "192.0.2.7", At: at})
		want := scoring.Kiosk{ID: "k1", CentreID: "c1", CounterID: "7"}
		if err != nil || k != want {
			t.Fatalf("%+v (%v), want %+v", k, err, want)
		}
		if k, err := st.KioskByToken(ctx, "t1"); err != nil || k != want {
			t.Fatalf("by token: %+v (%v)", k, err)
		}
		s := kiosk(t, st, "k1")
		if s.Kiosk != want || s.Hostname != "hg-1" || s.AppVersion != "1.2.3" || !s.EnrolledAt.Equal(at) ||
			!s.RevokedAt.IsZero() || s.Enrolments != 1 || !s.HeartbeatAt.IsZero() || s.LastSeq != 0 || len(s.Gaps) != 0 {
			t.Fatalf("listed as %+v", s)
		}
	})

	// A code is spent once; a failure returns the code's centre and
	// counter (for the audit trail of the failure) and registers nothing.
	t.Run("an enrolment code is used once", func(t *testing.T) {
		st := open(t)
		saveCentres(t, st, "c1")
		h := code(t, st, "c1", "1")
		_, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: h, KioskID: "k1", TokenHash: "t1", At: at})
		must(t, err)
		k, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: h, KioskID: "k9", TokenHash: "t9", At: at.Add(time.Minute)})
		wantErr(t, "the code again", err, scoring.ErrCodeUsed)
		if k.CentreID != "c1" || k.CounterID != "1" {
			t.Fatalf("the failure carries %+v, want the code's centre and counter", k)
		}
		_, err = st.KioskByToken(ctx, "t9")
		wantErr(t, "the refused kiosk's token", err, scoring.ErrUnauthorized)
	})

	t.Run("unknown and expired codes", func(t *testing.T) {
		st := open(t)
		saveCentres(t, st, "c1")
		_, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: "no such code", KioskID: "k1", TokenHash: "t1", At: at})
		wantErr(t, "an unknown code", err, scoring.ErrCodeUnknown)
		h := code(t, st, "c1", "2") // valid for an hour from at
		k, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: h, KioskID: "k1", TokenHash: "t1", At: at.Add(2 * time.Hour)})
		wantErr(t, "an expired code", err, scoring.ErrCodeExpired)
		if k.CentreID != "c1" || k.CounterID != "2" {
			t.Fatalf("the failure carries %+v, want the code's centre and counter", k)
		}
		if ks, err := st.Kiosks(ctx); err != nil || len(ks) != 0 {
			t.Fatalf("kiosks after refused enrolments: %+v (%v)", ks, err)
		}
	})

	// A kiosk id enrolled at one centre cannot be taken by a code of
	// another; the code is not spent by the refusal.
	t.Run("a kiosk id enrolled at another centre is taken", func(t *testing.T) {
		st := open(t)
		saveCentres(t, st, "c1", "c2")
		enrol(t, st, "k1", "c1", "1")
		h := code(t, st, "c2", "5")
		k, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: h, KioskID: "k1", TokenHash: "evil", At: at})
		wantErr(t, "enrol k1 at c2", err, scoring.ErrKioskTaken)
		if k.CentreID != "c2" || k.CounterID != "5" {
			t.Fatalf("the failure carries %+v, want the code's centre and counter", k)
		}
		if k, err := st.KioskByToken(ctx, "token-k1"); err != nil || k.CentreID != "c1" {
			t.Fatalf("k1 after the refusal: %+v (%v)", k, err)
		}
		_, err = st.KioskByToken(ctx, "evil")
		wantErr(t, "the refused token", err, scoring.ErrUnauthorized)
		if _, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: h, KioskID: "k2", TokenHash: "t2", At: at}); err != nil {
			t.Fatalf("the code after the refusal: %v", err)
		}
	})

	// Enrolling a kiosk again (a repair, or a take-over) gives it a new
	// token and revokes the old one, at once; a revoked kiosk can be
	// enrolled again.
	t.Run("re-enrolment revokes the old token", func(t *testing.T) {
		st := open(t)
		saveCentres(t, st, "c1")
		enrol(t, st, "k1", "c1", "1")
		k, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: code(t, st, "c1", "2"), KioskID: "k1", Hostname: "hg-2",
			TokenHash: "t-new", At: at.Add(time.Minute)})
		if err != nil || k != (scoring.Kiosk{ID: "k1", CentreID: "c1", CounterID: "2"}) {
			t.Fatalf("re-enrol: %+v (%v)", k, err)
		}
		_, err = st.KioskByToken(ctx, "token-k1")
		wantErr(t, "the old token", err, scoring.ErrUnauthorized)
		if got, err := st.KioskByToken(ctx, "t-new"); err != nil || got != k {
			t.Fatalf("the new token: %+v (%v)", got, err)
		}
		ks, err := st.Kiosks(ctx)
		if err != nil || len(ks) != 1 || ks[0].Kiosk != k || ks[0].Enrolments != 2 || ks[0].Hostname != "hg-2" ||
			!ks[0].EnrolledAt.Equal(at.Add(time.Minute)) {
			t.Fatalf("kiosks: %+v (%v), want k1 once, at counter 2, enrolled twice", ks, err)
		}
		must(t, st.RevokeKiosk(ctx, "k1", at.Add(2*time.Minute)))
		k, err = st.Enrol(ctx, scoring.Enrolment{CodeHash: code(t, st, "c1", "2"), KioskID: "k1", TokenHash: "t-3", At: at.Add(3 * time.Minute)})
		must(t, err)
		if got, err := st.KioskByToken(ctx, "t-3"); err != nil || got != k || !kiosk(t, st, "k1").RevokedAt.IsZero() {
			t.Fatalf("enrolled after a revocation: %+v (%v)", got, err)
		}
	})

	t.Run("KioskByToken refuses unknown tokens and revoked kiosks", func(t *testing.T) {
		st := open(t)
		saveCentres(t, st, "c1")
		enrol(t, st, "k1", "c1", "1")
		enrol(t, st, "k2", "c1", "1")
		_, err := st.KioskByToken(ctx, "no such token")
		wantErr(t, "an unknown token", err, scoring.ErrUnauthorized)
		must(t, st.RevokeKiosk(ctx, "k1", at.Add(time.Hour)))
		_, err = st.KioskByToken(ctx, "token-k1")
		wantErr(t, "a revoked kiosk", err, scoring.ErrUnauthorized)
		if k, err := st.KioskByToken(ctx, "token-k2"); err != nil || k.ID != "k2" {
			t.Fatalf("the other kiosk: %+v (%v)", k, err)
		}
		if s := kiosk(t, st, "k1"); !s.RevokedAt.Equal(at.Add(time.Hour)) {
			t.Fatalf("revoked at %v, want %v", s.RevokedAt, at.Add(time.Hour))
		}
		wantErr(t, "revoking an unknown kiosk", st.RevokeKiosk(ctx, "nope", at), scoring.ErrNotFound)
	})

	t.Run("Kiosks lists every kiosk by centre, counter and id", func(t *testing.T) {
		st := open(t)
		ks, err := st.Kiosks(ctx)
		if err != nil || len(ks) != 0 {
			t.Fatalf("an empty store: %+v (%v)", ks, err)
		}
		saveCentres(t, st, "c1", "c2")
		for _, k := range [][3]string{{"k3", "c1", "2"}, {"kb", "c1", "1"}, {"k1", "c2", "1"}, {"k2", "c1", "1"}} {
			enrol(t, st, k[0], k[1], k[2])
		}
		must(t, st.RevokeKiosk(ctx, "k3", at)) // revoked kiosks are listed too
		ks, err = st.Kiosks(ctx)
		must(t, err)
		var got []string
		for _, k := range ks {
			got = append(got, k.CentreID+"/"+k.CounterID+"/"+k.ID)
		}
		if want := []string{"c1/1/k2", "c1/1/kb", "c1/2/k3", "c2/1/k1"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("kiosks %v, want %v", got, want)
		}
	})

	t.Run("RecordHeartbeat shows in Kiosks", func(t *testing.T) {
		st := open(t)
		saveCentres(t, st, "c1")
		enrol(t, st, "k1", "c1", "1")
		received := at.Add(time.Hour)
		hb := scoring.HeartbeatRecord{KioskID: "k1", AppVersion: "1.3.0", Pending: 42, OldestPendingAt: at.Add(10 * time.Minute),
			LastError: "mạng chậm", DiskFree: 1 << 30, KioskClock: received.Add(-4 * time.Minute), LastSeq: 7, ReceivedAt: received}
		must(t, st.RecordHeartbeat(ctx, hb))
		s := kiosk(t, st, "k1")
		if s.AppVersion != "1.3.0" || s.Pending != 42 || !s.OldestPendingAt.Equal(hb.OldestPendingAt) || s.LastError != "mạng chậm" ||
			s.DiskFree != 1<<30 || s.ClockSkew != -4*time.Minute || !s.HeartbeatAt.Equal(received) || !s.LastSeenAt.Equal(received) {
			t.Fatalf("after a heartbeat: %+v", s)
		}
		hb.Pending, hb.OldestPendingAt, hb.LastError, hb.ReceivedAt = 0, time.Time{}, "", received.Add(time.Minute)
		must(t, st.RecordHeartbeat(ctx, hb))
		if s := kiosk(t, st, "k1"); s.Pending != 0 || !s.OldestPendingAt.IsZero() || s.LastError != "" || !s.HeartbeatAt.Equal(hb.ReceivedAt) {
			t.Fatalf("after a heartbeat with nothing pending: %+v", s)
		}
	})

	// A heartbeat's checks replace the stored ones; one without checks (an
	// older kiosk, or before a kiosk's first run of them) leaves them; an
	// empty list clears them. Kiosks lists them by name.
	t.Run("RecordHeartbeat keeps the last checks", func(t *testing.T) {
		st := open(t)
		saveCentres(t, st, "c1")
		enrol(t, st, "k1", "c1", "1")
		enrol(t, st, "k2", "c1", "2")
		received := at.Add(time.Hour)
		hb := scoring.HeartbeatRecord{KioskID: "k1", KioskClock: received, ReceivedAt: received,
			Checks: []scoring.KioskCheck{{Name: "disk", Result: "low"}, {Name: "database", Result: "ok"}, {Name: "x-new", Result: "maybe"}}}
		must(t, st.RecordHeartbeat(ctx, hb))
		want := []scoring.KioskCheck{{Name: "database", Result: "ok"}, {Name: "disk", Result: "low"}, {Name: "x-new", Result: "maybe"}}
		s := kiosk(t, st, "k1")
		if !reflect.DeepEqual(s.Checks, want) || !s.ChecksAt.Equal(received) {
			t.Fatalf("checks %+v at %s, want %+v at %s", s.Checks, s.ChecksAt, want, received)
		}
		if f := s.Failing(); len(f) != 2 || f[0].Name != "disk" || f[1].Name != "x-new" {
			t.Fatalf("failing %+v", f)
		}
		if s := kiosk(t, st, "k2"); s.Checks != nil || !s.ChecksAt.IsZero() {
			t.Fatalf("k2 reported nothing but has %+v", s.Checks)
		}
		hb.Checks, hb.ReceivedAt = nil, received.Add(time.Minute)
		must(t, st.RecordHeartbeat(ctx, hb))
		if s := kiosk(t, st, "k1"); !reflect.DeepEqual(s.Checks, want) || !s.ChecksAt.Equal(received) {
			t.Fatalf("a heartbeat without checks changed them: %+v at %s", s.Checks, s.ChecksAt)
		}
		hb.Checks, hb.ReceivedAt = []scoring.KioskCheck{{Name: "disk", Result: "ok"}}, received.Add(2*time.Minute)
		must(t, st.RecordHeartbeat(ctx, hb))
		if s := kiosk(t, st, "k1"); !reflect.DeepEqual(s.Checks, hb.Checks) || len(s.Failing()) != 0 || !s.ChecksAt.Equal(hb.ReceivedAt) {
			t.Fatalf("after disk ok: %+v at %s", s.Checks, s.ChecksAt)
		}
		hb.Checks = []scoring.KioskCheck{}
		must(t, st.RecordHeartbeat(ctx, hb))
		if s := kiosk(t, st, "k1"); len(s.Checks) != 0 {
			t.Fatalf("an empty list left %+v", s.Checks)
		}
		// A heartbeat of an unknown kiosk stores nothing and fails nothing.
		must(t, st.RecordHeartbeat(ctx, scoring.HeartbeatRecord{KioskID: "nope", KioskClock: received, ReceivedAt: received,
			Checks: []scoring.KioskCheck{{Name: "disk", Result: "low"}}}))
	})
}

// testIssued checks RecordIssued and Issued: the configuration versions
// sent to a kiosk come back as recorded, oldest first, lists with ';' and
// ',' intact; recording one again keeps the first sending; another kiosk
// has none.
func testIssued(t *testing.T, open func(t *testing.T) scoring.Store) {
	ctx := context.Background()
	st, _ := withKiosk(t, open)
	ic := scoring.IssuedConfig{KioskID: "k1", Version: "v1", CentreID: "c1", CounterID: "1", Scale: survey.ScaleFace4,
		Levels:   map[int]survey.Level{4: survey.VerySatisfied, 3: survey.Satisfied, 2: survey.Dissatisfied, 1: survey.Dissatisfied},
		Officers: []string{"o1", "o2"}, Reasons: []string{"giay;to", "a,b", "chờ lâu", ""},
		ReasonsFor: []survey.Level{survey.Dissatisfied, survey.Satisfied}, At: at}
	must(t, st.RecordIssued(ctx, ic))
	again := ic
	again.At, again.Officers = at.Add(time.Hour), []string{"o3"}
	must(t, st.RecordIssued(ctx, again))
	v2 := scoring.IssuedConfig{KioskID: "k1", Version: "v2", CentreID: "c1", CounterID: "2", Scale: survey.ScaleLegal3,
		Levels:   map[int]survey.Level{3: survey.VerySatisfied, 2: survey.Satisfied, 1: survey.Dissatisfied},
		Officers: []string{}, Reasons: []string{"wait"}, ReasonsFor: []survey.Level{survey.Dissatisfied}, At: at.Add(time.Minute)}
	must(t, st.RecordIssued(ctx, v2))
	got, err := st.Issued(ctx, "k1")
	if err != nil || !reflect.DeepEqual(got, []scoring.IssuedConfig{ic, v2}) {
		t.Fatalf("got %+v (%v), want %+v and %+v", got, err, ic, v2)
	}
	if got, err := st.Issued(ctx, "k2"); err != nil || len(got) != 0 {
		t.Fatalf("another kiosk: %+v (%v), want none", got, err)
	}
}
