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

// The Officer page counts one officer only, over the range, with the
// reasons of their unhappy ratings; an officer of another centre, or one
// who never rated there and is not on the roster, is a 404.
func TestOfficerPage(t *testing.T) {
	rg := fleetRig(t)
	at := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
	never := func(int) bool { return false }
	mine, _ := ingestAt(t, rg, scoringtest.Kiosk{ID: "qn-k1", CentreID: "qn", CounterID: "1", OfficerID: "o1"}, 1, survey.GenesisHash,
		times(at, 8, time.Minute), []survey.Level{survey.Dissatisfied, survey.VerySatisfied, survey.VerySatisfied, survey.Satisfied}, never)
	ingestAt(t, rg, scoringtest.Kiosk{ID: "qn-k2", CentreID: "qn", CounterID: "2", OfficerID: "o2"}, 1, survey.GenesisHash,
		times(at, 5, time.Minute), []survey.Level{survey.Dissatisfied}, never)
	var c score.Counts
	for _, r := range mine {
		c.Add(r)
	}

	rg.signIn(t, testEmail)
	resp, body := rg.get(t, "/officer?officer=o1&range=30d")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("officer: %d\n%s", resp.StatusCode, body)
	}
	body = html.UnescapeString(body)
	for _, want := range []string{
		"Không hài lòng: <strong>2</strong> (" + c.Percent(survey.Dissatisfied).VI() + ")",
		"Rất hài lòng: <strong>4</strong>", c.Rate().Value.VI(), "Thời gian chờ lâu",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the officer page lacks %q", want)
		}
	}
	for path, want := range map[string]int{
		"/officer?officer=o1&centre=hn": http.StatusNotFound,
		"/officer?officer=nobody":       http.StatusNotFound,
		"/officer":                      http.StatusBadRequest,
		"/officer?officer=o1&range=1y":  http.StatusBadRequest,
	} {
		if resp, _ := rg.get(t, path); resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}
