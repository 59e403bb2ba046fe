package survey_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"hailong/kiosk/survey"
)

// TestScalesRunBestFirst: on every scale the tiles run best to worst (SPEC
// §4, as the legal levels read), so that key 1 always means the best level
// and the colours run the same way on every kiosk.
func TestScalesRunBestFirst(t *testing.T) {
	rank := map[survey.Level]int{survey.VerySatisfied: 0, survey.Satisfied: 1, survey.Dissatisfied: 2}
	for _, name := range survey.ScaleNames {
		sc, err := survey.NewScale(name)
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(sc.Choices); i++ {
			a, b := sc.Choices[i-1], sc.Choices[i]
			if a.Raw <= b.Raw || a.Tone >= b.Tone || rank[sc.Mapping[a.Raw]] > rank[sc.Mapping[b.Raw]] {
				t.Errorf("%s: tile %d (raw %d, tone %d) comes before tile %d (raw %d, tone %d): want best first",
					name, i, a.Raw, a.Tone, i+1, b.Raw, b.Tone)
			}
		}
	}
}

func TestNewScale(t *testing.T) {
	const (
		vs = survey.VerySatisfied
		s  = survey.Satisfied
		d  = survey.Dissatisfied
	)
	tests := []struct {
		name    string
		choices []survey.Choice // in display order
		mapping map[int]survey.Level
	}{
		{
			name: survey.ScaleLegal3,
			choices: []survey.Choice{
				{Raw: 3, Face: survey.FaceVeryHappy, Label: "level.very_satisfied", Tone: survey.ToneBest},
				{Raw: 2, Face: survey.FaceHappy, Label: "level.satisfied", Tone: survey.ToneGood},
				{Raw: 1, Face: survey.FaceUnhappy, Label: "level.dissatisfied", Tone: survey.ToneWorst},
			},
			mapping: map[int]survey.Level{3: vs, 2: s, 1: d},
		},
		{
			// SPEC §4: Bình thường maps to Hài lòng by default.
			name: survey.ScaleFace4,
			choices: []survey.Choice{
				{Raw: 4, Face: survey.FaceVeryHappy, Label: "level.very_satisfied", Tone: survey.ToneBest},
				{Raw: 3, Face: survey.FaceHappy, Label: "level.satisfied", Tone: survey.ToneGood},
				{Raw: 2, Face: survey.FaceNeutral, Label: "level.neutral", Tone: survey.ToneNeutral},
				{Raw: 1, Face: survey.FaceUnhappy, Label: "level.dissatisfied", Tone: survey.ToneWorst},
			},
			mapping: map[int]survey.Level{4: vs, 3: s, 2: s, 1: d},
		},
		{
			// SPEC §4: 5 → Rất hài lòng, 4 → Hài lòng, 1–3 → Không hài lòng.
			name: survey.ScaleStar5,
			choices: []survey.Choice{
				{Raw: 5, Face: survey.FaceStars, Stars: 5, Label: "star.5", Tone: survey.ToneBest},
				{Raw: 4, Face: survey.FaceStars, Stars: 4, Label: "star.4", Tone: survey.ToneGood},
				{Raw: 3, Face: survey.FaceStars, Stars: 3, Label: "star.3", Tone: survey.ToneNeutral},
				{Raw: 2, Face: survey.FaceStars, Stars: 2, Label: "star.2", Tone: survey.ToneBad},
				{Raw: 1, Face: survey.FaceStars, Stars: 1, Label: "star.1", Tone: survey.ToneWorst},
			},
			mapping: map[int]survey.Level{5: vs, 4: s, 3: d, 2: d, 1: d},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := survey.NewScale(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if sc.Name != tt.name {
				t.Errorf("Name = %q, want %q", sc.Name, tt.name)
			}
			if !slices.Equal(sc.Choices, tt.choices) {
				t.Errorf("Choices =\n%+v\nwant\n%+v", sc.Choices, tt.choices)
			}
			if !maps.Equal(sc.Mapping, tt.mapping) {
				t.Errorf("Mapping = %v, want %v", sc.Mapping, tt.mapping)
			}
			for raw, want := range tt.mapping {
				got, err := sc.Level(raw)
				if err != nil || got != want {
					t.Errorf("Level(%d) = %q, %v; want %q", raw, got, err, want)
				}
			}
		})
	}
}

func TestScaleNames(t *testing.T) {
	want := []string{survey.ScaleLegal3, survey.ScaleFace4, survey.ScaleStar5}
	if !slices.Equal(survey.ScaleNames, want) {
		t.Fatalf("ScaleNames = %q, want %q", survey.ScaleNames, want)
	}
	for _, name := range survey.ScaleNames {
		sc, err := survey.NewScale(name)
		if err != nil {
			t.Fatalf("NewScale(%q): %v", name, err)
		}
		// Every tile has a distinct raw value with a valid level, and every
		// mapped raw value has a tile.
		seen := map[int]bool{}
		for _, c := range sc.Choices {
			if seen[c.Raw] {
				t.Errorf("%s: raw value %d appears twice", name, c.Raw)
			}
			seen[c.Raw] = true
			if l, err := sc.Level(c.Raw); err != nil || !l.Valid() {
				t.Errorf("%s: Level(%d) = %q, %v", name, c.Raw, l, err)
			}
		}
		if len(seen) != len(sc.Mapping) {
			t.Errorf("%s: %d tiles but %d mapped raw values", name, len(seen), len(sc.Mapping))
		}
	}
}

