package score

import "time"

// DefaultZoneName is the zone of a centre's day unless configured
// otherwise (SPEC §7).
const DefaultZoneName = "Asia/Ho_Chi_Minh"

// DefaultZone returns Asia/Ho_Chi_Minh from the system's zone database,
// or, where there is none, the fixed UTC+7 that Việt Nam has kept without
// daylight saving since 1975, which gives the same days.
func DefaultZone() *time.Location {
	if loc, err := time.LoadLocation(DefaultZoneName); err == nil {
		return loc
	}
	return time.FixedZone("ICT", 7*3600)
}

// Day returns the local calendar day in loc that contains t, as the
// half-open range [start, end): a response belongs to the day of its
// created_at, whenever it was uploaded. end is the next local midnight,
// so a day is not always 24 h in a zone with daylight saving.
func Day(t time.Time, loc *time.Location) (start, end time.Time) {
	t = t.In(loc)
	start = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	return start, start.AddDate(0, 0, 1)
}
