package localdb

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"hailong/kiosk/score"
	"hailong/kiosk/survey"
)

// TestDayTallyDayBoundaries: a response at 23:59 local counts on its day
// and one at 00:01 on the next, by the zone asked for, whatever offset the
// kiosk wrote in created_at.
func TestDayTallyDayBoundaries(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	save := func(at time.Time, officer string, l survey.Level, filter string, reasons ...string) {
		t.Helper()
		r := sample(0, at)
		r.OfficerID, r.Level, r.FilterReason, r.Reasons = officer, l, filter, reasons
		r.RawValue = map[survey.Level]int{survey.VerySatisfied: 3, survey.Satisfied: 2, survey.Dissatisfied: 1}[l]
		if _, err := db.SaveResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	day := time.Date(2025, 6, 10, 0, 0, 0, 0, ict)
	save(day.Add(-time.Minute), "cb01", survey.VerySatisfied, "")                           // 23:59 the day before
	save(day.Add(time.Minute), "cb01", survey.Satisfied, "")                                // 00:01
	save(day.Add(9*time.Hour), "cb01", survey.Dissatisfied, "", "wait", "rude")             // 09:00
	save(day.Add(9*time.Hour+2*time.Second), "cb01", survey.Dissatisfied, "repeat", "wait") // a repeat press
	save(day.Add(10*time.Hour), "cb02", survey.VerySatisfied, "")
	save(day.Add(11*time.Hour).UTC(), "cb02", survey.Dissatisfied, "", "wait")       // written with a +00:00 offset
	save(day.Add(24*time.Hour-time.Minute), "cb02", survey.Satisfied, "")            // 23:59
	save(day.Add(24*time.Hour+time.Minute), "cb02", survey.Dissatisfied, "", "late") // 00:01 the next day
	save(day.Add(24*time.Hour+time.Minute).UTC(), "cb02", survey.VerySatisfied, "")  // 17:01Z, the next day in Hà Nội

	got, err := db.DayTally(ctx, day.Add(15*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := score.Tally{
		All: score.Counts{VerySatisfied: 1, Satisfied: 2, Dissatisfied: 2, Filtered: 1},
		Officers: map[string]score.Counts{
			"cb01": {Satisfied: 1, Dissatisfied: 1, Filtered: 1},
			"cb02": {VerySatisfied: 1, Satisfied: 1, Dissatisfied: 1},
		},
		Reasons: map[string]int{"wait": 2, "rude": 1}, // not the repeat press's
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("day tally\n got %+v\nwant %+v", got, want)
	}

	// The same instants, asked for in UTC, fall in other days: 00:01 ICT
	// on the 10th is 17:01 UTC on the 9th.
	got, err = db.DayTally(ctx, time.Date(2025, 6, 9, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if got.All != (score.Counts{VerySatisfied: 1, Satisfied: 1}) {
		t.Fatalf("9 June UTC: %+v", got.All)
	}

	next, err := db.DayTally(ctx, day.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if next.All != (score.Counts{VerySatisfied: 1, Dissatisfied: 1}) || next.Reasons["late"] != 1 {
		t.Fatalf("next day %+v", next)
	}
	empty, err := db.DayTally(ctx, day.AddDate(0, 0, 5))
	if err != nil {
		t.Fatal(err)
	}
	if empty.All.N() != 0 || empty.All.Rate().OK() || len(empty.Officers) != 0 {
		t.Fatalf("an empty day %+v", empty)
	}
}

// TestDayTallyMatchesAPlainCount: the query gives what score.Tally.Add
// gives over the same responses.
func TestDayTallyMatchesAPlainCount(t *testing.T) {
	db := openTest(t)
	saved := saveN(t, db, 40)
	var want score.Tally
	for _, r := range saved {
		want.Add(r)
	}
	got, err := db.DayTally(context.Background(), testStart)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("query %+v\nplain %+v", got, want)
	}
}

// TestDayTallyRandomDays: random responses over three days, written with
// the kiosk's offset or in UTC, some filtered, some with reasons; each
// day's tally equals a plain count of the responses whose instant falls
// in that local day.
func TestDayTallyRandomDays(t *testing.T) {
	db := openTest(t)
	rng := rand.New(rand.NewPCG(10, 6))
	first := time.Date(2025, 6, 9, 0, 0, 0, 0, ict)
	levels := survey.Levels
	codes := []string{"wait", "rude", "late", "unclear"}
	var all []survey.Response
	for i := 0; i < 300; i++ {
		at := first.Add(time.Duration(rng.Int64N(int64(72 * time.Hour))))
		if rng.IntN(3) == 0 {
			at = at.UTC() // another offset in created_at, the same instant
		}
		r := sample(i, at)
		r.OfficerID = fmt.Sprintf("cb%02d", rng.IntN(3))
		r.Level = levels[rng.IntN(len(levels))]
		r.RawValue = map[survey.Level]int{survey.VerySatisfied: 3, survey.Satisfied: 2, survey.Dissatisfied: 1}[r.Level]
		r.Reasons = nil
		if r.Level == survey.Dissatisfied {
			for _, c := range codes {
				if rng.IntN(3) == 0 {
					r.Reasons = append(r.Reasons, c)
				}
			}
		}
		if rng.IntN(5) == 0 {
			r.FilterReason = survey.FilterRepeat
		}
		saved, err := db.SaveResponse(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, saved)
	}
	total := 0
	for d := -1; d <= 3; d++ {
		day := first.AddDate(0, 0, d).Add(12 * time.Hour)
		start, end := score.Day(day, ict)
		var want score.Tally
		for _, r := range all {
			at, err := r.Time()
			if err != nil {
				t.Fatal(err)
			}
			if !at.Before(start) && at.Before(end) {
				want.Add(r)
			}
		}
		got, err := db.DayTally(context.Background(), day)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Reasons) == 0 {
			want.Reasons = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("day %s:\n got %+v\nwant %+v", start.Format(time.DateOnly), got, want)
		}
		total += got.All.N() + got.All.Filtered
	}
	if total != len(all) {
		t.Fatalf("the days hold %d responses, %d were saved", total, len(all))
	}
}
