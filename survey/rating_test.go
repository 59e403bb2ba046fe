package survey_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/survey"
)

// ratingT0 is when the rating screens of these tests open.
var ratingT0 = time.Date(2025, 11, 24, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))

func legal3Rules(t *testing.T, mutate func(*survey.RatingRules)) survey.RatingRules {
	t.Helper()
	sc, err := survey.NewScale(survey.ScaleLegal3)
	if err != nil {
		t.Fatal(err)
	}
	r := survey.RatingRules{Scale: sc, ReasonLevels: []survey.Level{survey.Dissatisfied},
		Dossier: survey.DossierOff, Trigger: survey.TriggerOpen, RepeatWindow: 5 * time.Second}
	if mutate != nil {
		mutate(&r)
	}
	return r
}

// apply runs one event of the little language the table speaks:
// "toggle:CODE", "send", "skip", "code:TEXT", "send-code", "skip-code",
// "timeout". It returns whether the rating took the event.
func apply(t *testing.T, r *survey.Rating, ev string) bool {
	t.Helper()
	name, arg, _ := strings.Cut(ev, ":")
	switch name {
	case "toggle":
		return r.ToggleReason(arg)
	case "send":
		return r.SendReasons()
	case "skip":
		return r.SkipReasons()
	case "code":
		return r.SetDossierCode(arg)
	case "send-code":
		return r.SendDossier()
	case "skip-code":
		return r.SkipDossier()
	case "timeout":
		return r.Timeout()
	}
	t.Fatalf("unknown event %q", ev)
	return false
}

