package score

import (
	"reflect"
	"testing"

	"hailong/kiosk/survey"
)

func TestTally(t *testing.T) {
	rs := []survey.Response{
		{OfficerID: "cb01", Level: survey.VerySatisfied},
		{OfficerID: "cb01", Level: survey.Dissatisfied, Reasons: []string{"wait", "rude"}},
		{OfficerID: "cb01", Level: survey.Dissatisfied, Reasons: []string{"wait"}, FilterReason: survey.FilterRepeat},
		{OfficerID: "cb02", Level: survey.Satisfied},
		{OfficerID: "cb02", Level: survey.Dissatisfied, Reasons: []string{"wait"}},
	}
	var tl Tally
	for _, r := range rs {
		if !tl.Add(r) {
			t.Fatalf("Add(%+v) refused", r)
		}
	}
	if tl.All != (Counts{VerySatisfied: 1, Satisfied: 1, Dissatisfied: 2, Filtered: 1}) {
		t.Fatalf("all %+v", tl.All)
	}
	if tl.Officers["cb01"] != (Counts{VerySatisfied: 1, Dissatisfied: 1, Filtered: 1}) {
		t.Fatalf("cb01 %+v", tl.Officers["cb01"])
	}
	// the filtered response's reason is not counted
	if !reflect.DeepEqual(tl.Reasons, map[string]int{"wait": 2, "rude": 1}) {
		t.Fatalf("reasons %v", tl.Reasons)
	}
	if tl.Add(survey.Response{OfficerID: "cb09", Level: "neutral"}) {
		t.Fatal("an unknown level was counted")
	}
	if _, ok := tl.Officers["cb09"]; ok {
		t.Fatal("a refused response left an officer behind")
	}
	gs := tl.Groups()
	if len(gs) != 2 || gs[0].ID != "cb01" || gs[1].ID != "cb02" {
		t.Fatalf("groups %+v", gs)
	}
	var sum Counts
	for _, g := range gs {
		sum = sum.Plus(g.Counts)
	}
	if sum != tl.All {
		t.Fatalf("officers sum to %+v, all is %+v", sum, tl.All)
	}
}
