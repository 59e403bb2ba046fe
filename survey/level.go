package survey

import "fmt"

// Level is one of the three satisfaction levels that Circular 01/2018/TT-VPCP
// reports. Every response carries one, whatever scale the citizen used.
type Level string

// The legal levels, best first.
const (
	VerySatisfied Level = "very_satisfied"
	Satisfied     Level = "satisfied"
	Dissatisfied  Level = "dissatisfied"
)

// Levels lists the legal levels, best first.
var Levels = []Level{VerySatisfied, Satisfied, Dissatisfied}

// Valid reports whether l is one of the legal levels.
func (l Level) Valid() bool {
	switch l {
	case VerySatisfied, Satisfied, Dissatisfied:
		return true
	}
	return false
}

// ParseLevel turns a level code into a Level.
func ParseLevel(s string) (Level, error) {
	l := Level(s)
	if !l.Valid() {
		return "", fmt.Errorf("unknown level %q (want very_satisfied, satisfied or dissatisfied)", s)
	}
	return l, nil
}
