package scoring_test

import (
	"testing"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// Each way a response can disagree with the configuration it names is
// rejected with its own reason; one that agrees passes.
func TestTrustRulesCheck(t *testing.T) {
	sc, err := survey.NewScale(survey.ScaleLegal3)
	if err != nil {
		t.Fatal(err)
	}
	r := scoring.CompileTrust(scoring.IssuedConfig{KioskID: "k1", Version: "v1", CentreID: "c1", CounterID: "1", Scale: sc.Name,
		Levels: sc.Mapping, Officers: []string{"o1", "o2"}, Reasons: []string{"wait", "rude"},
		ReasonsFor: []survey.Level{survey.Dissatisfied}})
	k := scoringtest.Kiosk{ID: "k1", CentreID: "c1", CounterID: "1", OfficerID: "o1", ConfigVersion: "v1"}
	rs := scoringtest.Chain(k, 1, survey.GenesisHash, 5) // seq 5 is dissatisfied with reasons wait, rude
	for _, c := range []struct {
		name   string
		seq    int
		edit   func(*survey.Response)
		reason string
	}{
		{"agrees", 1, func(*survey.Response) {}, ""},
		{"agrees with reasons", 5, func(*survey.Response) {}, ""},
		{"another counter", 1, func(r *survey.Response) { r.CounterID = "2" }, protocol.ReasonWrongPlace},
		{"another centre", 1, func(r *survey.Response) { r.CentreID = "c2" }, protocol.ReasonWrongPlace},
		{"another scale", 1, func(r *survey.Response) { r.Scale = survey.ScaleFace4 }, protocol.ReasonScaleMismatch},
		{"a level its raw value does not map to", 1, func(r *survey.Response) { r.Level = survey.VerySatisfied }, protocol.ReasonLevelMismatch},
		{"a raw value off the scale", 1, func(r *survey.Response) { r.RawValue = 9 }, protocol.ReasonLevelMismatch},
		{"an officer not on the roster", 1, func(r *survey.Response) { r.OfficerID = "o9" }, protocol.ReasonUnknownOfficer},
		{"reasons after a level that asks none", 1, func(r *survey.Response) { r.Reasons = []string{"wait"} }, protocol.ReasonUnexpectedReasons},
		{"reasons with outcome skipped_reasons", 5, func(r *survey.Response) { r.Outcome = survey.OutcomeSkippedReasons }, protocol.ReasonUnexpectedReasons},
		{"a reason not offered", 5, func(r *survey.Response) { r.Reasons = []string{"wait", "cold"} }, protocol.ReasonUnknownReason},
	} {
		resp := rs[c.seq-1]
		resp.Reasons = append([]string(nil), resp.Reasons...)
		c.edit(&resp)
		reason, detail := r.Check(&resp)
		if reason != c.reason || (reason == "") != (detail == "") {
			t.Errorf("%s: %q %q, want %q", c.name, reason, detail, c.reason)
		}
	}
}
