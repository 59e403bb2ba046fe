package scoring

import "time"

// A centre's opening hours decide when a silent kiosk is news (SPEC §7:
// "a kiosk silent in opening hours"): a kiosk that last spoke on Friday at
// 17:00 is not silent on Saturday afternoon.

// Span is one opening period of a day, in minutes after local midnight,
// From included and To excluded.
type Span struct{ From, To int }

// OpeningHours are the periods a centre is open on each weekday
// (time.Sunday = 0).
type OpeningHours [7][]Span

// DefaultOpeningHours are a one-stop centre's usual hours: Monday to
// Friday 07:30–17:30 and Saturday morning 07:30–11:30.
func DefaultOpeningHours() OpeningHours {
	var h OpeningHours
	for d := time.Monday; d <= time.Friday; d++ {
		h[d] = []Span{{7*60 + 30, 17*60 + 30}}
	}
	h[time.Saturday] = []Span{{7*60 + 30, 11*60 + 30}}
	return h
}

// SilentAfter is how much opening time without a word makes a kiosk
// silent.
const SilentAfter = 2 * time.Hour

// OpenBetween is how much of [from, to) the centre is open, in loc's
// calendar. It walks day by day, so a kiosk silent for a month costs 31
// short steps.
func (h OpeningHours) OpenBetween(from, to time.Time, loc *time.Location) time.Duration {
	if !to.After(from) {
		return 0
	}
	var open time.Duration
	from, to = from.In(loc), to.In(loc)
	for day := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc); day.Before(to); day = day.AddDate(0, 0, 1) {
		for _, s := range h[day.Weekday()] {
			a := day.Add(time.Duration(s.From) * time.Minute)
			b := day.Add(time.Duration(s.To) * time.Minute)
			if a.Before(from) {
				a = from
			}
			if b.After(to) {
				b = to
			}
			if b.After(a) {
				open += b.Sub(a)
			}
		}
	}
	return open
}

// Silent reports whether a kiosk last seen at last is silent at now: more
// than SilentAfter of opening time has passed. A kiosk never seen is
// silent from its enrolment, which the caller passes as last.
func (h OpeningHours) Silent(last, now time.Time, loc *time.Location) bool {
	return h.OpenBetween(last, now, loc) > SilentAfter
}

// KioskSilent reports whether kiosk k is silent at now in its centre's
// hours, counted in the centre's zone loc: since it was last seen, or
// since its enrolment when never. The alert evaluator, the Fleet page and
// the Today page all ask this, so that they agree.
func KioskSilent(k KioskStatus, hours OpeningHours, loc *time.Location, now time.Time) bool {
	last := k.LastSeenAt
	if last.IsZero() {
		last = k.EnrolledAt
	}
	return hours.Silent(last, now, loc)
}
