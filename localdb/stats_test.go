package localdb

import (
	"context"
	"testing"
	"time"

	"hailong/kiosk/survey"
)

func TestStats(t *testing.T) {
	clock := survey.NewManualClock(time.Date(2025, 6, 10, 23, 30, 0, 0, ict))
	db := openTest(t, WithClock(clock))
	ctx := context.Background()
	day := time.Date(2025, 6, 10, 0, 0, 0, 0, ict)
	var saved []survey.Response
	for i, at := range []time.Time{
		day.Add(-time.Millisecond),               // yesterday, local
		day,                                      // today's first instant (yesterday in UTC)
		day.Add(15 * time.Hour),                  //
		day.Add(24*time.Hour - time.Millisecond), // today's last millisecond
		day.Add(24 * time.Hour),                  // tomorrow
	} {
		r, err := db.SaveResponse(ctx, sample(i, at))
		if err != nil {
			t.Fatal(err)
		}
		saved = append(saved, r)
	}
	if err := db.MarkUploaded(ctx, []string{saved[0].ID}, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := db.Quarantine(ctx, saved[1].ID, "conflict"); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		now   time.Time
		today int
	}{
		{"zero now is the clock's now", time.Time{}, 3},
		{"late evening", clock.Now(), 3},
		{"early morning", day.Add(time.Hour), 3},
		{"the same instant in UTC is 9 June", day.Add(time.Hour).UTC(), 2},
		{"tomorrow", day.AddDate(0, 0, 1).Add(time.Hour), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := db.Stats(ctx, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			if s.ResponsesToday != tt.today {
				t.Errorf("ResponsesToday = %d, want %d", s.ResponsesToday, tt.today)
			}
			if s.ResponsesTotal != 5 || s.Pending != 3 || s.LastSeq != 5 {
				t.Errorf("total %d pending %d last seq %d; want 5, 3, 5", s.ResponsesTotal, s.Pending, s.LastSeq)
			}
			if s.KioskID != db.KioskID() || s.DataDir == "" || s.DBBytes < 4096 || s.DiskFreeBytes <= 0 {
				t.Errorf("Stats = %+v", s)
			}
		})
	}
}
