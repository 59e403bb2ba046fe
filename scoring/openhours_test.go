package scoring_test

import (
	"testing"
	"time"

	"hailong/kiosk/scoring"
)

func TestOpeningHours(t *testing.T) {
	vn := time.FixedZone("ICT", 7*3600)
	at := func(day, hh, mm int) time.Time { return time.Date(2026, 12, day, hh, mm, 0, 0, vn) } // 4 Dec 2026 is a Friday
	h := scoring.DefaultOpeningHours()
	for _, c := range []struct {
		name     string
		from, to time.Time
		open     time.Duration
		silent   bool
	}{
		{"Friday 08:00–09:30", at(4, 8, 0), at(4, 9, 30), 90 * time.Minute, false},
		{"Friday 08:00–10:01", at(4, 8, 0), at(4, 10, 1), 121 * time.Minute, true},
		{"before opening", at(4, 5, 0), at(4, 7, 30), 0, false},
		{"Friday 17:00 to Saturday 09:00", at(4, 17, 0), at(5, 9, 0), 30*time.Minute + 90*time.Minute, false},
		{"Friday 17:00 to Saturday 11:00", at(4, 17, 0), at(5, 11, 0), 30*time.Minute + 210*time.Minute, true},
		{"Saturday 11:00 to Monday 07:45: the weekend is closed", at(5, 11, 0), at(7, 7, 45), 30*time.Minute + 15*time.Minute, false},
		{"Sunday all day", at(6, 0, 0), at(7, 0, 0), 0, false},
		{"a whole week", at(7, 0, 0), at(14, 0, 0), 5*10*time.Hour + 4*time.Hour, true},
		{"backwards", at(4, 10, 0), at(4, 9, 0), 0, false},
		{"in UTC, the same instants", at(4, 8, 0).UTC(), at(4, 10, 1).UTC(), 121 * time.Minute, true},
	} {
		if got := h.OpenBetween(c.from, c.to, vn); got != c.open {
			t.Errorf("%s: open %s, want %s", c.name, got, c.open)
		}
		if got := h.Silent(c.from, c.to, vn); got != c.silent {
			t.Errorf("%s: silent %v, want %v", c.name, got, c.silent)
		}
	}
}
