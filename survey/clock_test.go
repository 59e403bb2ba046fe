package survey_test

import (
	"slices"
	"testing"
	"time"

	"hailong/kiosk/survey"
)

var clockStart = time.Date(2025, 11, 24, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))

// firing records which timers fired and the clock's time when they did.
type firing struct {
	name string
	at   time.Duration // since clockStart
}

func TestManualClockFiresInTimeOrder(t *testing.T) {
	c := survey.NewManualClock(clockStart)
	var got []firing
	at := func(name string, d time.Duration) {
		c.AfterFunc(d, func() { got = append(got, firing{name, c.Now().Sub(clockStart)}) })
	}
	// Scheduled out of order, two at the same instant.
	at("c", 3*time.Second)
	at("a", 1*time.Second)
	at("b1", 2*time.Second)
	at("b2", 2*time.Second)
	at("late", 10*time.Second)

	c.Advance(5 * time.Second)
	want := []firing{{"a", time.Second}, {"b1", 2 * time.Second}, {"b2", 2 * time.Second}, {"c", 3 * time.Second}}
	if !slices.Equal(got, want) {
		t.Fatalf("fired %v, want %v (each at its own due time)", got, want)
	}
	if now := c.Now().Sub(clockStart); now != 5*time.Second {
		t.Errorf("Now() = start+%v after Advance(5s)", now)
	}
	c.Advance(5 * time.Second)
	if want = append(want, firing{"late", 10 * time.Second}); !slices.Equal(got, want) {
		t.Fatalf("fired %v, want %v", got, want)
	}
	c.Advance(time.Hour)
	if len(got) != len(want) {
		t.Errorf("a timer fired twice: %v", got)
	}
}

func TestManualClockNotEarly(t *testing.T) {
	tests := []struct {
		name  string
		due   time.Duration
		steps []time.Duration
		fired []bool // after each step
	}{
		{"just before, then on time", 30 * time.Second, []time.Duration{30*time.Second - time.Nanosecond, time.Nanosecond}, []bool{false, true}},
		{"in small steps", 4 * time.Second, []time.Duration{time.Second, time.Second, time.Second, time.Second}, []bool{false, false, false, true}},
		{"exactly on time", time.Second, []time.Duration{time.Second}, []bool{true}},
		{"long past", time.Second, []time.Duration{time.Hour}, []bool{true}},
		{"zero delay fires on the next Advance", 0, []time.Duration{0}, []bool{true}},
		{"Advance(0) does not fire a later timer", time.Millisecond, []time.Duration{0, 0}, []bool{false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := survey.NewManualClock(clockStart)
			fired := false
			c.AfterFunc(tt.due, func() { fired = true })
			for i, d := range tt.steps {
				c.Advance(d)
				if fired != tt.fired[i] {
					t.Fatalf("after step %d (%v) fired = %v, want %v", i, d, fired, tt.fired[i])
				}
			}
		})
	}
}

func TestManualClockStop(t *testing.T) {
	c := survey.NewManualClock(clockStart)
	fired := 0
	tm := c.AfterFunc(time.Second, func() { fired++ })
	if !tm.Stop() {
		t.Error("Stop of a pending timer = false")
	}
	if tm.Stop() {
		t.Error("second Stop = true")
	}
	c.Advance(time.Minute)
	if fired != 0 {
		t.Fatal("a stopped timer fired")
	}

	done := c.AfterFunc(time.Second, func() { fired++ })
	c.Advance(time.Second)
	if fired != 1 {
		t.Fatalf("fired %d times, want 1", fired)
	}
	if done.Stop() {
		t.Error("Stop of a fired timer = true")
	}
}

func TestManualClockStopFromCallback(t *testing.T) {
	c := survey.NewManualClock(clockStart)
	var got []string
	var victim survey.Timer
	c.AfterFunc(time.Second, func() {
		got = append(got, "first")
		if !victim.Stop() {
			t.Error("Stop from a callback = false")
		}
	})
	victim = c.AfterFunc(2*time.Second, func() { got = append(got, "victim") })
	c.AfterFunc(3*time.Second, func() { got = append(got, "third") })
	c.Advance(5 * time.Second)
	if want := []string{"first", "third"}; !slices.Equal(got, want) {
		t.Errorf("fired %v, want %v", got, want)
	}
}

