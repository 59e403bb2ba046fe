package dashboard

import (
	"context"
	"fmt"
	"html"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/score"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// ingestAt stores n responses of kiosk k (centre, counter 1), created at
// the instants of at in Vietnam, the i-th with level levels[i%len] and
// filtered when filtered(i); it returns them for a plain count.
func ingestAt(t *testing.T, rg *signInRig, k scoringtest.Kiosk, seq int64, prev string, at []time.Time,
	levels []survey.Level, filtered func(int) bool) ([]survey.Response, string) {
	t.Helper()
	vn := time.FixedZone("ICT", 7*3600)
	rs := scoringtest.Chain(k, seq, prev, len(at))
	for i := range rs {
		r := &rs[i]
		r.PrevHash = prev
		r.CreatedAt = at[i].In(vn).Format(survey.TimeLayout)
		r.Level, r.Reasons = levels[i%len(levels)], []string{}
		r.RawValue = map[survey.Level]int{survey.VerySatisfied: 3, survey.Satisfied: 2, survey.Dissatisfied: 1}[r.Level]
		if r.Level == survey.Dissatisfied {
			r.Reasons = []string{"wait"}
		}
		if filtered(i) {
			r.FilterReason = survey.FilterRepeat
		}
		*r = scoringtest.Rehash(*r)
		prev = r.Hash
	}
	res, err := rg.store.Ingest(context.Background(), scoring.IngestBatch{KioskID: k.ID, Responses: rs, ReceivedAt: rg.now})
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range res.Items {
		if it != scoring.ItemAccepted {
			t.Fatalf("response %d: %s", i, it)
		}
	}
	return rs, prev
}

func times(start time.Time, n int, every time.Duration) []time.Time {
	out := make([]time.Time, n)
	for i := range out {
		out[i] = start.Add(time.Duration(i) * every)
	}
	return out
}

// The Today page's figures are what a plain count of the stored
// responses gives: n, % per level, the rate with its interval, filtered
// responses beside, the change against the same weekday of the last four
// weeks; a manager sees their centre, an administrator every centre and
// the province.
func TestOverviewFiguresAreThePlainCount(t *testing.T) {
	rg := fleetRig(t) // now: Friday 4 Dec 2026, 15:00 in Vietnam
	all := []survey.Level{survey.VerySatisfied, survey.VerySatisfied, survey.Satisfied, survey.Dissatisfied, survey.VerySatisfied}
	qn := scoringtest.Kiosk{ID: "qn-k1", CentreID: "qn", CounterID: "1", OfficerID: "o1"}
	hn := scoringtest.Kiosk{ID: "hn-k1", CentreID: "hn", CounterID: "1", OfficerID: "o1"}
	// Today from 07:30 in Vietnam: 13 at qn, 2 of them repeat presses;
	// 00:10 UTC is 07:10 in Vietnam, today; a response at 23:50 Vietnam
	// yesterday is not today's.
	today := time.Date(2026, 12, 4, 0, 30, 0, 0, time.UTC)
	rsQN, prev := ingestAt(t, rg, qn, 1, survey.GenesisHash, times(today, 13, 7*time.Minute), all, func(i int) bool { return i%5 == 4 })
	yesterday, prev := ingestAt(t, rg, qn, 14, prev, []time.Time{time.Date(2026, 12, 3, 16, 50, 0, 0, time.UTC)}, all, func(int) bool { return false })
	// The same weekday a week and two weeks before, and a Thursday between
	// that must not count.
	w1, prev := ingestAt(t, rg, qn, 15, prev, times(time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC), 4, time.Minute),
		[]survey.Level{survey.Dissatisfied, survey.VerySatisfied}, func(int) bool { return false })
	w2, prev := ingestAt(t, rg, qn, 19, prev, times(time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC), 6, time.Minute),
		[]survey.Level{survey.Satisfied}, func(int) bool { return false })
	_, _ = ingestAt(t, rg, qn, 25, prev, times(time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC), 5, time.Minute),
		[]survey.Level{survey.Dissatisfied}, func(int) bool { return false })
	rsHN, _ := ingestAt(t, rg, hn, 1, survey.GenesisHash, times(today.Add(time.Hour), 4, time.Minute),
		[]survey.Level{survey.Satisfied, survey.Dissatisfied}, func(int) bool { return false })
	_ = yesterday

	plain := func(rs ...[]survey.Response) score.Counts {
		var c score.Counts
		for _, set := range rs {
			for _, r := range set {
				c.Add(r)
			}
		}
		return c
	}
	cQN, cHN, before := plain(rsQN), plain(rsHN), plain(w1, w2)
	if cQN.N() != 11 || cQN.Filtered != 2 {
		t.Fatalf("the fixture: %+v", cQN)
	}
	wantRow := func(body, centre string, c, prev score.Counts) {
		t.Helper()
		i := strings.Index(body, fmt.Sprintf(`data-centre="%s"`, centre))
		if i < 0 {
			t.Fatalf("no row for %q", centre)
		}
		row := html.UnescapeString(body[i : i+strings.Index(body[i:], "</tr>")])
		change, _ := pointsChange(VI, c.Rate(), prev.Rate())
		for _, want := range []string{
			fmt.Sprintf(`<td class="num">%d</td>`, c.N()),
			c.Percent(survey.VerySatisfied).VI(), c.Percent(survey.Satisfied).VI(), c.Percent(survey.Dissatisfied).VI(),
			c.Rate().VI(), fmt.Sprintf(`<td class="num">%d</td>`, c.Filtered),
		} {
			if !strings.Contains(row, want) {
				t.Errorf("%s row lacks %q:\n%s", centre, want, row)
			}
		}
		if change != "" && !strings.Contains(row, change) {
			t.Errorf("%s row lacks the change %q:\n%s", centre, change, row)
		}
	}

	rg.signIn(t, testEmail)
	_, body := rg.get(t, "/")
	wantRow(body, "qn", cQN, before)
	if strings.Contains(body, `data-centre="hn"`) || strings.Contains(body, "Toàn tỉnh") {
		t.Error("the manager of qn sees another centre or the province")
	}
	// The change is against 4 Dec's weekday only: 27 and 20 Nov.
	if want, _ := pointsChange(VI, cQN.Rate(), before.Rate()); want != "+1,8" {
		t.Errorf("the fixture's change is %q, want +1,8 (81,8 %% against 80,0 %%; the Thursday between would make it 53,3 %%)", want)
	}

	rg.post(t, "/signout", nil, nil)
	rg.signIn(t, adminEmail)
	_, body = rg.get(t, "/")
	wantRow(body, "qn", cQN, before)
	wantRow(body, "hn", cHN, score.Counts{})
	i := strings.Index(body, "<tfoot>")
	if i < 0 || !strings.Contains(body[i:], fmt.Sprintf(`<td class="num">%d</td>`, cQN.N()+cHN.N())) ||
		!strings.Contains(body[i:], cQN.Plus(cHN).Rate().VI()) {
		t.Errorf("the province total is not the sum:\n%s", body[max(i, 0):])
	}
}
