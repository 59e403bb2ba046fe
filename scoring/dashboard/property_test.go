package dashboard

import (
	"context"
	"fmt"
	"html"
	"maps"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/score"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest/rolluptest"
	"hailong/kiosk/survey"
)

// Every figure the Today, centre-day and Trends pages show equals what a
// plain computation over the raw stored responses gives, over random data:
// four centres in zones whose midnights fall at different instants (one
// behind UTC, one half an hour off, one with daylight saving time),
// responses minutes to hours apart crossing midnights, created_at written
// in other offsets than the centre's, batches out of order and sent twice,
// conflicting versions and rejected items (never stored, never counted),
// repeat presses (never in a rate) and timeouts. Each officer's response
// rate on the centre-day page is what the kiosks' invitation counts give,
// summed by hand over the centre's kiosks.
func TestPagesAgreeWithRawResponses(t *testing.T) {
	for _, seed := range []uint64{1, 2} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { pagesAgree(t, seed) })
	}
}

type dayKey struct {
	centre string
	day    scoring.Date
}

func pagesAgree(t *testing.T, seed uint64) {
	rg := newSignInRig(t, filepath.Join(t.TempDir(), "s.db"))
	w := rolluptest.NewWorld(t, rg.store)
	w.Fill(t, seed, 120)
	admin, err := adminUser()
	if err != nil {
		t.Fatal(err)
	}
	if err := rg.store.CreateUser(context.Background(), admin); err != nil {
		t.Fatal(err)
	}
	rg.signIn(t, adminEmail)

	// The plain computation: every stored response, by its centre's local
	// day, per centre, per counter and per officer.
	total := map[dayKey]*score.Counts{}
	group := map[dayKey]map[string]*score.Counts{}
	add := func(m map[string]*score.Counts, id string, r survey.Response) {
		if m[id] == nil {
			m[id] = &score.Counts{}
		}
		m[id].Add(r)
	}
	err = rg.store.ExportResponses(context.Background(), scoring.ExportFilter{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		To: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}, func(sr scoring.StoredResponse) error {
		loc, err := scoring.LoadZone(rolluptest.WorldCentres[sr.CentreID])
		if err != nil {
			return err
		}
		at, err := time.Parse(survey.TimeLayout, sr.CreatedAt)
		if err != nil {
			return err
		}
		k := dayKey{sr.CentreID, scoring.DateOf(at, loc)}
		if total[k] == nil {
			total[k], group[k] = &score.Counts{}, map[string]*score.Counts{}
		}
		total[k].Add(sr.Response)
		add(group[k], "counter "+sr.CounterID, sr.Response)
		add(group[k], "officer "+sr.OfficerID, sr.Response)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(total) < 8 {
		t.Fatalf("only %d centre-days of data", len(total))
	}

	keys := slices.SortedFunc(maps.Keys(total), func(a, b dayKey) int {
		if a.centre != b.centre {
			return strings.Compare(a.centre, b.centre)
		}
		return strings.Compare(a.day.String(), b.day.String())
	})
	invited := randomInvitations(t, rg, seed, keys, group)
	t.Logf("%d centre-days checked against the raw responses", len(keys))
	rangeOf := map[string][2]scoring.Date{}
	for _, k := range keys {
		c := *total[k]
		// The centre-day page: the cards, and each counter's and officer's row.
		resp, body := rg.get(t, fmt.Sprintf("/day?centre=%s&date=%s", k.centre, k.day))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: %d", k.centre, k.day, resp.StatusCode)
		}
		body = html.UnescapeString(body)
		if !strings.Contains(body, "<p class=\"card-value\">"+fmt.Sprint(c.N())+"</p>") ||
			!strings.Contains(body, c.Rate().IntervalVI()) {
			t.Errorf("%s %s: the cards do not say n = %d, %s", k.centre, k.day, c.N(), c.Rate().VI())
		}
		for name, gc := range group[k] {
			id := name[strings.Index(name, " ")+1:]
			want := fmt.Sprintf(`<td class="num">%d</td>`, gc.N()) + "\n  " + fmt.Sprintf(`<td class="num">%d (%s)</td>`, gc.VerySatisfied, gc.Percent(survey.VerySatisfied).VI())
			rows := body
			if strings.HasPrefix(name, "officer") {
				rows = body[strings.Index(body, `id="officers-title"`):]
			}
			i := strings.Index(rows, `data-group="`+id+`"`)
			if i < 0 {
				t.Errorf("%s %s: no row for %s", k.centre, k.day, name)
				continue
			}
			row := rows[i : i+strings.Index(rows[i:], "</tr>")]
			if !strings.Contains(row, want) || !strings.Contains(row, gc.Rate().VI()) ||
				!strings.Contains(row, fmt.Sprintf(`<td class="num">%d</td></tr>`, gc.Filtered)) &&
					!strings.HasSuffix(strings.TrimSpace(row), fmt.Sprintf(`<td class="num">%d</td>`, gc.Filtered)) {
				t.Errorf("%s %s %s: row\n%s\nwant n %d, %s, %s, filtered %d", k.centre, k.day, name, row, gc.N(),
					gc.Percent(survey.VerySatisfied).VI(), gc.Rate().VI(), gc.Filtered)
			}
		}
		checkResponseRates(t, k, body, invited[k])
		r := rangeOf[k.centre]
		if r[0].IsZero() || k.day.Before(r[0]) {
			r[0] = k.day
		}
		if r[1].IsZero() || r[1].Before(k.day) {
			r[1] = k.day
		}
		rangeOf[k.centre] = r
	}

	for centre, r := range rangeOf {
		// Trends over the centre's whole range: the total n and rate.
		var sum score.Counts
		for _, k := range keys {
			if k.centre == centre {
				sum = sum.Plus(*total[k])
			}
		}
		_, body := rg.get(t, fmt.Sprintf("/trends?centre=%s&from=%s&to=%s", centre, r[0], r[1]))
		body = html.UnescapeString(body)
		if !strings.Contains(body, "<p class=\"card-value\">"+intVI(sum.N())+"</p>") || !strings.Contains(body, sum.Rate().IntervalVI()) {
			t.Errorf("trends of %s: want n %d and %s", centre, sum.N(), sum.Rate().VI())
		}
		// Today, on the centre's last day with data: its row on the
		// overview is that day's count (the clock is set to its noon).
		loc, _ := scoring.LoadZone(rolluptest.WorldCentres[centre])
		rg.mu.Lock()
		rg.now = r[1].Start(loc).Add(12 * time.Hour)
		rg.mu.Unlock()
		_, body = rg.get(t, "/")
		body = html.UnescapeString(body)
		c := *total[dayKey{centre, r[1]}]
		i := strings.Index(body, `data-centre="`+centre+`"`)
		if i < 0 {
			t.Fatalf("no overview row for %s", centre)
		}
		row := body[i : i+strings.Index(body[i:], "</tr>")]
		if !strings.Contains(row, fmt.Sprintf(`<td class="num">%d</td>`, c.N())) || !strings.Contains(row, c.Rate().VI()) {
			t.Errorf("overview of %s on %s:\n%s\nwant n %d, %s", centre, r[1], row, c.N(), c.Rate().VI())
		}
	}
}

func intVI(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// randomInvitations stores random invitation counts for most officers of
// each centre-day, at each of the centre's two kiosks (rolluptest.World's
// k-<centre>-<counter>), and for one officer who has no rating that day,
// and returns the totals per officer, summed here.
func randomInvitations(t *testing.T, rg *signInRig, seed uint64, keys []dayKey, group map[dayKey]map[string]*score.Counts) map[dayKey]map[string]scoring.InvitationTotals {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0x1a7e))
	out := map[dayKey]map[string]scoring.InvitationTotals{}
	for _, k := range keys {
		var officers []string
		for _, name := range slices.Sorted(maps.Keys(group[k])) {
			if id, ok := strings.CutPrefix(name, "officer "); ok && rng.IntN(4) > 0 {
				officers = append(officers, id)
			}
		}
		officers = append(officers, "o-invites-only")
		out[k] = map[string]scoring.InvitationTotals{}
		for _, counter := range []string{"1", "2"} {
			var cs []scoring.InvitationCount
			for _, o := range officers {
				c := scoring.InvitationCount{OfficerID: o, Day: k.day, Issued: rng.IntN(30)}
				c.Used = rng.IntN(c.Issued + 1)
				c.Expired = rng.IntN(c.Issued - c.Used + 1)
				cs = append(cs, c)
				tot := out[k][o]
				tot.Issued, tot.Used = tot.Issued+c.Issued, tot.Used+c.Used
				out[k][o] = tot
			}
			if err := rg.store.RecordInvitationCounts(context.Background(), "k-"+k.centre+"-"+counter, cs, rg.now); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}

// checkResponseRates checks each officer's response rate cell on a
// centre-day page against score.ResponseRate of the totals.
func checkResponseRates(t *testing.T, k dayKey, body string, invited map[string]scoring.InvitationTotals) {
	t.Helper()
	rows := body[strings.Index(body, `id="officers-title"`):]
	for id, tot := range invited {
		i := strings.Index(rows, `data-group="`+id+`"`)
		if i < 0 {
			t.Errorf("%s %s: no row for officer %s, who issued %d invitations", k.centre, k.day, id, tot.Issued)
			continue
		}
		row := rows[i : i+strings.Index(rows[i:], "</tr>")]
		want := `<td class="num response">` + score.NoFigure + "</td>"
		if rate := score.ResponseRate(tot.Used, tot.Issued); rate.OK() {
			want = fmt.Sprintf(`<td class="num response">%s<br><small class="muted">n = %s</small></td>`, rate.VI(), intVI(tot.Issued))
		}
		if !strings.Contains(row, want) {
			t.Errorf("%s %s officer %s: %d of %d invitations rated; row\n%s\nwant %s", k.centre, k.day, id, tot.Used, tot.Issued, row, want)
		}
	}
}
