package demodata

import (
	"testing"
	"time"

	"hailong/kiosk/scoring"
)

// The large world has the counters asked for, two officers a counter with
// unique ids and PINs a centre accepts, and keeps the demo's situations.
func TestLargeWorld(t *testing.T) {
	w := LargeWorld(50, 9)
	counters := 0
	ids := map[string]bool{}
	for _, c := range w {
		counters += c.Counters
		if len(c.Officers) < 2*c.Counters {
			t.Errorf("centre %s: %d officers for %d counters", c.ID, len(c.Officers), c.Counters)
		}
		for _, o := range c.Officers {
			if ids[o.ID] {
				t.Errorf("officer id %s twice", o.ID)
			}
			ids[o.ID] = true
			if err := scoring.CheckPIN(o.PIN); err != nil {
				t.Errorf("officer %s: PIN %s: %v", o.ID, o.PIN, err)
			}
		}
	}
	if counters != 50 {
		t.Errorf("%d counters, want 50", counters)
	}
	if !ids[WeakOfficer] || w[0].ID != BadCentre || w[1].ID != LateCentre || w[2].ID != SilentCentre {
		t.Error("the demo's named situations are gone")
	}
}

// TestLargeWorldVolume prints how many ratings a week of the large world
// makes (run with -v to calibrate the page benchmarks' rate).
func TestLargeWorldVolume(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a week of 50 kiosks")
	}
	w := LargeWorld(50, 9)
	setups := worldSetups(t, w)
	ks, _, err := Generate(w, setups, Options{Days: 7, Seed: 1, Now: time.Date(2026, 12, 4, 17, 0, 0, 0, Zone)})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, k := range ks {
		n += len(k.Responses)
	}
	t.Logf("%d ratings in 7 days at 50 counters: %.0f a counter a day", n, float64(n)/7/50)
	if n == 0 {
		t.Fatal("no ratings")
	}
}
