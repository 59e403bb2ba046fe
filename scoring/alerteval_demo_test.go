package scoring_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/demodata"
	"hailong/kiosk/scoring/sqlitestore"
)

// TestDemoBadAfternoonAlerts: the demo data's bad afternoon opens an
// unhappy-counter alert at its counter when the evaluator runs through it
// minute by minute, as the server would have.
func TestDemoBadAfternoonAlerts(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds demo data")
	}
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 27, 9, 40, 0, 0, demodata.Zone) // a Friday morning
	sum, err := demodata.Seed(ctx, st, demodata.Options{Days: 3, Seed: 1, Now: now}, now)
	if err != nil {
		t.Fatal(err)
	}
	bad := sum.Events.BadAfternoon
	if bad.IsZero() {
		t.Fatal("no bad afternoon in the demo data")
	}
	for m := 0; m <= 150; m++ {
		if _, err := scoring.EvaluateAlerts(ctx, st, bad.Add(time.Duration(m)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	as, err := st.Alerts(ctx, scoring.AlertFilter{CentreID: demodata.BadCentre})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range as {
		if a.Kind == scoring.AlertUnhappyCounter && a.Subject == demodata.BadCounter {
			found = true
			if a.Detail.N < scoring.UnhappyMinN || a.Detail.Percent < 50 || a.OpenedAt.Before(bad) {
				t.Errorf("alert %+v", a)
			}
		}
	}
	if !found {
		t.Errorf("no unhappy-counter alert at counter %s of %s during the bad afternoon of %s; alerts: %+v",
			demodata.BadCounter, demodata.BadCentre, bad, as)
	}
}
