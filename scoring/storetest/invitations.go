package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"hailong/kiosk/scoring"
)

// testInvitations checks scoring.InvitationStore: a kiosk's counts replace
// its counts of the same day and officer and leave the others; recording
// the same counts again changes nothing; a call is one unit of work; the
// centre and counter come from the kiosk's enrolment when first stored;
// queries select by
// centre, day range (both ends included) and officer, in order.
func testInvitations(t *testing.T, open func(t *testing.T) scoring.Store) {
	ctx := context.Background()
	st := open(t)
	saveCentres(t, st, "c1", "c2")
	enrol(t, st, "k1", "c1", "1")
	enrol(t, st, "k2", "c1", "2")
	enrol(t, st, "k3", "c2", "1")
	d := func(day int) scoring.Date { return scoring.Date{Year: 2025, Month: 11, Day: day} }
	ic := func(kiosk, centre, counter, officer string, day, issued, used, expired int, at time.Time) scoring.InvitationCount {
		return scoring.InvitationCount{KioskID: kiosk, CentreID: centre, CounterID: counter, OfficerID: officer, Day: d(day),
			Issued: issued, Used: used, Expired: expired, UpdatedAt: at}
	}
	in := func(officer string, day, issued, used, expired int) scoring.InvitationCount {
		return scoring.InvitationCount{OfficerID: officer, Day: d(day), Issued: issued, Used: used, Expired: expired}
	}
	query := func(q scoring.InvitationQuery) []scoring.InvitationCount {
		t.Helper()
		got, err := st.InvitationCounts(ctx, q)
		must(t, err)
		return got
	}
	wantCounts := func(what string, got, want []scoring.InvitationCount) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s:\n got %+v\nwant %+v", what, got, want)
		}
	}

	wantErr(t, "counts of an unknown kiosk", st.RecordInvitationCounts(ctx, "nope", []scoring.InvitationCount{in("o1", 24, 1, 0, 0)}, at), scoring.ErrNotFound)

	t1, t2 := at, at.Add(time.Minute)
	must(t, st.RecordInvitationCounts(ctx, "k1", []scoring.InvitationCount{in("o1", 24, 10, 7, 2), in("o2", 24, 4, 1, 3), in("o1", 23, 5, 5, 0)}, t1))
	must(t, st.RecordInvitationCounts(ctx, "k2", []scoring.InvitationCount{in("o1", 24, 2, 1, 0)}, t1))
	must(t, st.RecordInvitationCounts(ctx, "k3", []scoring.InvitationCount{in("o1", 24, 9, 9, 0)}, t1))
	c1 := scoring.InvitationQuery{CentreIDs: []string{"c1"}, From: d(23), To: d(24)}
	all := []scoring.InvitationCount{
		ic("k1", "c1", "1", "o1", 23, 5, 5, 0, t1),
		ic("k1", "c1", "1", "o1", 24, 10, 7, 2, t1),
		ic("k1", "c1", "1", "o2", 24, 4, 1, 3, t1),
		ic("k2", "c1", "2", "o1", 24, 2, 1, 0, t1),
	}
	wantCounts("centre c1, 23 to 24", query(c1), all)

	// The same counts again (a repeated heartbeat) change no count.
	must(t, st.RecordInvitationCounts(ctx, "k1", []scoring.InvitationCount{in("o1", 24, 10, 7, 2)}, t1))
	wantCounts("after a repeat", query(c1), all)

	// A newer count replaces its day and officer only.
	must(t, st.RecordInvitationCounts(ctx, "k1", []scoring.InvitationCount{in("o1", 24, 11, 8, 2)}, t2))
	all[1] = ic("k1", "c1", "1", "o1", 24, 11, 8, 2, t2)
	wantCounts("after an update", query(c1), all)

	// One unit of work: a count the store cannot keep (more closed than
	// issued) stores nothing of its call.
	if err := st.RecordInvitationCounts(ctx, "k1", []scoring.InvitationCount{in("o1", 24, 20, 20, 0), in("o1", 25, 1, 2, 0)}, t2); err == nil {
		t.Fatal("used + expired over issued was stored")
	}
	wantCounts("after a refused call", query(c1), all)

	// Selection: one day, one officer, several centres.
	wantCounts("c1 on the 23rd", query(scoring.InvitationQuery{CentreIDs: []string{"c1"}, From: d(23), To: d(23)}), all[:1])
	wantCounts("o2 of c1", query(scoring.InvitationQuery{CentreIDs: []string{"c1"}, From: d(1), To: d(30), OfficerID: "o2"}), all[2:3])
	both := query(scoring.InvitationQuery{CentreIDs: []string{"c2", "c1"}, From: d(24), To: d(24)})
	wantCounts("c1 and c2 on the 24th", both, append(all[1:4:4], ic("k3", "c2", "1", "o1", 24, 9, 9, 0, t1)))
	if got := query(scoring.InvitationQuery{CentreIDs: []string{"c1"}, From: d(25), To: d(30)}); len(got) != 0 {
		t.Fatalf("days without counts: %+v", got)
	}
	if _, err := st.InvitationCounts(ctx, scoring.InvitationQuery{From: d(1), To: d(2)}); err == nil {
		t.Error("a query of no centre answered")
	}
	if _, err := st.InvitationCounts(ctx, scoring.InvitationQuery{CentreIDs: []string{"c1"}, From: d(2), To: d(1)}); err == nil {
		t.Error("a query with To before From answered")
	}

	// k1 enrolled anew at counter 5: its past days stay at counter 1 when
	// replaced; a new day counts at counter 5.
	enrol(t, st, "k1", "c1", "5")
	must(t, st.RecordInvitationCounts(ctx, "k1", []scoring.InvitationCount{in("o1", 23, 6, 5, 0), in("o1", 26, 1, 1, 0)}, t2))
	all[0] = ic("k1", "c1", "1", "o1", 23, 6, 5, 0, t2)
	wantCounts("c1 after k1 moved", query(c1), all)
	wantCounts("c1 on the 26th", query(scoring.InvitationQuery{CentreIDs: []string{"c1"}, From: d(26), To: d(26)}),
		[]scoring.InvitationCount{ic("k1", "c1", "5", "o1", 26, 1, 1, 0, t2)})

	totals := scoring.InvitationsByOfficer(query(c1))
	if want := (scoring.InvitationTotals{Issued: 19, Used: 14, Expired: 2}); totals["o1"] != want {
		t.Errorf("InvitationsByOfficer o1 = %+v, want %+v", totals["o1"], want)
	}
}
