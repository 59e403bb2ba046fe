package dashboard

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hailong/kiosk/score"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/report"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// viTenths writes a percentage held in tenths as the page does: "81,8 %".
func viTenths(t int64) string { return fmt.Sprintf("%d,%d %%", t/10, t%10) }

// exportDay stores the centre-day fixture of TestCentreDayPage plus a
// response whose ticket and dossier code would be formulas, and returns
// the plain counts per counter of qn's 3 Dec.
func exportDay(t *testing.T, rg *signInRig) map[string]score.Counts {
	t.Helper()
	all := []survey.Level{survey.VerySatisfied, survey.VerySatisfied, survey.Satisfied, survey.Dissatisfied, survey.VerySatisfied}
	k1 := scoringtest.Kiosk{ID: "qn-k1", CentreID: "qn", CounterID: "1", OfficerID: "o1"}
	k2 := scoringtest.Kiosk{ID: "qn-k2", CentreID: "qn", CounterID: "2", OfficerID: "o2"}
	hn := scoringtest.Kiosk{ID: "hn-k1", CentreID: "hn", CounterID: "1", OfficerID: "o1"}
	day := time.Date(2026, 12, 3, 0, 30, 0, 0, time.UTC) // 07:30 in Vietnam
	r1, prev1 := ingestAt(t, rg, k1, 1, survey.GenesisHash, times(day, 12, 9*time.Minute), all, func(i int) bool { return i == 4 })
	r2, prev2 := ingestAt(t, rg, k2, 1, survey.GenesisHash, times(day.Add(5*time.Hour), 5, 3*time.Minute),
		[]survey.Level{survey.Dissatisfied, survey.Satisfied}, func(int) bool { return false })
	// 00:10 on the 4th in Vietnam: not on the 3rd.
	ingestAt(t, rg, k2, 6, prev2, []time.Time{time.Date(2026, 12, 3, 17, 10, 0, 0, time.UTC)}, all, func(int) bool { return false })
	ingestAt(t, rg, hn, 1, survey.GenesisHash, times(day, 4, time.Minute), all, func(int) bool { return false })
	// A ticket and a dossier code that a spreadsheet would run.
	rs := scoringtest.Chain(k1, 13, prev1, 1)
	rs[0].PrevHash, rs[0].CreatedAt = prev1, day.Add(3*time.Hour).Format(survey.TimeLayout)
	rs[0].Level, rs[0].RawValue, rs[0].Reasons = survey.Satisfied, 2, []string{}
	rs[0].Ticket, rs[0].DossierCode = `=HYPERLINK("http://evil","x")`, "@SUM(A1)"
	rs[0] = scoringtest.Rehash(rs[0])
	if _, err := rg.store.Ingest(context.Background(), scoring.IngestBatch{KioskID: k1.ID, Responses: rs, ReceivedAt: rg.now}); err != nil {
		t.Fatal(err)
	}
	r1 = append(r1, rs[0])
	out := map[string]score.Counts{}
	for _, set := range [][]survey.Response{r1, r2} {
		for _, r := range set {
			for _, k := range []string{"Trung tâm/qn", "Quầy/" + r.CounterID, "Cán bộ/" + r.OfficerID} {
				c := out[k]
				c.Add(r)
				out[k] = c
			}
		}
	}
	return out
}

