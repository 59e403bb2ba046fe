// Package storetest is the conformance suite of the scoring server's
// stores: every implementation of scoring.Store runs it from its own tests
// (Run), so that the SQLite store and the PostgreSQL store of a later
// issue differ in SQL, never in behaviour. It checks the contracts written
// in the role interfaces' comments (scoring/store.go) through those
// interfaces only: nothing here may depend on one implementation.
//
// A test of what only one implementation does (its pragmas, its
// migrations, its group commit, a fault injected with a trigger) stays in
// that implementation's package.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/scoring/scoringtest/rolluptest"
	"hailong/kiosk/survey"
)

// Run runs the suite. open returns a new, empty store for one subtest and
// arranges its closing (t.Cleanup).
func Run(t *testing.T, open func(t *testing.T) scoring.Store) {
	t.Run("Roster", func(t *testing.T) { testRoster(t, open) })
	t.Run("Fleet", func(t *testing.T) { testFleet(t, open) })
	t.Run("Issued", func(t *testing.T) { testIssued(t, open) })
	t.Run("Ingest", func(t *testing.T) { testIngest(t, open) })
	t.Run("Export", func(t *testing.T) { testExport(t, open) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, open) })
	t.Run("Health", func(t *testing.T) { testHealth(t, open) })
	t.Run("Alerts", func(t *testing.T) { testAlerts(t, open) })
	t.Run("Invitations", func(t *testing.T) { testInvitations(t, open) })
	t.Run("Reports", func(t *testing.T) {
		rolluptest.TestRollups(t, func(t *testing.T) rolluptest.RollupStore { return open(t) })
	})
}

// at is the suite's clock: every instant is whole milliseconds in UTC, as
// stores keep them, so that what comes back compares equal.
var at = time.Date(2025, 11, 24, 2, 0, 0, 0, time.UTC)

// pinHash stands for a PIN hash; stores keep it as text without checking.
const pinHash = "$2a$04$0Hj6ydXIcqS3iwUjjCTbe.uoW34EDZfGmFrHoDGCIVVpBGSTtYvfO"

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantErr fails unless err is target.
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: got %v, want %v", what, err, target)
	}
}

// centre is a centre as the command line saves it.
func centre(id string) scoring.Centre {
	return scoring.Centre{ID: id, Name: "Trung tâm " + id, Scale: survey.ScaleLegal3, TechnicianPINHash: pinHash, UpdatedAt: at}
}

// saveCentres saves centres with the given ids.
func saveCentres(t *testing.T, st scoring.RosterStore, ids ...string) {
	t.Helper()
	for _, id := range ids {
		if _, err := st.SaveCentre(context.Background(), centre(id)); err != nil {
			t.Fatal(err)
		}
	}
}

// code stores a new enrolment code of a counter, valid for an hour from
// at, and returns its hash.
func code(t *testing.T, st scoring.FleetStore, centreID, counterID string) string {
	t.Helper()
	hash := fmt.Sprintf("%040x", codes.Add(1))
	must(t, st.CreateEnrolCode(context.Background(), scoring.EnrolCode{Hash: hash, CentreID: centreID, CounterID: counterID,
		CreatedAt: at, ExpiresAt: at.Add(time.Hour)}))
	return hash
}

// codes numbers the codes the suite makes, so that each is new.
var codes atomic.Int64

// enrol enrols kiosk id at a counter with token "token-<id>".
func enrol(t *testing.T, st scoring.FleetStore, id, centreID, counterID string) scoring.Kiosk {
	t.Helper()
	k, err := st.Enrol(context.Background(), scoring.Enrolment{CodeHash: code(t, st, centreID, counterID), KioskID: id,
		Hostname: "host-" + id, AppVersion: "1.0.0", TokenHash: "token-" + id, Remote: "192.0.2.1", At: at})
	must(t, err)
	return k
}

// withKiosk opens a store with centre c1 and kiosk k1 enrolled at its
// counter 1, and returns the kiosk for scoringtest.Chain.
func withKiosk(t *testing.T, open func(t *testing.T) scoring.Store) (scoring.Store, scoringtest.Kiosk) {
	t.Helper()
	st := open(t)
	saveCentres(t, st, "c1")
	enrol(t, st, "k1", "c1", "1")
	return st, scoringtest.Kiosk{ID: "k1", CentreID: "c1", CounterID: "1", OfficerID: "o1"}
}

// kiosk returns the status of kiosk id from Kiosks.
func kiosk(t *testing.T, st scoring.FleetStore, id string) scoring.KioskStatus {
	t.Helper()
	ks, err := st.Kiosks(context.Background())
	must(t, err)
	for _, k := range ks {
		if k.ID == id {
			return k
		}
	}
	t.Fatalf("kiosk %s is not listed", id)
	return scoring.KioskStatus{}
}
