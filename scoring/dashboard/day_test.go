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

// The centre-day page counts the centre's local day: per counter and per
// officer the counts and percentages a plain count gives, no rank under
// score.MinRankN, the reasons in words, and every Không hài lòng rating to
// follow up; another centre's day is a 404, a bad date a 400.
func TestCentreDayPage(t *testing.T) {
	rg := fleetRig(t)
	all := []survey.Level{survey.VerySatisfied, survey.VerySatisfied, survey.Satisfied, survey.Dissatisfied, survey.VerySatisfied}
	k1 := scoringtest.Kiosk{ID: "qn-k1", CentreID: "qn", CounterID: "1", OfficerID: "o1"}
	k2 := scoringtest.Kiosk{ID: "qn-k2", CentreID: "qn", CounterID: "2", OfficerID: "o2"}
	day := time.Date(2026, 12, 3, 0, 30, 0, 0, time.UTC) // Thursday, 07:30 in Vietnam
	r1, _ := ingestAt(t, rg, k1, 1, survey.GenesisHash, times(day, 12, 9*time.Minute), all, func(i int) bool { return i == 4 })
	r2, _ := ingestAt(t, rg, k2, 1, survey.GenesisHash, times(day.Add(5*time.Hour), 5, 3*time.Minute),
		[]survey.Level{survey.Dissatisfied, survey.Satisfied}, func(int) bool { return false })
	// 17:10 UTC is 00:10 the next day in Vietnam: not on the 3rd.
	ingestAt(t, rg, k2, 6, r2[4].Hash, []time.Time{time.Date(2026, 12, 3, 17, 10, 0, 0, time.UTC)}, all, func(int) bool { return false })

	counts := func(rs []survey.Response) score.Counts {
		var c score.Counts
		for _, r := range rs {
			c.Add(r)
		}
		return c
	}
	c1, c2 := counts(r1), counts(r2)

	rg.signIn(t, testEmail)
	resp, body := rg.get(t, "/day?date=2026-12-03")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("day: %d\n%s", resp.StatusCode, body)
	}
	body = html.UnescapeString(body)
	row := func(id string) string {
		i := strings.Index(body, `data-group="`+id+`"`)
		if i < 0 {
			t.Fatalf("no row %q", id)
		}
		return body[i : i+strings.Index(body[i:], "</tr>")]
	}
	for _, c := range []struct {
		id string
		c  score.Counts
	}{{"1", c1}, {"2", c2}, {"o1", c1}, {"o2", c2}} {
		r := row(c.id)
		for _, want := range []string{
			c.c.Percent(survey.VerySatisfied).VI(), c.c.Percent(survey.Dissatisfied).VI(), c.c.Rate().VI(),
		} {
			if !strings.Contains(r, want) {
				t.Errorf("row %s lacks %q:\n%s", c.id, want, r)
			}
		}
		if strings.HasPrefix(c.id, "o") && !strings.Contains(r, "chưa đủ số liệu, n = ") {
			t.Errorf("officer %s is ranked on n = %d:\n%s", c.id, c.c.N(), r)
		}
	}
	// Every dissatisfied rating of the day, with its reason in words: 2 at
	// counter 1 (one per 5, none filtered), 3 at counter 2.
	i := strings.Index(body, `class="unhappy"`)
	if i < 0 || strings.Count(body[i:], "Thời gian chờ lâu") != c1.Dissatisfied+c2.Dissatisfied {
		t.Errorf("the unhappy list holds %d, want %d", strings.Count(body[max(i, 0):], "Thời gian chờ lâu"), c1.Dissatisfied+c2.Dissatisfied)
	}
	if !strings.Contains(body, "Ngày sau →") || !strings.Contains(body, "← Ngày trước") {
		t.Error("no links to the days around")
	}

	for path, want := range map[string]int{
		"/day?centre=hn&date=2026-12-03": http.StatusNotFound,
		"/day?centre=zz&date=2026-12-03": http.StatusNotFound,
		"/day?date=2026-02-30":           http.StatusBadRequest,
		"/day?date=hôm-qua":              http.StatusBadRequest,
		"/day?date=1999-01-01":           http.StatusBadRequest,
		"/day?centre=%00":                http.StatusBadRequest,
	} {
		if resp, _ := rg.get(t, path); resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}
