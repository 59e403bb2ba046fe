package score

import (
	"testing"
	"time"
)

func TestDay(t *testing.T) {
	ict := DefaultZone()
	utc := time.UTC
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no zone database")
	}
	tests := []struct {
		at         time.Time
		loc        *time.Location
		start, end string
	}{
		// 23:59 and 00:01 local fall in different days, though both are
		// on the same UTC day.
		{time.Date(2025, 11, 24, 23, 59, 0, 0, ict), ict, "2025-11-24T00:00:00+07:00", "2025-11-25T00:00:00+07:00"},
		{time.Date(2025, 11, 25, 0, 1, 0, 0, ict), ict, "2025-11-25T00:00:00+07:00", "2025-11-26T00:00:00+07:00"},
		// 17:30 UTC is 00:30 the next day in Hà Nội
		{time.Date(2025, 11, 24, 17, 30, 0, 0, utc), ict, "2025-11-25T00:00:00+07:00", "2025-11-26T00:00:00+07:00"},
		{time.Date(2025, 11, 24, 17, 30, 0, 0, utc), utc, "2025-11-24T00:00:00Z", "2025-11-25T00:00:00Z"},
		// a 23-hour day where clocks spring forward
		{time.Date(2025, 3, 9, 12, 0, 0, 0, ny), ny, "2025-03-09T00:00:00-05:00", "2025-03-10T00:00:00-04:00"},
	}
	for _, tt := range tests {
		s, e := Day(tt.at, tt.loc)
		if s.Format(time.RFC3339) != tt.start || e.Format(time.RFC3339) != tt.end {
			t.Errorf("Day(%v, %v) = %v, %v; want %v, %v", tt.at, tt.loc, s.Format(time.RFC3339), e.Format(time.RFC3339), tt.start, tt.end)
		}
	}
	if _, off := time.Now().In(ict).Zone(); off != 7*3600 {
		t.Fatalf("default zone offset %d", off)
	}
}
