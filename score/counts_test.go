package score

import (
	"testing"

	"hailong/kiosk/survey"
)

var levels = survey.Levels

func TestCounts(t *testing.T) {
	var c Counts
	rs := []survey.Response{
		{Level: survey.VerySatisfied},
		{Level: survey.VerySatisfied},
		{Level: survey.Satisfied},
		{Level: survey.Dissatisfied},
		{Level: survey.VerySatisfied, FilterReason: survey.FilterRepeat},
		{Level: survey.Dissatisfied, FilterReason: survey.FilterRepeat},
	}
	for _, r := range rs {
		if !c.Add(r) {
			t.Fatalf("Add(%+v) refused", r)
		}
	}
	want := Counts{VerySatisfied: 2, Satisfied: 1, Dissatisfied: 1, Filtered: 2}
	if c != want || c.N() != 4 {
		t.Fatalf("counts %+v N %d, want %+v N 4", c, c.N(), want)
	}
	for l, p := range map[survey.Level]string{survey.VerySatisfied: "50,0 %", survey.Satisfied: "25,0 %", survey.Dissatisfied: "25,0 %"} {
		if got := c.Percent(l).VI(); got != p {
			t.Errorf("%%%s = %q, want %q", l, got, p)
		}
	}
	if c.Of("neutral") != 0 || c.Percent("neutral").Tenths() != 0 {
		t.Error("an unknown level has a count")
	}
	if c.Add(survey.Response{Level: "neutral"}) || c.AddN(survey.Satisfied, false, -1) || c != want {
		t.Fatalf("an unknown level or a negative count was added: %+v", c)
	}
	if got := c.Plus(Counts{Satisfied: 3, Filtered: 1}); got != (Counts{VerySatisfied: 2, Satisfied: 4, Dissatisfied: 1, Filtered: 3}) {
		t.Fatalf("Plus = %+v", got)
	}
	var zero Counts
	for _, l := range levels {
		if zero.Percent(l).OK() {
			t.Errorf("n = 0 has a %%%s", l)
		}
	}
}
