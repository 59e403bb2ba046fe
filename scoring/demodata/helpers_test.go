package demodata

import (
	"fmt"
	"math"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// testNow is the end of the test data: a Friday morning, so that today
// is partly made, the bad afternoon was yesterday and the silent kiosk
// went silent in opening hours.
var testNow = time.Date(2026, 11, 27, 9, 40, 12, 345e6, Zone)

// testSetups makes the kiosks of World with the default configuration,
// as the server would issue it, without a store.
func testSetups(t testing.TB) []Setup {
	t.Helper()
	return worldSetups(t, World())
}

// worldSetups is testSetups for any world.
func worldSetups(t testing.TB, world []Centre) []Setup {
	t.Helper()
	sc, err := protocol.ScaleWithMapping(survey.ScaleLegal3, nil)
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, r := range survey.DefaultReasons() {
		reasons = append(reasons, r.Code)
	}
	var out []Setup
	for _, c := range world {
		var officers []string
		for _, o := range c.Officers {
			officers = append(officers, o.ID)
		}
		for i := range c.Counters {
			k := scoring.Kiosk{ID: KioskID(c.ID, fmt.Sprint(i+1)), CentreID: c.ID, CounterID: fmt.Sprint(i + 1)}
			out = append(out, Setup{Kiosk: k, Config: scoring.IssuedConfig{KioskID: k.ID, Version: "cfg-" + k.ID,
				CentreID: c.ID, CounterID: k.CounterID, Scale: sc.Name, Levels: sc.Mapping, Officers: officers,
				Reasons: reasons, ReasonsFor: []survey.Level{survey.Dissatisfied}}})
		}
	}
	return out
}

// generate runs Generate on the test world.
func generate(t testing.TB, o Options) ([]KioskData, Events) {
	t.Helper()
	ks, ev, err := Generate(World(), testSetups(t), o)
	if err != nil {
		t.Fatal(err)
	}
	return ks, ev
}

// tally counts levels of unfiltered responses.
type tally struct{ n, vs, s, d int }

func (c *tally) add(r survey.Response) {
	if r.FilterReason != "" {
		return
	}
	c.n++
	switch r.Level {
	case survey.VerySatisfied:
		c.vs++
	case survey.Satisfied:
		c.s++
	case survey.Dissatisfied:
		c.d++
	}
}

func pct(k, n int) float64 { return float64(k) / float64(n) * 100 }

// rate is the satisfaction rate (SPEC §7) and its Wilson 95% interval.
func (c tally) rate() (p, lo, hi float64) {
	const z = 1.96
	n := float64(c.n)
	p = float64(c.vs+c.s) / n
	centre := (p + z*z/(2*n)) / (1 + z*z/n)
	half := z * math.Sqrt(p*(1-p)/n+z*z/(4*n*n)) / (1 + z*z/n)
	return p * 100, (centre - half) * 100, (centre + half) * 100
}

// when parses a response's created_at.
func when(t testing.TB, r survey.Response) time.Time {
	t.Helper()
	at, err := r.Time()
	if err != nil {
		t.Fatal(err)
	}
	return at
}
