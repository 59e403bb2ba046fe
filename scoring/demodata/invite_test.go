package demodata

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"hailong/kiosk/scoring"
)

// dayOfficer keys invitation counts.
type dayOfficer struct {
	day     scoring.Date
	officer string
}

// TestInviteModeCounter: at InviteCentre's InviteCounter every rating
// answers an invitation (a UUIDv7 issued seconds before the tap, each used
// once) with a ticket numbered up through the day, and no press is kept as
// a repeat; no other kiosk has invitations. The kiosk's counts agree with
// its ratings: one per day and officer with ratings, Used the ratings of
// that day and officer, Used ≤ Issued, Expired the rest; the response rate
// is 75–90 % wherever an officer had 20 ratings or more, differs by day
// and officer, and the other counters are as without an invite-mode
// counter.
func TestInviteModeCounter(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { checkInviteMode(t, seed) })
	}
}

func checkInviteMode(t *testing.T, seed uint64) {
	ks, _ := generate(t, Options{Days: 60, Seed: seed, Now: testNow})
	found := false
	for _, k := range ks {
		if !inviteMode(k.Kiosk) {
			for _, r := range k.Responses {
				if r.InvitationID != "" || r.Ticket != "" {
					t.Fatalf("kiosk %s seq %d: invitation %q ticket %q, at a counter not in invite mode", k.Kiosk.ID, r.Seq, r.InvitationID, r.Ticket)
				}
			}
			if k.Invitations != nil {
				t.Fatalf("kiosk %s reports invitations %+v", k.Kiosk.ID, k.Invitations)
			}
			continue
		}
		found = true
		used := map[dayOfficer]int{}
		ids := map[string]bool{}
		lastTicket := map[scoring.Date]int{}
		for _, r := range k.Responses {
			at := when(t, r)
			if r.FilterReason != "" {
				t.Fatalf("seq %d: filtered %q; an invite-mode kiosk keeps no repeat press", r.Seq, r.FilterReason)
			}
			u, err := uuid.Parse(r.InvitationID)
			if err != nil || ids[r.InvitationID] || u.Version() != 7 || u.String() != r.InvitationID {
				t.Fatalf("seq %d: invitation %q (%v); want a UUIDv7 used once", r.Seq, r.InvitationID, err)
			}
			ids[r.InvitationID] = true
			issued := time.UnixMilli(int64(u[0])<<40 | int64(u[1])<<32 | int64(u[2])<<24 | int64(u[3])<<16 | int64(u[4])<<8 | int64(u[5]))
			if d := at.Sub(issued); d < time.Second || d > 15*time.Second {
				t.Fatalf("seq %d: invitation issued %v before the tap", r.Seq, d)
			}
			day := scoring.DateOf(at, Zone)
			var n int
			if _, err := fmt.Sscanf(r.Ticket, InviteCounter+"%03d", &n); err != nil || n <= lastTicket[day] {
				t.Fatalf("seq %d: ticket %q after %d the same day (%v)", r.Seq, r.Ticket, lastTicket[day], err)
			}
			lastTicket[day] = n
			used[dayOfficer{day, r.OfficerID}]++
		}

		got := map[dayOfficer]int{}
		var total scoring.InvitationTotals
		rates := map[int]bool{} // rates in tenths of a percent
		issuedOn := map[scoring.Date]int{}
		for i, c := range k.Invitations {
			key := dayOfficer{c.Day, c.OfficerID}
			if i > 0 && c.Day.Before(k.Invitations[i-1].Day) {
				t.Fatalf("counts out of day order: %+v after %+v", c, k.Invitations[i-1])
			}
			if _, dup := got[key]; dup {
				t.Fatalf("two counts of %v", key)
			}
			got[key] = c.Used
			if c.KioskID != k.Kiosk.ID || c.Used > c.Issued || c.Used+c.Expired != c.Issued {
				t.Errorf("count %+v: want used ≤ issued and the rest expired", c)
			}
			if c.Used >= 20 {
				rate := 100 * float64(c.Used) / float64(c.Issued)
				if rate < 75 || rate > 90 {
					t.Errorf("count %+v: response rate %.1f %%; want 75–90", c, rate)
				}
				rates[int(rate*10)] = true
			}
			issuedOn[c.Day] += c.Issued
			total.Add(c)
		}
		for day, n := range lastTicket {
			if n > issuedOn[day] {
				t.Errorf("%s: ticket %d; %d invitations issued", day, n, issuedOn[day])
			}
		}
		if !reflect.DeepEqual(got, used) {
			t.Fatalf("used per day and officer %v; the ratings with an invitation %v", got, used)
		}
		rate := 100 * float64(total.Used) / float64(total.Issued)
		t.Logf("%d invitations, %d rated (%.1f %%), %d different daily rates", total.Issued, total.Used, rate, len(rates))
		if rate < 78 || rate > 88 || len(rates) < 10 {
			t.Errorf("response rate %.1f %% over the days, %d different daily rates; want 78–88 %% and varied", rate, len(rates))
		}
	}
	if !found {
		t.Fatalf("no kiosk at counter %s of %s", InviteCounter, InviteCentre)
	}
}

