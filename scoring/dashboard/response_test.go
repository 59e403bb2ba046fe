package dashboard

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// The centre-day page shows each officer's and counter's response rate:
// invitations rated ÷ invitations issued, summed over the kiosks, with n
// (the invitations), Vietnamese and English; "—" for one that issued none;
// an officer who issued invitations and got no rating still has a row; no
// column on a day without invitations. Trends and the officer page show it
// over their range.
func TestCentreDayResponseRate(t *testing.T) {
	rg := fleetRig(t)
	ctx := context.Background()
	k1 := scoringtest.Kiosk{ID: "qn-k1", CentreID: "qn", CounterID: "1", OfficerID: "o1"}
	day := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC) // 09:00 on the 3rd in Vietnam
	_, prev1 := ingestAt(t, rg, k1, 1, survey.GenesisHash, times(day, 7, 5*time.Minute), []survey.Level{survey.VerySatisfied}, func(int) bool { return false })
	k2 := scoringtest.Kiosk{ID: "qn-k2", CentreID: "qn", CounterID: "2", OfficerID: "o2"}
	ingestAt(t, rg, k2, 1, survey.GenesisHash, times(day, 3, 5*time.Minute), []survey.Level{survey.Satisfied}, func(int) bool { return false })
	d3 := scoring.Date{Year: 2026, Month: 12, Day: 3}
	record := func(kiosk string, cs ...scoring.InvitationCount) {
		t.Helper()
		if err := rg.store.RecordInvitationCounts(ctx, kiosk, cs, rg.now); err != nil {
			t.Fatal(err)
		}
	}
	// o1: 6 of 8 at counter 1 (qn-k1) and 1 of 2 at counter 2 (qn-k2), 7
	// of 10 in all. o3 issued 4 and got none. o2 issued none.
	record("qn-k1", scoring.InvitationCount{OfficerID: "o1", Day: d3, Issued: 8, Used: 6, Expired: 2},
		scoring.InvitationCount{OfficerID: "o3", Day: d3, Issued: 4, Expired: 4},
		scoring.InvitationCount{OfficerID: "o1", Day: d3.AddDays(-1), Issued: 50, Used: 1}) // another day
	record("qn-k2", scoring.InvitationCount{OfficerID: "o1", Day: d3, Issued: 2, Used: 1, Expired: 1})

	rg.signIn(t, testEmail)
	page := func(path string) (func(id string) string, string) {
		t.Helper()
		resp, body := rg.get(t, path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d\n%s", path, resp.StatusCode, body)
		}
		body = html.UnescapeString(body)
		officers := body[strings.Index(body, `id="officers-title"`):]
		return func(id string) string {
			t.Helper()
			rows := body
			if strings.HasPrefix(id, "o") {
				rows = officers
			}
			i := strings.Index(rows, `data-group="`+id+`"`)
			if i < 0 {
				t.Fatalf("%s: no row %q", path, id)
			}
			row := rows[i : i+strings.Index(rows[i:], "</tr>")]
			j := strings.Index(row, `class="num response">`)
			if j < 0 {
				t.Fatalf("%s: row %s has no response rate:\n%s", path, id, row)
			}
			return row[j+len(`class="num response">`) : j+strings.Index(row[j:], "</td>")]
		}, body
	}
	cell, body := page("/day?centre=qn&date=2026-12-03")
	for id, want := range map[string]string{
		"o1": "70,0 %<br><small class=\"muted\">n = 10</small>",
		"o3": "0,0 %<br><small class=\"muted\">n = 4</small>",
		"o2": "—",
		"1":  "50,0 %<br><small class=\"muted\">n = 12</small>", // 6 of 8 and 0 of 4
		"2":  "50,0 %<br><small class=\"muted\">n = 2</small>",
	} {
		if got := cell(id); got != want {
			t.Errorf("response rate of %s: %q, want %q", id, got, want)
		}
	}
	if !strings.Contains(body, "Tỷ lệ phản hồi") || !strings.Contains(body, "số lời mời được công dân đánh giá ÷ số lời mời") {
		t.Error("the Vietnamese page does not name and explain the response rate")
	}
	cell, body = page("/day?centre=qn&date=2026-12-03&lang=en")
	if got := cell("o1"); got != "70.0%<br><small class=\"muted\">n = 10</small>" {
		t.Errorf("English response rate of o1: %q", got)
	}
	if !strings.Contains(body, "Response rate") {
		t.Error("the English page does not name the response rate")
	}
	// The day before: o1's 1 of 50 only.
	cell, _ = page("/day?centre=qn&date=2026-12-02&lang=vi")
	if got := cell("o1"); got != "2,0 %<br><small class=\"muted\">n = 50</small>" {
		t.Errorf("response rate of o1 on the 2nd: %q", got)
	}
	// Trends and the officer page over the 2nd and 3rd: 8 of 60.
	_, body = rg.get(t, "/trends?centre=qn&from=2026-12-02&to=2026-12-03")
	body = html.UnescapeString(body)
	i := strings.Index(body, `data-officer="o1"`)
	if i < 0 || !strings.Contains(body[i:i+strings.Index(body[i:], "</tr>")], `<td class="num response">13,3 %<br><small class="muted">n = 60</small></td>`) {
		t.Errorf("trends: o1's response rate is not 13,3 %% of 60")
	}
	if i := strings.Index(body, `data-officer="o2"`); i < 0 || !strings.Contains(body[i:i+strings.Index(body[i:], "</tr>")], `<td class="num response">—</td>`) {
		t.Errorf("trends: o2 issued no invitation and has no dash")
	}
	_, body = rg.get(t, "/officer?centre=qn&officer=o1&from=2026-12-02&to=2026-12-03")
	body = html.UnescapeString(body)
	if !strings.Contains(body, "Tỷ lệ phản hồi") || !strings.Contains(body, "13,3 %") || !strings.Contains(body, "n = 60") {
		t.Errorf("officer page: no response rate card of 13,3 %% with n = 60")
	}
	if _, body := rg.get(t, "/officer?centre=qn&officer=o2&from=2026-12-02&to=2026-12-03"); strings.Contains(body, "Tỷ lệ phản hồi") {
		t.Error("officer page: a response rate for an officer who issued no invitation")
	}

	// A day without invitations has no such column.
	ingestAt(t, rg, k1, 8, prev1, times(day.Add(24*time.Hour), 2, time.Minute), []survey.Level{survey.Satisfied}, func(int) bool { return false })
	if _, body := rg.get(t, "/day?centre=qn&date=2026-12-04"); strings.Contains(body, "Tỷ lệ phản hồi") || strings.Contains(body, `class="num response"`) {
		t.Error("a day without invitations shows a response rate column")
	}
}
