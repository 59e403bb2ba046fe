package dashboard

import (
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/score"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// The Trends page over 30 days: its totals and its previous period are a
// plain count of the responses in each range, the daily table holds each
// day's n, days without ratings have no point, and another centre or a
// bad range answers 404 or 400.
func TestTrendsPage(t *testing.T) {
	rg := fleetRig(t) // now: 4 Dec 2026, 15:00 in Vietnam
	k := scoringtest.Kiosk{ID: "qn-k1", CentreID: "qn", CounterID: "1", OfficerID: "o1"}
	levels := []survey.Level{survey.VerySatisfied, survey.Satisfied, survey.Dissatisfied, survey.VerySatisfied}
	at := func(d int) time.Time { return time.Date(2026, 11, d, 2, 0, 0, 0, time.UTC) } // 09:00 in Vietnam
	never := func(int) bool { return false }
	// In the 30 days (5 Nov – 4 Dec): 12 on 10 Nov, 7 on 20 Nov (one a
	// repeat press). The 30 days before (6 Oct – 4 Nov): 9 on 1 Nov.
	prevRs, prev := ingestAt(t, rg, k, 1, survey.GenesisHash, times(at(1), 9, time.Minute), levels, never)
	a, prev := ingestAt(t, rg, k, 10, prev, times(at(10), 12, time.Minute), levels, never)
	b, _ := ingestAt(t, rg, k, 22, prev, times(at(20), 7, time.Minute), levels, func(i int) bool { return i == 6 })
	var cur, before score.Counts
	for _, r := range append(a, b...) {
		cur.Add(r)
	}
	for _, r := range prevRs {
		before.Add(r)
	}

	rg.signIn(t, testEmail)
	resp, body := rg.get(t, "/trends?range=30d")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("trends: %d\n%s", resp.StatusCode, body)
	}
	body = html.UnescapeString(body)
	for _, want := range []string{
		"05/11/2026", "04/12/2026", // the range in the title
		cur.Rate().Value.VI(), cur.Rate().IntervalVI(), before.Rate().Value.VI(),
		"<td class=\"num\">12</td>", "cộng 1 lượt bấm lặp",
		`data-officer="o1"`, "chưa đủ số liệu, n = 18",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the trends page lacks %q", want)
		}
	}
	if cur.N() != 18 {
		t.Fatalf("the fixture: n = %d", cur.N())
	}
	for path, want := range map[string]int{
		"/trends?centre=hn":                               http.StatusNotFound,
		"/trends?range=7d":                                http.StatusBadRequest,
		"/trends?from=2026-11-01":                         http.StatusBadRequest,
		"/trends?from=2026-12-01&to=2026-11-01":           http.StatusBadRequest,
		"/trends?from=2024-01-01&to=2026-12-01":           http.StatusBadRequest,
		"/trends?range=30d&from=2026-11-01&to=2026-11-30": http.StatusBadRequest,
		"/trends?from=2026-11-01&to=2026-11-30":           http.StatusOK,
		"/trends?range=90d":                               http.StatusOK,
	} {
		if resp, _ := rg.get(t, path); resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}
