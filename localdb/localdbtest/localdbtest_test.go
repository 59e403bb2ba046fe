package localdbtest_test

import (
	"context"
	"testing"
	"time"

	"hailong/kiosk/localdb"
	"hailong/kiosk/localdb/localdbtest"
	"hailong/kiosk/survey"
)

func TestBacklogIsPendingAndChained(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	tmpl := survey.Response{CentreID: "c1", CounterID: "1", OfficerID: "o1", Scale: survey.ScaleFace4,
		Outcome: survey.OutcomeSubmitted, Lang: "vi", AppVersion: "test", ConfigVersion: "cfg"}
	start := time.Date(2025, 6, 10, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	kiosk := localdbtest.Backlog(t, dir, 700, tmpl, start, time.Second)
	db, err := localdb.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SaveResponse(ctx, tmpl); err == nil {
		t.Fatal("a template without a rating was saved") // the template is not a response by itself
	}
	tmpl.RawValue, tmpl.Level = 4, survey.VerySatisfied
	saved, err := db.SaveResponse(ctx, tmpl) // a durable save continues the chain
	if err != nil {
		t.Fatal(err)
	}
	if saved.Seq != 701 || db.KioskID() != kiosk {
		t.Errorf("saved seq %d of kiosk %s, want 701 of %s", saved.Seq, db.KioskID(), kiosk)
	}
	if err := db.VerifyChain(ctx); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(ctx, start)
	if err != nil || st.Pending != 701 {
		t.Fatalf("Stats() = %+v, %v; want 701 pending", st, err)
	}
	rs, err := db.Pending(ctx, 500)
	if err != nil || len(rs) != 500 || rs[0].Seq != 1 || rs[0].CreatedAt != start.Format(survey.TimeLayout) {
		t.Fatalf("Pending() = %d responses from seq %d, %v", len(rs), rs[0].Seq, err)
	}
	for _, r := range rs {
		if err := r.Validate(); err != nil {
			t.Fatalf("seq %d: %v", r.Seq, err)
		}
	}
}