func (rg *signInRig) download(t *testing.T, path string) (*http.Response, []byte) {
	t.Helper()
	resp, err := rg.client.Get(rg.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// The XLSX downloaded from the dashboard is read back: its numbers are a
// plain count of the raw responses and the very figures the centre-day
// page shows for that day; the CSV reads back strictly; formulas are
// neutralised; the export is audited with the user as actor.
func TestExportXLSXEqualsTheDayPage(t *testing.T) {
	rg := fleetRig(t)
	want := exportDay(t, rg)
	rg.signIn(t, testEmail)
	_, page := rg.get(t, "/day?date=2026-12-03")
	page = html.UnescapeString(page)
	if !strings.Contains(page, `action="/export"`) || !strings.Contains(page, `name="from" type="date" value="2026-12-03"`) {
		t.Fatal("the day page has no export form for its day")
	}
	resp, body := rg.download(t, "/export?centre=qn&from=2026-12-03&to=2026-12-03&format=xlsx&kind=summary")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export: %d\n%s", resp.StatusCode, body)
	}
	if ct, cd := resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"); !strings.Contains(ct, "spreadsheetml") ||
		cd != `attachment; filename="hai-long-qn-2026-12-03-2026-12-03.xlsx"` {
		t.Errorf("headers %q, %q", ct, cd)
	}
	x, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows(report.SheetSummary, excelize.Options{RawCellValue: true})
	pageRow := func(id string) string {
		i := strings.Index(page, `data-group="`+id+`"`)
		if i < 0 {
			t.Fatalf("no page row %q", id)
		}
		return page[i : i+strings.Index(page[i:], "</tr>")]
	}
	seen := 0
	for _, row := range rows[report.HeaderRow:] {
		if len(row) < 14 {
			continue
		}
		key := row[0] + "/" + row[1]
		c, ok := want[key]
		if !ok {
			t.Errorf("row %q: no such group in the day", row[:3])
			continue
		}
		seen++
		num := func(i int) int { n, _ := strconv.Atoi(row[i]); return n }
		tenths := func(i int) int64 { v, _ := strconv.ParseFloat(row[i], 64); return int64(math.Round(v * 1000)) }
		if num(3) != c.N() || num(4) != c.VerySatisfied || num(6) != c.Satisfied || num(8) != c.Dissatisfied || num(13) != c.Filtered ||
			tenths(5) != c.Percent(survey.VerySatisfied).Tenths() || tenths(10) != c.Rate().Value.Tenths() {
			t.Errorf("%s: %q is not the plain count %+v", key, row, c)
		}
		if row[0] == "Trung tâm" {
			continue
		}
		// The page's row for the same counter or officer shows the same.
		pr := pageRow(row[1])
		for _, s := range []string{
			fmt.Sprintf(`<td class="num">%d</td>`, num(3)),
			fmt.Sprintf("%d (%s)", num(4), viTenths(tenths(5))),
			fmt.Sprintf("%d (%s)", num(6), viTenths(tenths(7))),
			fmt.Sprintf("%d (%s)", num(8), viTenths(tenths(9))),
			fmt.Sprintf("%s (KTC 95 %%: %s–%s)", viTenths(tenths(10)), strings.TrimSuffix(viTenths(tenths(11)), " %"), viTenths(tenths(12))),
			fmt.Sprintf(`<td class="num">%d</td></tr>`, num(13)),
		} {
			if !strings.Contains(pr+"</tr>", s) {
				t.Errorf("%s: the page's row lacks the XLSX's %q:\n%s", key, s, pr)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("%d summary rows, want %d", seen, len(want))
	}
	resp2, _ := x.GetRows(report.SheetResponses)
	if n := want["Trung tâm/qn"]; len(resp2)-report.HeaderRow != n.N()+n.Filtered {
		t.Errorf("%d response rows, want %d", len(resp2)-report.HeaderRow, n.N()+n.Filtered)
	}
	joined := fmt.Sprint(resp2)
	if !strings.Contains(joined, `'=HYPERLINK("http://evil","x")`) || !strings.Contains(joined, "'@SUM(A1)") {
		t.Error("the ticket and dossier code are not neutralised in the XLSX")
	}

	// The CSVs: the summary by default, the responses on request.
	resp, body = rg.download(t, "/export?centre=qn&from=2026-12-03&to=2026-12-03&format=csv&kind=responses")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		resp.Header.Get("Content-Disposition") != `attachment; filename="hai-long-qn-2026-12-03-2026-12-03-responses.csv"` {
		t.Fatalf("csv: %d %v", resp.StatusCode, resp.Header)
	}
	cr := survey.NewCSVReader(bytes.NewReader(body))
	recs := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if recs > 0 && (strings.HasPrefix(rec[8], "=") || strings.HasPrefix(rec[9], "@")) {
			t.Errorf("a formula in the CSV: %q", rec)
		}
		recs++
	}
	if n := want["Trung tâm/qn"]; recs != n.N()+n.Filtered+1 {
		t.Errorf("%d CSV records, want %d and a header", recs, n.N()+n.Filtered)
	}
	if resp, body = rg.download(t, "/export?centre=qn&from=2026-12-03&to=2026-12-03&format=csv"); resp.StatusCode != http.StatusOK ||
		!bytes.Contains(body, []byte("Quầy,1,Quầy 1,")) {
		t.Errorf("summary csv: %d\n%s", resp.StatusCode, body)
	}

	trail, err := rg.store.AuditTrail(context.Background(), scoring.AuditFilter{Subject: scoring.SubjectCentre("qn")})
	if err != nil {
		t.Fatal(err)
	}
	exports := 0
	for _, e := range trail {
		if e.Action == scoring.ActExport && e.Actor == "web:"+testEmail && strings.Contains(e.Detail, `"from":"2026-12-03"`) {
			exports++
		}
	}
	if exports != 3 {
		t.Errorf("%d exports audited, want 3: %+v", exports, trail)
	}
}

// Another centre's export is a 404 that reveals nothing; garbage gets the
// 400 page; without a session, the sign-in page.
func TestExportRefusals(t *testing.T) {
	rg := fleetRig(t)
	exportDay(t, rg)
	if resp, _ := rg.download(t, "/export?centre=qn&from=2026-12-03&to=2026-12-03&format=xlsx"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("signed out: %d, want the sign-in redirect", resp.StatusCode)
	}
	rg.signIn(t, testEmail)
	for path, want := range map[string]int{
		"/export?centre=hn&from=2026-12-03&to=2026-12-03&format=xlsx":                      http.StatusNotFound,
		"/export?centre=hn&from=2026-12-03&to=2026-12-03&format=csv&kind=responses":        http.StatusNotFound,
		"/export?centre=zz&from=2026-12-03&to=2026-12-03&format=csv":                       http.StatusNotFound,
		"/export?centre=qn&from=2026-12-03&to=2026-12-03&format=pdf":                       http.StatusBadRequest,
		"/export?centre=qn&from=2026-12-03&to=2026-12-03":                                  http.StatusBadRequest,
		"/export?centre=qn&from=hôm-qua&to=2026-12-03&format=xlsx":                         http.StatusBadRequest,
		"/export?centre=qn&from=2026-12-04&to=2026-12-03&format=xlsx":                      http.StatusBadRequest,
		"/export?centre=qn&from=2024-01-01&to=2026-12-03&format=xlsx":                      http.StatusBadRequest,
		"/export?centre=qn&from=2026-12-03&format=xlsx":                                    http.StatusBadRequest,
		"/export?centre=qn&from=2026-12-03&to=2026-12-03&format=csv&kind=all":              http.StatusBadRequest,
		"/export?centre=qn&from=2026-12-03&to=2026-12-03&format=csv&kind=summary&kind=all": http.StatusBadRequest,
		"/export?centre=qn&from=2026-12-03&to=2026-12-03&format=xlsx&format=csv":           http.StatusBadRequest,
		"/export?centre=%00&format=xlsx":                                                   http.StatusBadRequest,
		"/export?centre=qn&from=%zz&format=xlsx":                                           http.StatusBadRequest,
	} {
		resp, body := rg.download(t, path)
		if resp.StatusCode != want {
			t.Errorf("%s: %d, want %d\n%s", path, resp.StatusCode, want, body)
			continue
		}
		if resp.Header.Get("Content-Disposition") != "" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: an error is a page, not a download: %v", path, resp.Header)
		}
		if want == http.StatusNotFound && (bytes.Contains(body, []byte("Hồng Gai")) || bytes.Contains(body, []byte("hn-k1"))) {
			t.Errorf("%s: the 404 names the other centre", path)
		}
	}
	trail, _ := rg.store.AuditTrail(context.Background(), scoring.AuditFilter{})
	for _, e := range trail {
		if e.Action == scoring.ActExport {
			t.Errorf("a refused export was audited: %+v", e)
		}
	}
	// Garbage in any parameter is never a 500.
	base := url.Values{"centre": {"qn"}, "from": {"2026-12-03"}, "to": {"2026-12-03"}, "format": {"xlsx"}}
	for _, param := range []string{"centre", "from", "to", "format", "kind", "range", "lang"} {
		for _, junk := range []string{"", "\x00", "ÿ\xff", strings.Repeat("9", 5000), "2026-13-01", "-1", "'; DROP TABLE x;--", "30d"} {
			q := url.Values{}
			for k, v := range base {
				q[k] = v
			}
			q.Set(param, junk)
			if resp, body := rg.download(t, "/export?"+q.Encode()); resp.StatusCode >= 500 {
				t.Errorf("%s=%.20q: %d\n%s", param, junk, resp.StatusCode, body)
			}
		}
	}
	// An administrator exports any centre.
	rg.post(t, "/signout", nil, nil)
	rg.signIn(t, adminEmail)
	if resp, _ := rg.download(t, "/export?centre=hn&from=2026-12-03&to=2026-12-03&format=xlsx"); resp.StatusCode != http.StatusOK {
		t.Errorf("the administrator's export of hn: %d", resp.StatusCode)
	}
}