// TestRatingTransitions walks every path from the tap to the save: each
// step is an event, whether the rating took it, and the step after it; the
// stored fields are checked at the end.
func TestRatingTransitions(t *testing.T) {
	type step struct {
		event string
		taken bool
		then  survey.Step
	}
	inv := &survey.Invitation{ID: "inv-1", Ticket: "A012"}
	invCode := &survey.Invitation{ID: "inv-2", Ticket: "A013", DossierCode: "000.00.00.H22-241124-0001"}
	tests := []struct {
		name    string
		rules   func(*survey.RatingRules)
		raw     int
		inv     *survey.Invitation
		after   time.Duration // since the previous thanks; 0: none
		first   survey.Step   // the step right after the tap
		steps   []step
		reasons []string
		outcome survey.Outcome
		dossier string
		filter  string
	}{
		{name: "very satisfied saves at once", raw: 3, first: survey.StepSave,
			steps:   []step{{"toggle:wait", false, survey.StepSave}, {"send", false, survey.StepSave}, {"timeout", false, survey.StepSave}},
			outcome: survey.OutcomeSubmitted},
		{name: "satisfied saves at once", raw: 2, first: survey.StepSave, outcome: survey.OutcomeSubmitted},
		{name: "dissatisfied, reasons sent", raw: 1, first: survey.StepReasons,
			steps: []step{
				{"send", false, survey.StepReasons}, // Gửi is refused while no reason is chosen
				{"toggle:wait", true, survey.StepReasons},
				{"toggle:rude", true, survey.StepReasons},
				{"toggle:late", true, survey.StepReasons},
				{"toggle:late", true, survey.StepReasons}, // a second touch un-chooses
				{"send", true, survey.StepSave},
				{"skip", false, survey.StepSave}, // a late Bỏ qua changes nothing
				{"toggle:other", false, survey.StepSave},
			},
			reasons: []string{"wait", "rude"}, outcome: survey.OutcomeSubmitted},
		{name: "dissatisfied, reasons chosen then skipped", raw: 1, first: survey.StepReasons,
			steps:   []step{{"toggle:wait", true, survey.StepReasons}, {"skip", true, survey.StepSave}},
			outcome: survey.OutcomeSkippedReasons},
		{name: "dissatisfied, reasons screen left", raw: 1, first: survey.StepReasons,
			steps:   []step{{"toggle:wait", true, survey.StepReasons}, {"timeout", true, survey.StepSave}, {"timeout", false, survey.StepSave}},
			outcome: survey.OutcomeTimeout},
		{name: "reasons for satisfied too", raw: 2, first: survey.StepReasons,
			rules: func(r *survey.RatingRules) {
				r.ReasonLevels = []survey.Level{survey.Satisfied, survey.Dissatisfied}
			},
			steps:   []step{{"toggle:other", true, survey.StepReasons}, {"send", true, survey.StepSave}},
			reasons: []string{"other"}, outcome: survey.OutcomeSubmitted},
		{name: "optional code typed", raw: 3, first: survey.StepDossier,
			rules: func(r *survey.RatingRules) { r.Dossier = survey.DossierOptional },
			steps: []step{
				{"send", false, survey.StepDossier},
				{"code:000.00.00.H22-241124-0001-XYZ/2024", true, survey.StepDossier},
				{"code:" + strings.Repeat("9", survey.MaxDossierCode+1), false, survey.StepDossier},
				{"send-code", true, survey.StepSave},
				{"code:1", false, survey.StepSave},
			},
			dossier: "000.00.00.H22-241124-0001-XYZ/2024", outcome: survey.OutcomeSubmitted},
		{name: "optional code sent empty", raw: 3, first: survey.StepDossier,
			rules:   func(r *survey.RatingRules) { r.Dossier = survey.DossierOptional },
			steps:   []step{{"send-code", true, survey.StepSave}},
			outcome: survey.OutcomeSubmitted},
		{name: "optional code skipped", raw: 2, first: survey.StepDossier,
			rules:   func(r *survey.RatingRules) { r.Dossier = survey.DossierOptional },
			steps:   []step{{"code:5", true, survey.StepDossier}, {"skip-code", true, survey.StepSave}},
			outcome: survey.OutcomeSubmitted},
		{name: "required code", raw: 3, first: survey.StepDossier,
			rules: func(r *survey.RatingRules) { r.Dossier = survey.DossierRequired },
			steps: []step{
				{"send-code", false, survey.StepDossier},
				{"skip-code", false, survey.StepDossier},
				{"code:4", true, survey.StepDossier},
				{"skip-code", false, survey.StepDossier},
				{"send-code", true, survey.StepSave},
			},
			dossier: "4", outcome: survey.OutcomeSubmitted},
		{name: "required code, screen left", raw: 2, first: survey.StepDossier,
			rules:   func(r *survey.RatingRules) { r.Dossier = survey.DossierRequired },
			steps:   []step{{"code:12", true, survey.StepDossier}, {"timeout", true, survey.StepSave}},
			outcome: survey.OutcomeTimeout},
		{name: "reasons then code", raw: 1, first: survey.StepReasons,
			rules: func(r *survey.RatingRules) { r.Dossier = survey.DossierOptional },
			steps: []step{
				{"code:1", false, survey.StepReasons},
				{"toggle:wait", true, survey.StepReasons},
				{"send", true, survey.StepDossier},
				{"toggle:rude", false, survey.StepDossier},
				{"code:77", true, survey.StepDossier},
				{"send-code", true, survey.StepSave},
			},
			reasons: []string{"wait"}, dossier: "77", outcome: survey.OutcomeSubmitted},
		{name: "reasons sent, code screen left: reasons kept", raw: 1, first: survey.StepReasons,
			rules: func(r *survey.RatingRules) { r.Dossier = survey.DossierOptional },
			steps: []step{
				{"toggle:wait", true, survey.StepReasons},
				{"send", true, survey.StepDossier},
				{"code:77", true, survey.StepDossier},
				{"timeout", true, survey.StepSave},
			},
			reasons: []string{"wait"}, outcome: survey.OutcomeTimeout},
		{name: "reasons screen left skips the code too", raw: 1, first: survey.StepReasons,
			rules:   func(r *survey.RatingRules) { r.Dossier = survey.DossierRequired },
			steps:   []step{{"timeout", true, survey.StepSave}},
			outcome: survey.OutcomeTimeout},
		{name: "invitation with its code skips the code step", raw: 3, inv: invCode, first: survey.StepSave,
			rules: func(r *survey.RatingRules) {
				r.Dossier = survey.DossierRequired
				r.Trigger = survey.TriggerInvite
			},
			dossier: invCode.DossierCode, outcome: survey.OutcomeSubmitted},
		{name: "invitation without a code asks for it", raw: 3, inv: inv, first: survey.StepDossier,
			rules: func(r *survey.RatingRules) {
				r.Dossier = survey.DossierOptional
				r.Trigger = survey.TriggerInvite
			},
			steps:   []step{{"skip-code", true, survey.StepSave}},
			outcome: survey.OutcomeSubmitted},
		{name: "open mode: within the repeat window", raw: 3, after: 4 * time.Second, first: survey.StepSave,
			outcome: survey.OutcomeSubmitted, filter: survey.FilterRepeat},
		{name: "open mode: after the repeat window", raw: 3, after: 5 * time.Second, first: survey.StepSave,
			outcome: survey.OutcomeSubmitted},
		{name: "invite mode: never a repeat", raw: 3, inv: inv, after: time.Second, first: survey.StepSave,
			rules:   func(r *survey.RatingRules) { r.Trigger = survey.TriggerInvite },
			outcome: survey.OutcomeSubmitted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tap := survey.Tap{Raw: tt.raw, At: ratingT0.Add(7 * time.Second), ShownAt: ratingT0, Invitation: tt.inv, Lang: "en"}
			if tt.after > 0 {
				tap.LastThanks = tap.At.Add(-tt.after)
			}
			r, err := survey.NewRating(legal3Rules(t, tt.rules), tap)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Step(); got != tt.first {
				t.Fatalf("after the tap: step %v, want %v", got, tt.first)
			}
			for i, s := range tt.steps {
				if taken := apply(t, r, s.event); taken != s.taken {
					t.Errorf("event %d %q: taken %v, want %v", i+1, s.event, taken, s.taken)
				}
				if got := r.Step(); got != s.then {
					t.Fatalf("after event %d %q: step %v, want %v", i+1, s.event, got, s.then)
				}
			}
			if r.Step() != survey.StepSave {
				t.Fatalf("the table ends at step %v, not save", r.Step())
			}
			got := r.Response(survey.Response{CentreID: "qn-hcc", OfficerID: "cb01"})
			if got.CentreID != "qn-hcc" || got.OfficerID != "cb01" {
				t.Errorf("the kiosk's fields were lost: %+v", got)
			}
			if got.Scale != survey.ScaleLegal3 || got.RawValue != tt.raw || got.Level != r.Level() {
				t.Errorf("scale %s raw %d level %s", got.Scale, got.RawValue, got.Level)
			}
			if !slices.Equal(got.Reasons, tt.reasons) || got.Outcome != tt.outcome || got.DossierCode != tt.dossier || got.FilterReason != tt.filter {
				t.Errorf("stored reasons %v outcome %s dossier %q filter %q;\nwant reasons %v outcome %s dossier %q filter %q",
					got.Reasons, got.Outcome, got.DossierCode, got.FilterReason, tt.reasons, tt.outcome, tt.dossier, tt.filter)
			}
			if got.Lang != "en" || got.DurationMS != 7000 || got.CreatedAt != tap.At.Format(survey.TimeLayout) {
				t.Errorf("lang %s duration %d created %s", got.Lang, got.DurationMS, got.CreatedAt)
			}
			if tt.inv != nil && (got.InvitationID != tt.inv.ID || got.Ticket != tt.inv.Ticket) {
				t.Errorf("invitation %q ticket %q, want %q %q", got.InvitationID, got.Ticket, tt.inv.ID, tt.inv.Ticket)
			}
			if tt.inv == nil && (got.InvitationID != "" || got.Ticket != "") {
				t.Errorf("invitation %q ticket %q without an invitation", got.InvitationID, got.Ticket)
			}
		})
	}
}