func TestNewScaleUnknown(t *testing.T) {
	for _, name := range []string{"", "Legal3", "face5", "star10", " legal3"} {
		sc, err := survey.NewScale(name)
		if err == nil {
			t.Errorf("NewScale(%q) = %+v, want an error", name, sc)
			continue
		}
		if !strings.Contains(err.Error(), "unknown scale") {
			t.Errorf("NewScale(%q) error = %q, want it to say unknown scale", name, err)
		}
	}
}

func TestScaleWithMapping(t *testing.T) {
	tests := []struct {
		name    string
		scale   string
		m       map[int]survey.Level
		want    map[int]survey.Level // nil when an error is expected
		wantErr string
	}{
		{
			name:  "override neutral",
			scale: survey.ScaleFace4,
			m:     map[int]survey.Level{2: survey.Dissatisfied},
			want:  map[int]survey.Level{4: survey.VerySatisfied, 3: survey.Satisfied, 2: survey.Dissatisfied, 1: survey.Dissatisfied},
		},
		{
			name:  "override several",
			scale: survey.ScaleStar5,
			m:     map[int]survey.Level{4: survey.VerySatisfied, 3: survey.Satisfied},
			want:  map[int]survey.Level{5: survey.VerySatisfied, 4: survey.VerySatisfied, 3: survey.Satisfied, 2: survey.Dissatisfied, 1: survey.Dissatisfied},
		},
		{
			name:  "empty override keeps the defaults",
			scale: survey.ScaleLegal3,
			m:     nil,
			want:  map[int]survey.Level{3: survey.VerySatisfied, 2: survey.Satisfied, 1: survey.Dissatisfied},
		},
		{
			name:    "unknown raw",
			scale:   survey.ScaleLegal3,
			m:       map[int]survey.Level{4: survey.Satisfied},
			wantErr: "no raw value 4",
		},
		{
			name:    "raw zero",
			scale:   survey.ScaleStar5,
			m:       map[int]survey.Level{0: survey.Satisfied},
			wantErr: "no raw value 0",
		},
		{
			name:    "invalid level",
			scale:   survey.ScaleFace4,
			m:       map[int]survey.Level{2: "neutral"},
			wantErr: "unknown level",
		},
		{
			name:    "one bad entry spoils the lot",
			scale:   survey.ScaleFace4,
			m:       map[int]survey.Level{1: survey.Satisfied, 2: ""},
			wantErr: "unknown level",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig, err := survey.NewScale(tt.scale)
			if err != nil {
				t.Fatal(err)
			}
			before := maps.Clone(orig.Mapping)
			got, err := orig.WithMapping(tt.m)
			if !maps.Equal(orig.Mapping, before) {
				t.Errorf("WithMapping changed the original mapping: %v, was %v", orig.Mapping, before)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("WithMapping(%v) error = %v, want one containing %q", tt.m, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got.Mapping, tt.want) {
				t.Errorf("Mapping = %v, want %v", got.Mapping, tt.want)
			}
			for raw, want := range tt.want {
				if l, err := got.Level(raw); err != nil || l != want {
					t.Errorf("Level(%d) = %q, %v; want %q", raw, l, err, want)
				}
			}
			if got.Name != orig.Name || !slices.Equal(got.Choices, orig.Choices) {
				t.Errorf("WithMapping changed name or choices: %+v", got)
			}
			// The copy owns its map: changing it leaves the original alone.
			for raw := range got.Mapping {
				got.Mapping[raw] = survey.Dissatisfied
			}
			if !maps.Equal(orig.Mapping, before) {
				t.Errorf("the copy shares its mapping with the original")
			}
		})
	}
}

func TestScaleLevelUnknownRaw(t *testing.T) {
	tests := []struct {
		scale string
		raw   int
	}{
		{survey.ScaleLegal3, 0},
		{survey.ScaleLegal3, 4},
		{survey.ScaleFace4, 5},
		{survey.ScaleFace4, -1},
		{survey.ScaleStar5, 0},
		{survey.ScaleStar5, 6},
	}
	for _, tt := range tests {
		sc, err := survey.NewScale(tt.scale)
		if err != nil {
			t.Fatal(err)
		}
		l, err := sc.Level(tt.raw)
		if err == nil {
			t.Errorf("%s.Level(%d) = %q, want an error", tt.scale, tt.raw, l)
		} else if l != "" {
			t.Errorf("%s.Level(%d) returned %q with its error", tt.scale, tt.raw, l)
		}
	}
	var zero survey.Scale
	if l, err := zero.Level(1); err == nil {
		t.Errorf("zero Scale.Level(1) = %q, want an error", l)
	}
}