// TestInviteModeKeepsTheOtherCounters: the invite-mode counter draws its
// invitations apart, so every other kiosk's data are those of a world
// whose counters all rate freely.
func TestInviteModeKeepsTheOtherCounters(t *testing.T) {
	o := Options{Days: 30, Seed: 1, Now: testNow}
	with, _ := generate(t, o)
	g := newGenerator(o)
	setups := testSetups(t)
	var qn []Setup
	for _, s := range setups {
		if s.Kiosk.CentreID == InviteCentre {
			qn = append(qn, s)
		}
	}
	c := World()[slices.IndexFunc(World(), func(c Centre) bool { return c.ID == InviteCentre })]
	free := g.centre(c, qn) // ratings before invitations are given
	for i, s := range qn {
		want := g.kiosk(s, free[i]).Responses
		got := with[slices.IndexFunc(with, func(k KioskData) bool { return k.Kiosk.ID == s.Kiosk.ID })].Responses
		if inviteMode(s.Kiosk) {
			if len(got) != len(want) {
				t.Errorf("invite-mode kiosk: %d ratings; want %d", len(got), len(want))
			}
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("kiosk %s: its responses change with the invite-mode counter", s.Kiosk.ID)
		}
	}
}

// TestSeedRecordsInvitationCounts: Seed stores the invite-mode kiosk's
// counts through the store's role, as the kiosk reported them, and sums
// them in its summary.
func TestSeedRecordsInvitationCounts(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	o := Options{Days: 10, Seed: 2, Now: testNow}
	sum, err := Seed(ctx, st, o, testNow)
	if err != nil {
		t.Fatal(err)
	}
	ks, _ := generate(t, o)
	var want []scoring.InvitationCount
	for _, k := range ks {
		want = append(want, k.Invitations...)
	}
	today := scoring.DateOf(testNow, Zone)
	got, err := st.InvitationCounts(ctx, scoring.InvitationQuery{CentreIDs: []string{InviteCentre}, From: today.AddDays(-o.Days), To: today})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || len(got) != len(want) {
		t.Fatalf("%d counts stored; %d made", len(got), len(want))
	}
	var total scoring.InvitationTotals
	for i, c := range got {
		w := want[i]
		if c.KioskID != w.KioskID || c.Day != w.Day || c.OfficerID != w.OfficerID || c.Issued != w.Issued || c.Used != w.Used ||
			c.Expired != w.Expired || c.CentreID != InviteCentre || c.CounterID != InviteCounter {
			t.Errorf("stored %+v; made %+v", c, w)
		}
		total.Add(c)
	}
	if sum.Invitations != total || total.Used == 0 {
		t.Errorf("summary %+v; stored %+v", sum.Invitations, total)
	}
}
