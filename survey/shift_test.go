package survey_test

import (
	"reflect"
	"testing"

	"hailong/kiosk/survey"
)

func TestShiftChange(t *testing.T) {
	in := func(id string) survey.ShiftEvent {
		return survey.ShiftEvent{OfficerID: id, Kind: survey.ShiftSignIn, Source: "pin", At: t0}
	}
	out := func(id string) survey.ShiftEvent {
		return survey.ShiftEvent{OfficerID: id, Kind: survey.ShiftSignOut, Source: "pin", At: t0}
	}
	for _, tt := range []struct {
		name     string
		from, to string
		want     []survey.ShiftEvent
	}{
		{"closed counter opens", "", "cb01", []survey.ShiftEvent{in("cb01")}},
		{"the officer on duty again: nothing", "cb01", "cb01", nil},
		{"another officer takes over", "cb01", "cb02", []survey.ShiftEvent{out("cb01"), in("cb02")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := survey.ShiftChange(tt.from, tt.to, "pin", t0); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ShiftChange(%q, %q) = %+v, want %+v", tt.from, tt.to, got, tt.want)
			}
		})
	}
}
