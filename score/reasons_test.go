package score

import (
	"reflect"
	"testing"
)

func TestReasonsByCount(t *testing.T) {
	got := ReasonsByCount(map[string]int{"wait": 3, "rude": 5, "late": 3, "other": 0, "unclear": 1})
	want := []ReasonCount{{"rude", 5}, {"late", 3}, {"wait", 3}, {"unclear", 1}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if got := ReasonsByCount(nil); len(got) != 0 {
		t.Fatalf("nil map gives %v", got)
	}
}
