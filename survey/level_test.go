package survey_test

import (
	"testing"

	"hailong/kiosk/survey"
)

func TestParseLevel(t *testing.T) {
	tests := []struct {
		in      string
		want    survey.Level
		wantErr bool
	}{
		{in: "very_satisfied", want: survey.VerySatisfied},
		{in: "satisfied", want: survey.Satisfied},
		{in: "dissatisfied", want: survey.Dissatisfied},
		{in: "", wantErr: true},
		{in: "neutral", wantErr: true},
		{in: "Satisfied", wantErr: true},
		{in: " satisfied", wantErr: true},
		{in: "satisfied ", wantErr: true},
		{in: "hài lòng", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := survey.ParseLevel(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseLevel(%q) = %q, want an error", tt.in, got)
				}
				if got != "" {
					t.Errorf("ParseLevel(%q) returned %q with its error, want \"\"", tt.in, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseLevel(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestLevelValid(t *testing.T) {
	tests := []struct {
		l    survey.Level
		want bool
	}{
		{survey.VerySatisfied, true},
		{survey.Satisfied, true},
		{survey.Dissatisfied, true},
		{"", false},
		{"neutral", false},
		{"VERY_SATISFIED", false},
	}
	for _, tt := range tests {
		if got := tt.l.Valid(); got != tt.want {
			t.Errorf("Level(%q).Valid() = %v, want %v", tt.l, got, tt.want)
		}
	}
}

func TestLevelsBestFirst(t *testing.T) {
	want := []survey.Level{survey.VerySatisfied, survey.Satisfied, survey.Dissatisfied}
	if len(survey.Levels) != len(want) {
		t.Fatalf("Levels = %q, want %q", survey.Levels, want)
	}
	for i, l := range survey.Levels {
		if l != want[i] {
			t.Errorf("Levels[%d] = %q, want %q", i, l, want[i])
		}
		if !l.Valid() {
			t.Errorf("Levels[%d] = %q is not Valid", i, l)
		}
	}
}