// TestRatingRefusesAnUnknownValue: a tap on a value the scale does not have
// starts no rating.
func TestRatingRefusesAnUnknownValue(t *testing.T) {
	if _, err := survey.NewRating(legal3Rules(t, nil), survey.Tap{Raw: 4, At: ratingT0}); err == nil {
		t.Fatal("raw 4 on legal3 started a rating")
	}
}

// TestRatingKeepsItsRules: a configuration change after the tap does not
// change the steps of the rating in progress.
func TestRatingKeepsItsRules(t *testing.T) {
	cfg := survey.Config{ReasonLevels: []survey.Level{survey.Dissatisfied}, Dossier: survey.DossierOff, Trigger: survey.TriggerOpen}
	cfg.Scale, _ = survey.NewScale(survey.ScaleLegal3)
	r, err := survey.NewRating(cfg.RatingRules(), survey.Tap{Raw: 1, At: ratingT0})
	if err != nil {
		t.Fatal(err)
	}
	cfg.ReasonLevels[0] = survey.Satisfied
	cfg.Dossier = survey.DossierRequired
	if r.Step() != survey.StepReasons {
		t.Fatalf("step %v after the configuration changed, want reasons", r.Step())
	}
	r.SkipReasons()
	if r.Step() != survey.StepSave {
		t.Fatalf("step %v, want save (the dossier step was off when the rating began)", r.Step())
	}
}

func TestRatingReasonsAtMostMax(t *testing.T) {
	r, err := survey.NewRating(legal3Rules(t, nil), survey.Tap{Raw: 1, At: ratingT0})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < survey.MaxReasons+3; i++ {
		r.ToggleReason(string(rune('a' + i)))
	}
	if n := len(r.Reasons()); n != survey.MaxReasons {
		t.Fatalf("%d reasons chosen, want at most %d", n, survey.MaxReasons)
	}
}
