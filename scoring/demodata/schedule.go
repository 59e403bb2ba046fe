package demodata

import "time"

// The centres' opening hours (SPEC §7's default): Monday to Friday
// 07:30–17:30, Saturday 07:30–11:30, closed on Sunday. Minutes of the
// local day.
const (
	opens          = 7*60 + 30
	closes         = 17*60 + 30
	saturdayCloses = 11*60 + 30
	quarter        = 15 // minutes in a slot
)

// weekdayLoad is how busy each day of the week is: Mondays most, after the
// weekend; Saturdays have only the morning.
var weekdayLoad = [7]float64{
	time.Sunday: 0, time.Monday: 1.35, time.Tuesday: 1.1, time.Wednesday: 1.0,
	time.Thursday: 1.0, time.Friday: 0.9, time.Saturday: 0.7,
}

// hourLoad is how busy the quarter hour starting at minute m of the day
// is, on an open day: a slow start, a busy morning peaking 9–10, the lunch
// lull 11:30–13:30, a steady afternoon and a thin last half hour.
func hourLoad(m int) float64 {
	switch {
	case m < opens || m >= closes:
		return 0
	case m < 8*60:
		return 0.6
	case m < 9*60:
		return 1.3
	case m < 10*60:
		return 1.5
	case m < 11*60:
		return 1.4
	case m < 11*60+30:
		return 1.0
	case m < 13*60+30:
		return 0.15
	case m < 14*60:
		return 0.7
	case m < 16*60:
		return 1.0
	case m < 17*60:
		return 0.8
	default:
		return 0.4
	}
}

// load is how busy the quarter hour starting at minute m of a day of
// weekday wd is, 0 when the centre is closed then.
func load(wd time.Weekday, m int) float64 {
	if wd == time.Saturday && m >= saturdayCloses {
		return 0
	}
	return weekdayLoad[wd] * hourLoad(m)
}

// Open reports whether the demo centres are open at t: the opening hours
// the generator follows, for tests and the README.
func Open(t time.Time) bool {
	t = t.In(Zone)
	return load(t.Weekday(), t.Hour()*60+t.Minute()) > 0
}
