package demodata

import "testing"

// Every demo kiosk reports its self-checks: the low-disk kiosk fails the
// disk check (with little disk free), the skewed one the clock check, and
// every other check of every kiosk passes, so the Fleet page shows both.
func TestDemoSelfChecks(t *testing.T) {
	ks, _ := generate(t, Options{Days: 30, Seed: 1, Now: testNow})
	for _, k := range ks {
		var failing []string
		for _, c := range k.Heartbeat.Checks {
			if !c.OK() {
				failing = append(failing, c.Name+"="+c.Result)
			}
		}
		want := ""
		switch {
		case k.Kiosk.CentreID == LowDiskCentre && k.Kiosk.CounterID == LowDiskCounter:
			want = "disk=low"
			if k.Heartbeat.DiskFree >= 200<<20 {
				t.Errorf("low-disk kiosk has %d bytes free", k.Heartbeat.DiskFree)
			}
		case k.Kiosk.CentreID == SkewedCentre && k.Kiosk.CounterID == SkewedCounter:
			want = "clock=skewed"
		}
		got := ""
		if len(failing) == 1 {
			got = failing[0]
		}
		if len(k.Heartbeat.Checks) != 7 || len(failing) > 1 || got != want {
			t.Errorf("kiosk %s: checks %+v, want failing %q", k.Kiosk.ID, k.Heartbeat.Checks, want)
		}
	}
}
