package sqlitestore_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
)

// TestKioskHistoryKeepsEveryEnrolment: the enrolment history keeps every
// enrolment, re-enrolment and revocation (re-enrolment used to overwrite
// the kiosk's row and nothing else remained). The audit trail of the same
// acts is in the conformance suite.
func TestKioskHistoryKeepsEveryEnrolment(t *testing.T) {
	st := open(t, filepath.Join(t.TempDir(), "s.db"))
	cli := scoring.WithActor(context.Background(), "cli:lan")
	at := time.Date(2025, 11, 24, 2, 0, 0, 0, time.UTC)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	c := scoring.Centre{ID: "c1", Name: "C1", Scale: "legal3", TechnicianPINHash: "$2a$x", UpdatedAt: at}
	_, err := st.SaveCentre(cli, c)
	must(err)
	c.Name = "C1 mới"
	_, err = st.SaveCentre(cli, c)
	must(err)
	_, err = st.SaveOfficer(cli, scoring.Officer{CentreID: "c1", ID: "o1", Name: "Lan", PINHash: "$2a$y", UpdatedAt: at})
	must(err)
	for _, code := range []string{"code1", "code2", "code3"} {
		must(st.CreateEnrolCode(cli, scoring.EnrolCode{Hash: code + strings.Repeat("0", 20), CentreID: "c1", CounterID: "1",
			CreatedAt: at, ExpiresAt: at.Add(time.Hour)}))
	}
	kiosk := func(host string) context.Context {
		return scoring.WithActor(context.Background(), "kiosk:"+host+"@192.0.2.7")
	}
	_, err = st.Enrol(kiosk("hg-1"), scoring.Enrolment{CodeHash: "code1" + strings.Repeat("0", 20), KioskID: "k1",
		Hostname: "hg-1", TokenHash: "t1", Remote: "192.0.2.7", At: at.Add(time.Minute)})
	must(err)
	// The take-over: another code of the same counter re-enrols k1…
	_, err = st.Enrol(kiosk("evil"), scoring.Enrolment{CodeHash: "code2" + strings.Repeat("0", 20), KioskID: "k1",
		Hostname: "evil", TokenHash: "t2", Remote: "192.0.2.66", At: at.Add(2 * time.Minute)})
	must(err)
	// …or enrols a second kiosk at the counter.
	_, err = st.Enrol(kiosk("evil"), scoring.Enrolment{CodeHash: "code3" + strings.Repeat("0", 20), KioskID: "k2",
		Hostname: "evil", TokenHash: "t3", Remote: "192.0.2.66", At: at.Add(3 * time.Minute)})
	must(err)
	must(st.RevokeKiosk(cli, "k2", at.Add(4*time.Minute)))

	db := rawDB(t, st.Path())
	defer db.Close()
	var events string
	must(db.QueryRow("SELECT group_concat(kiosk_id || ' ' || event || ' ' || hostname, ', ') FROM (SELECT * FROM kiosk_history ORDER BY id)").Scan(&events))
	if events != "k1 enrol hg-1, k1 re_enrol evil, k2 enrol evil, k2 revoke " {
		t.Fatalf("kiosk history: %q", events)
	}
}

// TestAuditTrailIsAppendOnly: the database itself refuses to change or
// delete an audit entry or a kiosk's history, whoever asks.
func TestAuditTrailIsAppendOnly(t *testing.T) {
	st := enrolled(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.RevokeKiosk(context.Background(), "k1", time.Now()))
	db := rawDB(t, st.Path())
	defer db.Close()
	for _, q := range []string{
		"UPDATE audit SET actor = 'someone else'",
		"DELETE FROM audit",
		"DELETE FROM audit WHERE action = 'kiosk.revoke'",
		"UPDATE kiosk_history SET hostname = 'x'",
		"DELETE FROM kiosk_history",
	} {
		_, err := db.Exec(q)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused as append-only", q, err)
		}
	}
	trail, err := st.AuditTrail(context.Background(), scoring.AuditFilter{})
	must(err)
	if len(trail) != 4 || trail[3].Action != scoring.ActKioskRevoke || trail[0].Actor != "unknown" {
		t.Fatalf("trail after the refused edits: %+v", trail)
	}
	var n int
	must(db.QueryRow("SELECT count(*) FROM kiosk_history").Scan(&n))
	if n != 2 {
		t.Fatalf("%d history rows, want 2", n)
	}
}