func TestManualClockScheduleFromCallback(t *testing.T) {
	c := survey.NewManualClock(clockStart)
	var got []firing
	record := func(name string) func() {
		return func() { got = append(got, firing{name, c.Now().Sub(clockStart)}) }
	}
	c.AfterFunc(time.Second, func() {
		record("outer")()
		c.AfterFunc(time.Second, record("inner, due in this Advance"))   // at 2s
		c.AfterFunc(10*time.Second, record("inner, due in a later one")) // at 11s
	})
	c.AfterFunc(3*time.Second, record("after inner"))

	c.Advance(5 * time.Second)
	want := []firing{{"outer", time.Second}, {"inner, due in this Advance", 2 * time.Second}, {"after inner", 3 * time.Second}}
	if !slices.Equal(got, want) {
		t.Fatalf("fired %v, want %v", got, want)
	}
	c.Advance(5 * time.Second) // to 10s
	if len(got) != len(want) {
		t.Fatalf("fired early: %v", got)
	}
	c.Advance(time.Second) // to 11s
	if want = append(want, firing{"inner, due in a later one", 11 * time.Second}); !slices.Equal(got, want) {
		t.Fatalf("fired %v, want %v", got, want)
	}
}

func TestManualClockNow(t *testing.T) {
	c := survey.NewManualClock(clockStart)
	if !c.Now().Equal(clockStart) {
		t.Fatalf("Now() = %v, want %v", c.Now(), clockStart)
	}
	var total time.Duration
	for _, d := range []time.Duration{0, time.Millisecond, 30 * time.Second, 24 * time.Hour} {
		c.Advance(d)
		total += d
		if got := c.Now(); !got.Equal(clockStart.Add(total)) {
			t.Fatalf("Now() = %v after advancing %v, want %v", got, total, clockStart.Add(total))
		}
	}
}

func TestSystemClock(t *testing.T) {
	var c survey.Clock = survey.SystemClock{}
	before := time.Now()
	if now := c.Now(); now.Before(before) || now.Sub(before) > time.Minute {
		t.Errorf("Now() = %v, want about %v", now, before)
	}
	done := make(chan struct{})
	c.AfterFunc(time.Millisecond, func() { close(done) })
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("AfterFunc did not fire")
	}
	stopped := c.AfterFunc(time.Hour, func() { t.Error("a stopped timer fired") })
	if !stopped.Stop() {
		t.Error("Stop of a pending timer = false")
	}
}

func TestManualClockNextTimer(t *testing.T) {
	c := survey.NewManualClock(clockStart)
	if _, ok := c.NextTimer(); ok {
		t.Fatal("NextTimer with no timers = ok")
	}
	late := c.AfterFunc(time.Hour, func() {})
	c.AfterFunc(time.Minute, func() {})
	early := c.AfterFunc(time.Second, func() {})
	if next, ok := c.NextTimer(); !ok || !next.Equal(clockStart.Add(time.Second)) {
		t.Fatalf("NextTimer = %v, %v; want the one-second timer", next, ok)
	}
	early.Stop()
	if next, _ := c.NextTimer(); !next.Equal(clockStart.Add(time.Minute)) {
		t.Fatalf("after Stop: NextTimer = %v, want the one-minute timer", next)
	}
	c.Advance(time.Minute) // fires it
	if next, _ := c.NextTimer(); !next.Equal(clockStart.Add(time.Hour)) {
		t.Fatalf("after it fired: NextTimer = %v, want the one-hour timer", next)
	}
	late.Stop()
	if _, ok := c.NextTimer(); ok {
		t.Fatal("every timer fired or stopped, NextTimer = ok")
	}
}
