package demodata

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// csvOf writes every response of ks as the CSV export's records, with
// each batch's id and arrival, and each kiosk's heartbeat.
func csvOf(t *testing.T, ks []KioskData) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := survey.NewCSVWriter(&buf)
	for _, k := range ks {
		for _, b := range k.Batches {
			fmt.Fprintf(&buf, "batch %s %s\n", b.ID, b.ReceivedAt.Format(time.RFC3339Nano))
		}
		fmt.Fprintf(&buf, "heartbeat %+v\n", k.Heartbeat)
		fmt.Fprintf(&buf, "invitations %+v\n", k.Invitations)
		for _, r := range k.Responses {
			if err := w.Write(r.CSVRecord()); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// TestGenerateIsDeterministic: the same seed and end make the same bytes;
// another seed, or another end, makes other ones.
func TestGenerateIsDeterministic(t *testing.T) {
	o := Options{Days: 30, Seed: 1, Now: testNow}
	a, evA := generate(t, o)
	b, evB := generate(t, o)
	if !bytes.Equal(csvOf(t, a), csvOf(t, b)) || evA != evB {
		t.Fatal("two runs with the same seed and end differ")
	}
	if len(a) != 13 {
		t.Fatalf("%d kiosks; want 13", len(a))
	}
	for _, other := range []Options{{Days: 30, Seed: 2, Now: testNow}, {Days: 30, Seed: 1, Now: testNow.Add(time.Hour)}} {
		c, _ := generate(t, other)
		if bytes.Equal(csvOf(t, a), csvOf(t, c)) {
			t.Errorf("%+v makes the same data as %+v", other, o)
		}
	}
}

// TestGeneratedResponsesAreWhatAKioskSends checks every response and
// upload: valid, trusted under its kiosk's configuration, chained from
// seq 1, stamped at +07:00 with milliseconds, never after the end; reasons
// only where the configuration asks; repeats right after a thanks and
// other presses well after; batches in order, of at most 500, arriving
// after their last response and before the end.
func TestGeneratedResponsesAreWhatAKioskSends(t *testing.T) {
	setups := testSetups(t)
	ks, _, err := Generate(World(), setups, Options{Days: 60, Seed: 1, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	batchIDs := map[string]bool{}
	for i, k := range ks {
		cfg := setups[i].Config
		rules := scoring.CompileTrust(cfg)
		if len(k.Responses) == 0 {
			t.Fatalf("kiosk %s made nothing", k.Kiosk.ID)
		}
		if err := survey.VerifyChain(k.Responses, survey.GenesisHash); err != nil {
			t.Errorf("kiosk %s: %v", k.Kiosk.ID, err)
		}
		var prev time.Time
		for j, r := range k.Responses {
			if why := refusal(k.Kiosk.ID, rules, &r); why != "" {
				t.Fatalf("kiosk %s seq %d refused: %s", k.Kiosk.ID, r.Seq, why)
			}
			if r.Seq != int64(j+1) || r.ConfigVersion != cfg.Version || r.Reasons == nil {
				t.Fatalf("kiosk %s response %d: seq %d, config %q, reasons %v", k.Kiosk.ID, j, r.Seq, r.ConfigVersion, r.Reasons)
			}
			if !strings.HasSuffix(r.CreatedAt, "+07:00") || r.CreatedAt[19] != '.' || len(r.CreatedAt) != 29 {
				t.Fatalf("created_at %q: want milliseconds and +07:00", r.CreatedAt)
			}
			at := when(t, r)
			if at.After(testNow) {
				t.Fatalf("kiosk %s seq %d at %s, after the end %s", k.Kiosk.ID, r.Seq, r.CreatedAt, testNow)
			}
			if len(r.Reasons) > 0 && (r.Level != survey.Dissatisfied || r.Outcome == survey.OutcomeSkippedReasons) {
				t.Fatalf("kiosk %s seq %d: reasons %v with %s/%s", k.Kiosk.ID, r.Seq, r.Reasons, r.Level, r.Outcome)
			}
			if j > 0 {
				gap := at.Sub(prev)
				if r.FilterReason == survey.FilterRepeat && (gap < 4*time.Second || gap > 9*time.Second) {
					t.Fatalf("kiosk %s seq %d: a repeat %v after the previous press", k.Kiosk.ID, r.Seq, gap)
				}
				if r.FilterReason == "" && gap < 15*time.Second {
					t.Fatalf("kiosk %s seq %d: a new citizen %v after the previous press (the kiosk would filter it)", k.Kiosk.ID, r.Seq, gap)
				}
			}
			prev = at
		}
		n := 0
		var lastReceived time.Time
		for _, b := range k.Batches {
			if len(b.Responses) == 0 || len(b.Responses) > maxBatch || !survey.ValidUUID(b.ID) || batchIDs[b.ID] {
				t.Fatalf("kiosk %s batch %q of %d responses", k.Kiosk.ID, b.ID, len(b.Responses))
			}
			batchIDs[b.ID] = true
			if b.Responses[0].Seq != int64(n+1) {
				t.Fatalf("kiosk %s: a batch starts at seq %d after %d uploaded", k.Kiosk.ID, b.Responses[0].Seq, n)
			}
			n += len(b.Responses)
			last := when(t, b.Responses[len(b.Responses)-1])
			if b.ReceivedAt.Before(last) || b.ReceivedAt.After(testNow) || b.ReceivedAt.Before(lastReceived) {
				t.Fatalf("kiosk %s batch %s received %s, its last response %s", k.Kiosk.ID, b.ID, b.ReceivedAt, last)
			}
			lastReceived = b.ReceivedAt
		}
		hb := k.Heartbeat
		if hb.Pending != len(k.Responses)-n || hb.LastSeq != int64(len(k.Responses)) || hb.ReceivedAt.Before(lastReceived) {
			t.Errorf("kiosk %s heartbeat %+v; %d of %d uploaded", k.Kiosk.ID, hb, n, len(k.Responses))
		}
	}
}

// TestGeneratedPatterns: the patterns the demo is for hold, for several
// seeds: opening hours only (none on Sunday), busier Mondays and
// mornings, the legal levels in realistic shares, some repeats, timeouts
// and skipped reasons, one clearly weaker officer, the bad afternoon, the
// late and the silent kiosks.
func TestGeneratedPatterns(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { checkPatterns(t, seed) })
	}
}

func checkPatterns(t *testing.T, seed uint64) {
	ks, ev := generate(t, Options{Days: 60, Seed: seed, Now: testNow})
	var all tally
	byWeekday := map[time.Weekday]int{}
	days := map[time.Weekday]map[string]bool{}
	var morning, afternoon, filtered, timeouts, skipped, total int
	officers := map[string]*tally{}
	for _, k := range ks {
		for _, r := range k.Responses {
			at := when(t, r).In(Zone)
			if at.Weekday() == time.Sunday || !Open(at) {
				t.Fatalf("a rating at %s, when the centres are closed", r.CreatedAt)
			}
			total++
			all.add(r)
			if r.FilterReason != "" {
				filtered++
				continue
			}
			switch r.Outcome {
			case survey.OutcomeTimeout:
				timeouts++
			case survey.OutcomeSkippedReasons:
				skipped++
			}
			if at.Before(time.Date(testNow.Year(), testNow.Month(), testNow.Day(), 0, 0, 0, 0, Zone)) {
				byWeekday[at.Weekday()]++
				if days[at.Weekday()] == nil {
					days[at.Weekday()] = map[string]bool{}
				}
				days[at.Weekday()][at.Format(time.DateOnly)] = true
			}
			if h := at.Hour(); h >= 8 && h < 11 {
				morning++
			} else if h >= 14 && h < 17 {
				afternoon++
			}
			if r.CentreID == ProvincialCentre {
				if officers[r.OfficerID] == nil {
					officers[r.OfficerID] = &tally{}
				}
				officers[r.OfficerID].add(r)
			}
		}
	}
	perDay := func(wd time.Weekday) float64 { return float64(byWeekday[wd]) / float64(len(days[wd])) }
	if mon, wed := perDay(time.Monday), perDay(time.Wednesday); mon < 1.15*wed {
		t.Errorf("%.0f ratings a Monday, %.0f a Wednesday: Mondays should be busier", mon, wed)
	}
	if morning < afternoon*5/4 {
		t.Errorf("%d ratings 8–11, %d 14–17: mornings should be busier", morning, afternoon)
	}
	vs, s, d := pct(all.vs, all.n), pct(all.s, all.n), pct(all.d, all.n)
	t.Logf("%d responses, %d filtered; %.1f%% / %.1f%% / %.1f%%; %d timeouts, %d skipped", total, filtered, vs, s, d, timeouts, skipped)
	if vs < 75 || vs > 85 || s < 10 || s > 18 || d < 3 || d > 8 {
		t.Errorf("levels %.1f%% / %.1f%% / %.1f%%; want 75–85 / 10–18 / 3–8", vs, s, d)
	}
	if f := pct(filtered, total); f < 1 || f > 5 {
		t.Errorf("%.1f%% filtered as repeats; want 1–5", f)
	}
	if timeouts == 0 || skipped == 0 {
		t.Errorf("%d timeouts and %d skipped reasons; want some of each", timeouts, skipped)
	}

	// The weaker officer: clearly lower than every other of the centre,
	// their 95% intervals apart.
	weak := officers[WeakOfficer]
	wp, _, whi := weak.rate()
	for id, o := range officers {
		if id == WeakOfficer {
			continue
		}
		p, lo, _ := o.rate()
		if o.n < 100 || p-wp < 8 || lo <= whi {
			t.Errorf("officer %s: %.1f%% (low %.1f, n %d); the weaker %s: %.1f%% (high %.1f, n %d)", id, p, lo, o.n, WeakOfficer, wp, whi, weak.n)
		}
	}
	checkBadAfternoon(t, ks, ev)
	checkLateAndSilent(t, ks, ev)
}

// checkBadAfternoon: in the last week, on one afternoon, BadCounter had a
// quarter hour with at least 4 ratings, half or more Không hài lòng: the
// alert of SPEC §7 would fire.
func checkBadAfternoon(t *testing.T, ks []KioskData, ev Events) {
	if ev.BadAfternoon.IsZero() || testNow.Sub(ev.BadAfternoon) > 7*24*time.Hour {
		t.Fatalf("bad afternoon at %s; want one in the week before %s", ev.BadAfternoon, testNow)
	}
	var rs []survey.Response
	for _, k := range ks {
		if k.Kiosk.CentreID == BadCentre && k.Kiosk.CounterID == BadCounter {
			for _, r := range k.Responses {
				if r.FilterReason == "" {
					rs = append(rs, r)
				}
			}
		}
	}
	found := false
	for i, r := range rs {
		start := when(t, r)
		var n, d int
		for _, x := range rs[i:] {
			if when(t, x).Sub(start) >= 15*time.Minute {
				break
			}
			n++
			if x.Level == survey.Dissatisfied {
				d++
			}
		}
		// Chance makes such quarter hours now and then elsewhere (above
		// all with the weaker officer): the rule fires on 2 of 4.
		if n >= 4 && 2*d >= n && !start.Before(ev.BadAfternoon) && start.Before(ev.BadAfternoon.Add(150*time.Minute)) {
			found = true
		}
	}
	if !found {
		t.Errorf("no quarter hour with n ≥ 4 and ≥ 50%% Không hài lòng at counter %s of %s on the afternoon of %s", BadCounter, BadCentre, ev.BadAfternoon)
	}
}

// checkLateAndSilent: the late kiosk's outage arrived in batches after it
// ended; the silent kiosk's last contact was SilentFor before the end,
// with ratings pending since.
func checkLateAndSilent(t *testing.T, ks []KioskData, ev Events) {
	if ev.LateFrom.IsZero() {
		t.Fatal("no outage in 60 days")
	}
	for _, k := range ks {
		switch {
		case k.Kiosk.CentreID == LateCentre && k.Kiosk.CounterID == LateCounter:
			late := 0
			for _, b := range k.Batches {
				if !b.ReceivedAt.Before(ev.LateTo) && when(t, b.Responses[0]).Before(ev.LateTo.Add(-48*time.Hour)) {
					late += len(b.Responses)
				}
			}
			if late < 50 {
				t.Errorf("late kiosk: %d responses arrived days late; want the outage's", late)
			}
		case k.Kiosk.CentreID == SilentCentre && k.Kiosk.CounterID == SilentCounter:
			last := k.Batches[len(k.Batches)-1].ReceivedAt
			if last.After(ev.SilentSince) || k.Heartbeat.ReceivedAt.After(ev.SilentSince) || k.Heartbeat.Pending == 0 {
				t.Errorf("silent kiosk: last batch %s, heartbeat %s with %d pending; silent since %s",
					last, k.Heartbeat.ReceivedAt, k.Heartbeat.Pending, ev.SilentSince)
			}
		default:
			if k.Heartbeat.Pending != 0 || testNow.Sub(k.Heartbeat.ReceivedAt) > time.Minute {
				t.Errorf("kiosk %s: heartbeat %s with %d pending", k.Kiosk.ID, k.Heartbeat.ReceivedAt, k.Heartbeat.Pending)
			}
		}
	}
}

// TestGenerateRefusesWhatItCannotMake: bad options, and a configuration
// that lacks an officer or a counter, are errors, not wrong data.
func TestGenerateRefusesWhatItCannotMake(t *testing.T) {
	ok := Options{Days: 5, Seed: 1, Now: testNow}
	for name, tc := range map[string]struct {
		o      Options
		setups func([]Setup) []Setup
		want   string
	}{
		"no days":           {Options{Days: 0, Now: testNow}, nil, "days"},
		"too many days":     {Options{Days: MaxDays + 1, Now: testNow}, nil, "days"},
		"no end":            {Options{Days: 5}, nil, "end instant"},
		"before 2024":       {Options{Days: 5, Now: time.Date(2024, 1, 2, 9, 0, 0, 0, Zone)}, nil, "2023"},
		"a counter missing": {ok, func(s []Setup) []Setup { return s[1:] }, "no kiosk set up at counter 1"},
		"an officer missing": {ok, func(s []Setup) []Setup {
			s[0].Config.Officers = slices.DeleteFunc(slices.Clone(s[0].Config.Officers), func(id string) bool { return id == WeakOfficer })
			return s
		}, "officer " + WeakOfficer},
	} {
		t.Run(name, func(t *testing.T) {
			setups := testSetups(t)
			if tc.setups != nil {
				setups = tc.setups(setups)
			}
			ks, _, err := Generate(World(), setups, tc.o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Generate: %d kiosks, error %v; want one about %q", len(ks), err, tc.want)
			}
		})
	}
	if !reflect.DeepEqual(World(), World()) {
		t.Fatal("World differs between calls")
	}
}
