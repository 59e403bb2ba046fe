package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// TestRatingsUnderEachConfigurationArrive: a real enrolled kiosk rates
// under the configuration of its enrolment (A), the officer it rated then
// leaves the roster, the uploader fetches the new configuration (B) and
// the kiosk rates under it; everything reaches the server through the real
// uploader, because each rating is judged by the version it was made
// under. A rating forged for another centre in the same backlog is
// quarantined with wrong_place and nothing else is held back.
func TestRatingsUnderEachConfigurationArrive(t *testing.T) {
	s := startServer(t, nil)
	ctx := context.Background()
	o, err := scoring.NewOfficer(centreID, "cb02", "Trần Văn Bình", "", "2222", nil, "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.SaveOfficer(ctx, o); err != nil {
		t.Fatal(err)
	}
	k := newKiosk(t)
	res, err := k.enrol(t, s.URL, s.code(t), "")
	if err != nil {
		t.Fatal(err)
	}
	a := k.cfg
	if a.Version != res.Config.Version || len(a.Officers) != 2 {
		t.Fatalf("kiosk stamps %q, the server sent %q with %d officers", a.Version, res.Config.Version, len(a.Officers))
	}
	k.save(t, 10) // rated under A, officer cb01 (the first of the roster)

	// The officer the kiosk has been rating leaves; B no longer lists them.
	if err := s.store.RemoveOfficer(ctx, centreID, a.Officers[0].ID); err != nil {
		t.Fatal(err)
	}
	u := k.run(t, s.URL, res.Token, "")
	cfg, _, notModified, err := u.FetchConfig(ctx, res.Config.Version)
	if err != nil || notModified {
		t.Fatalf("fetch the new configuration: %v (not modified %v)", err, notModified)
	}
	k.apply(t, cfg)
	if k.cfg.Version == a.Version || len(k.cfg.Officers) != 1 {
		t.Fatalf("configuration B: %s with %d officers", k.cfg.Version, len(k.cfg.Officers))
	}
	k.save(t, 10) // rated under B, officer cb02

	forged := survey.Response{CentreID: "hn-hcc", CounterID: "1", OfficerID: "cb02", Scale: "legal3", RawValue: 3,
		Level: survey.VerySatisfied, Outcome: survey.OutcomeSubmitted, Lang: "vi", CreatedAt: time.Now().Format(survey.TimeLayout),
		DurationMS: 900, AppVersion: "e2e", ConfigVersion: k.cfg.Version}
	if _, err := k.db.SaveResponse(ctx, forged); err != nil {
		t.Fatal(err)
	}
	k.save(t, 5)
	u.SendNow()
	k.waitDrained(t, 20*time.Second)

	if got := len(s.responses(t)); got != 25 {
		t.Fatalf("server holds %d, want the 25 honest ratings", got)
	}
	q, err := k.db.Quarantined(ctx, 10)
	if err != nil || len(q) != 1 || q[0].CentreID != "hn-hcc" || !strings.HasPrefix(q[0].Reason, protocol.ReasonWrongPlace) {
		t.Fatalf("quarantined %+v (%v), want the forged rating as %s", q, err, protocol.ReasonWrongPlace)
	}
}
