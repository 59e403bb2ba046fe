package survey

import (
	"fmt"
	"sort"
)

// Scale names.
const (
	ScaleLegal3 = "legal3"
	ScaleFace4  = "face4"
	ScaleStar5  = "star5"
)

// Face names the drawing on a rating tile.
type Face string

// The faces drawn on tiles; FaceStars means the tile shows Stars stars.
const (
	FaceVeryHappy Face = "very_happy"
	FaceHappy     Face = "happy"
	FaceNeutral   Face = "neutral"
	FaceUnhappy   Face = "unhappy"
	FaceStars     Face = "stars"
)

// Tone is the colour family of a tile, from best to worst. Colour is never
// the only cue: each tile also has a face and a word.
type Tone int

// Tones, best first.
const (
	ToneBest Tone = iota
	ToneGood
	ToneNeutral
	ToneBad
	ToneWorst
)

// Choice is one tile of a scale.
type Choice struct {
	Raw   int    // the raw value stored with the response
	Face  Face   // the drawing
	Stars int    // number of stars when Face is FaceStars
	Label string // catalog key of the word under the face
	Tone  Tone
}

// Scale is a rating scale: its tiles in display order, best first on every
// scale (left to right, top to bottom in portrait; digit key N picks tile N,
// so key 1 is always the best level) and its mapping from raw value
// to legal level.
type Scale struct {
	Name    string
	Choices []Choice
	Mapping map[int]Level
}

// ScaleNames lists the supported scales.
var ScaleNames = []string{ScaleLegal3, ScaleFace4, ScaleStar5}

// NewScale returns the named scale with its default mapping.
func NewScale(name string) (Scale, error) {
	switch name {
	case ScaleLegal3:
		return Scale{Name: name, Choices: []Choice{
			{Raw: 3, Face: FaceVeryHappy, Label: "level.very_satisfied", Tone: ToneBest},
			{Raw: 2, Face: FaceHappy, Label: "level.satisfied", Tone: ToneGood},
			{Raw: 1, Face: FaceUnhappy, Label: "level.dissatisfied", Tone: ToneWorst},
		}, Mapping: map[int]Level{3: VerySatisfied, 2: Satisfied, 1: Dissatisfied}}, nil
	case ScaleFace4:
		return Scale{Name: name, Choices: []Choice{
			{Raw: 4, Face: FaceVeryHappy, Label: "level.very_satisfied", Tone: ToneBest},
			{Raw: 3, Face: FaceHappy, Label: "level.satisfied", Tone: ToneGood},
			{Raw: 2, Face: FaceNeutral, Label: "level.neutral", Tone: ToneNeutral},
			{Raw: 1, Face: FaceUnhappy, Label: "level.dissatisfied", Tone: ToneWorst},
		}, Mapping: map[int]Level{4: VerySatisfied, 3: Satisfied, 2: Satisfied, 1: Dissatisfied}}, nil
	case ScaleStar5:
		s := Scale{Name: name, Mapping: map[int]Level{5: VerySatisfied, 4: Satisfied, 3: Dissatisfied, 2: Dissatisfied, 1: Dissatisfied}}
		// Best first, like the other scales: key 1 is five stars.
		tones := []Tone{ToneBest, ToneGood, ToneNeutral, ToneBad, ToneWorst}
		for n := 5; n >= 1; n-- {
			s.Choices = append(s.Choices, Choice{Raw: n, Face: FaceStars, Stars: n, Label: fmt.Sprintf("star.%d", n), Tone: tones[5-n]})
		}
		return s, nil
	}
	return Scale{}, fmt.Errorf("unknown scale %q (want legal3, face4 or star5)", name)
}

// defaultScales are the scales as NewScale makes them, made once for
// Validate, which a server runs for every response it receives. They are
// only read.
var defaultScales = func() map[string]Scale {
	m := map[string]Scale{}
	for _, name := range ScaleNames {
		s, err := NewScale(name)
		if err != nil {
			panic(err)
		}
		m[name] = s
	}
	return m
}()

// WithMapping returns a copy of s whose mapping is overridden by m. Every raw
// value in m must exist on the scale; raw values not in m keep their default.
func (s Scale) WithMapping(m map[int]Level) (Scale, error) {
	out := s
	out.Mapping = make(map[int]Level, len(s.Mapping))
	for k, v := range s.Mapping {
		out.Mapping[k] = v
	}
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	for _, raw := range keys {
		if _, ok := s.Mapping[raw]; !ok {
			return Scale{}, fmt.Errorf("scale %s has no raw value %d", s.Name, raw)
		}
		if !m[raw].Valid() {
			return Scale{}, fmt.Errorf("raw value %d maps to unknown level %q", raw, m[raw])
		}
		out.Mapping[raw] = m[raw]
	}
	return out, nil
}

// Level maps a raw value of this scale to its legal level.
func (s Scale) Level(raw int) (Level, error) {
	l, ok := s.Mapping[raw]
	if !ok {
		return "", fmt.Errorf("scale %s has no raw value %d", s.Name, raw)
	}
	return l, nil
}
