package storetest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
)

// testAudit checks AuditStore and the entries the administrative acts of
// the other roles write with their actor.
func testAudit(t *testing.T, open func(t *testing.T) scoring.Store) {
	ctx := context.Background()

	// Centre, officer, enrolment code, enrolment, re-enrolment, a second
	// kiosk at a counter, revocation: each leaves one entry in the audit
	// trail, in order, with the actor of its ctx and its particulars as a
	// JSON object that holds no PIN hash.
	t.Run("every administrative act is audited with its actor", func(t *testing.T) {
		st := open(t)
		cli := scoring.WithActor(ctx, "cli:lan")
		c := scoring.Centre{ID: "c1", Name: "C1", Scale: "legal3", TechnicianPINHash: "$2a$x", UpdatedAt: at}
		_, err := st.SaveCentre(cli, c)
		must(t, err)
		c.Name = "C1 mới"
		_, err = st.SaveCentre(cli, c)
		must(t, err)
		_, err = st.SaveOfficer(cli, scoring.Officer{CentreID: "c1", ID: "o1", Name: "Lan", PINHash: "$2a$y", UpdatedAt: at})
		must(t, err)
		must(t, st.RemoveOfficer(cli, "c1", "o1"))
		for _, code := range []string{"code1", "code2", "code3"} {
			must(t, st.CreateEnrolCode(cli, scoring.EnrolCode{Hash: code + strings.Repeat("0", 20), CentreID: "c1", CounterID: "1",
				CreatedAt: at, ExpiresAt: at.Add(time.Hour)}))
		}
		kiosk := func(host string) context.Context {
			return scoring.WithActor(ctx, "kiosk:"+host+"@192.0.2.7")
		}
		_, err = st.Enrol(kiosk("hg-1"), scoring.Enrolment{CodeHash: "code1" + strings.Repeat("0", 20), KioskID: "k1",
			Hostname: "hg-1", TokenHash: "t1", Remote: "192.0.2.7", At: at.Add(time.Minute)})
		must(t, err)
		// The take-over: another code of the same counter re-enrols k1…
		_, err = st.Enrol(kiosk("evil"), scoring.Enrolment{CodeHash: "code2" + strings.Repeat("0", 20), KioskID: "k1",
			Hostname: "evil", TokenHash: "t2", Remote: "192.0.2.66", At: at.Add(2 * time.Minute)})
		must(t, err)
		// …or enrols a second kiosk at the counter.
		_, err = st.Enrol(kiosk("evil"), scoring.Enrolment{CodeHash: "code3" + strings.Repeat("0", 20), KioskID: "k2",
			Hostname: "evil", TokenHash: "t3", Remote: "192.0.2.66", At: at.Add(3 * time.Minute)})
		must(t, err)
		must(t, st.RevokeKiosk(cli, "k2", at.Add(4*time.Minute)))

		trail, err := st.AuditTrail(ctx, scoring.AuditFilter{})
		must(t, err)
		want := []struct{ actor, action, subject, detail string }{
			{"cli:lan", scoring.ActCentreAdd, "centre:c1", `"name":"C1"`},
			{"cli:lan", scoring.ActCentreUpdate, "centre:c1", `"previous_name":"C1"`},
			{"cli:lan", scoring.ActOfficerAdd, "officer:c1/o1", `"name":"Lan"`},
			{"cli:lan", scoring.ActOfficerRemove, "officer:c1/o1", ``},
			{"cli:lan", scoring.ActEnrolCodeCreate, "enrol_code:code10000000", `"counter":"1"`},
			{"cli:lan", scoring.ActEnrolCodeCreate, "enrol_code:code20000000", `"centre":"c1"`},
			{"cli:lan", scoring.ActEnrolCodeCreate, "enrol_code:code30000000", `"centre":"c1"`},
			{"kiosk:hg-1@192.0.2.7", scoring.ActKioskEnrol, "kiosk:k1", `"code":"code10000000"`},
			{"kiosk:evil@192.0.2.7", scoring.ActKioskReEnrol, "kiosk:k1", `"previous_hostname":"hg-1"`},
			{"kiosk:evil@192.0.2.7", scoring.ActKioskEnrol, "kiosk:k2", `"other_active_kiosks_at_counter":["k1"]`},
			{"cli:lan", scoring.ActKioskRevoke, "kiosk:k2", `"counter":"1"`},
		}
		if len(trail) != len(want) {
			t.Fatalf("%d entries, want %d: %+v", len(trail), len(want), trail)
		}
		for i, w := range want {
			e := trail[i]
			if e.Actor != w.actor || e.Action != w.action || e.Subject != w.subject || !strings.Contains(e.Detail, w.detail) {
				t.Errorf("entry %d: %+v, want %+v", i, e, w)
			}
			if e.Detail != "" && !json.Valid([]byte(e.Detail)) || strings.Contains(e.Detail, "$2a$") {
				t.Errorf("entry %d: detail %s is not JSON, or holds a PIN hash", i, e.Detail)
			}
		}
		if k1, err := st.AuditTrail(ctx, scoring.AuditFilter{Subject: "kiosk:k1"}); err != nil || len(k1) != 2 {
			t.Fatalf("k1's trail: %+v (%v)", k1, err)
		}
		// RemoveOfficer dates its entry by the store's clock: the filter
		// by instant is checked on the kiosks'.
		if late, err := st.AuditTrail(ctx, scoring.AuditFilter{Since: at.Add(150 * time.Second), Subject: "kiosk:k2"}); err != nil || len(late) != 2 {
			t.Fatalf("trail since: %+v (%v)", late, err)
		}
		ks, err := st.Kiosks(ctx)
		must(t, err)
		enrolments := map[string]int{}
		for _, k := range ks {
			enrolments[k.ID] = k.Enrolments
		}
		if enrolments["k1"] != 2 || enrolments["k2"] != 1 {
			t.Fatalf("enrolments per kiosk: %v, want k1 2 (re-enrolled), k2 1", enrolments)
		}
	})

	// RecordAudit appends an entry as given, its actor taken from ctx when
	// it names none ("unknown" when ctx has none either); AuditTrail keeps
	// the order of writing and filters by subject and by instant (Since
	// included).
	t.Run("RecordAudit appends; AuditTrail filters", func(t *testing.T) {
		st := open(t)
		entries := []scoring.AuditEntry{
			{At: at, Actor: "kiosk:hg@192.0.2.9", Action: scoring.ActKioskEnrolFailed, Subject: scoring.SubjectKiosk("k1"),
				Detail: scoring.AuditDetail(map[string]any{"result": "invalid_code", "remote": "192.0.2.9"})},
			{At: at.Add(-time.Hour), Action: scoring.ActKioskEnrolFailed, Subject: scoring.SubjectKiosk("k2")}, // written later, dated earlier
			{At: at.Add(time.Minute), Action: scoring.ActKioskEnrolFailed, Subject: scoring.SubjectKiosk("k1")},
		}
		must(t, st.RecordAudit(ctx, entries[0]))
		must(t, st.RecordAudit(scoring.WithActor(ctx, "cli:lan"), entries[1]))
		must(t, st.RecordAudit(ctx, entries[2]))
		entries[1].Actor, entries[2].Actor = "cli:lan", "unknown"
		trail, err := st.AuditTrail(ctx, scoring.AuditFilter{})
		if err != nil || len(trail) != 3 {
			t.Fatalf("%+v (%v)", trail, err)
		}
		for i := range entries {
			if trail[i] != entries[i] {
				t.Errorf("entry %d: %+v, want %+v", i, trail[i], entries[i])
			}
		}
		if k1, err := st.AuditTrail(ctx, scoring.AuditFilter{Subject: scoring.SubjectKiosk("k1")}); err != nil ||
			len(k1) != 2 || k1[0] != entries[0] || k1[1] != entries[2] {
			t.Fatalf("k1's trail: %+v (%v)", k1, err)
		}
		if since, err := st.AuditTrail(ctx, scoring.AuditFilter{Since: at}); err != nil || len(since) != 2 ||
			since[0] != entries[0] || since[1] != entries[2] {
			t.Fatalf("since %v: %+v (%v)", at, since, err)
		}
		if none, err := st.AuditTrail(ctx, scoring.AuditFilter{Subject: "kiosk:nope"}); err != nil || len(none) != 0 {
			t.Fatalf("an unknown subject: %+v (%v)", none, err)
		}
	})
}

// testHealth checks HealthStore on a store that is up.
func testHealth(t *testing.T, open func(t *testing.T) scoring.Store) {
	st := open(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	must(t, st.Ping(ctx))
	must(t, st.CheckWrite(ctx))
	// Probing writes nothing.
	if ks, err := st.Kiosks(ctx); err != nil || len(ks) != 0 {
		t.Fatalf("after the probes: %+v (%v)", ks, err)
	}
	if trail, err := st.AuditTrail(ctx, scoring.AuditFilter{}); err != nil || len(trail) != 0 {
		t.Fatalf("after the probes: %+v (%v)", trail, err)
	}
}
