package dashboard

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"hailong/kiosk/score"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/dashboard/chart"
	"hailong/kiosk/survey"
)

// groupRow is one counter or officer of a day: n, count and % per level,
// the rate with its interval, and a rank only where n is enough.
type groupRow struct {
	ID, Name        string
	N, Filtered     int
	RHL, HL, KHL    int
	PRHL, PHL, PKHL string
	Rate            string
	Rank            string
	Ranked          bool
	// Response is the response rate (invite mode) and ResponseN its n,
	// the invitations issued; "—" and "" where there were none.
	Response, ResponseN string
}

// unhappyRow is one Không hài lòng response to follow up.
type unhappyRow struct {
	Time, Counter, Officer, Reasons, Ticket, Dossier string
	Filtered                                         bool
}

type dayData struct {
	CentreID, CentreName string
	Date, Prev, Next     string
	Centres              []centreLink // an administrator's choice of centre
	Cards                []Card
	Counters, Officers   groupTable
	Hours, Reasons       Figure
	Outcomes             []outcomeRow
	Unhappy              []unhappyRow
	MinRankN             int
	ResponseNote         bool // explain the response rate: a table shows one
}

// groupTable is a table of counters or officers, its headings in the
// page's language.
type groupTable struct {
	Caption, Empty, NameHead, RankHead, RHLHead, HLHead, KHLHead, RateHead, FilteredHead string
	Rank                                                                                 bool
	// Response: the table has a response rate column (some of its groups
	// issued invitations that day).
	Response     bool
	ResponseHead string
	Rows         []groupRow
}

func newGroupTable(l Lang, caption, nameHead string, rank bool, rows []groupRow) groupTable {
	t := groupTable{Caption: caption, Empty: l.T("day.none"), NameHead: nameHead, RankHead: l.T("score.rank"),
		RHLHead: l.T("level.very_satisfied"), HLHead: l.T("level.satisfied"), KHLHead: l.T("level.dissatisfied"),
		RateHead: l.T("score.rate"), FilteredHead: l.T("score.filtered"), ResponseHead: l.T("score.response_rate"), Rank: rank, Rows: rows}
	for _, r := range rows {
		t.Response = t.Response || r.ResponseN != ""
	}
	return t
}

type centreLink struct {
	ID, Name string
	Current  bool
}

type outcomeRow struct {
	Name string
	N    int
}

// day is the centre-day page: ?centre=ID&date=YYYY-MM-DD, a manager's own
// centre and today by default.
func (a *App) day(w http.ResponseWriter, r *http.Request) {
	u, _ := UserOf(r)
	l := LangOf(r)
	q := r.URL.Query()
	c, centres, err := a.pageCentre(r, u)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	loc, err := scoring.LoadZone(c.TimeZone)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	today := scoring.DateOf(a.now(), loc)
	date := today
	if q.Has("date") {
		t, err := ParseDate("date", q.Get("date"), loc)
		if err != nil {
			a.site.Error(w, r, err)
			return
		}
		date = scoring.DateOf(t, loc)
	}
	d, err := a.dayData(r.Context(), l, c, loc, date)
	if err != nil {
		a.site.Error(w, r, err)
		return
	}
	d.Centres = centreLinks(u, centres, c.ID)
	if date.Before(today) {
		d.Next = date.AddDays(1).String()
	}
	refresh := 0
	if date == today {
		refresh = 60
	}
	a.site.Render(w, r, http.StatusOK, "day", Page{Title: l.T("day.title", c.Name, dateText(l, date)), Nav: "day",
		Refresh: refresh, User: &User{Name: u.Name}, Data: d})
}

func (a *App) dayData(ctx context.Context, l Lang, c scoring.Centre, loc *time.Location, date scoring.Date) (dayData, error) {
	d := dayData{CentreID: c.ID, CentreName: c.Name, Date: date.String(), Prev: date.AddDays(-1).String(), MinRankN: score.MinRankN}
	rep, err := scoring.DayRollup(ctx, a.store, c.ID, date)
	if err != nil {
		return d, err
	}
	_, officers, err := a.store.Roster(ctx, c.ID)
	if err != nil {
		return d, err
	}
	names := map[string]string{}
	for _, o := range officers {
		names[o.ID] = o.Name
	}
	comma := l != EN

	// Totals, counters, officers.
	total := countsOf(rep.Counts)
	byCounter, byOfficer := map[string]*score.Counts{}, map[string]*score.Counts{}
	outcomes := map[survey.Outcome]int{}
	for _, r := range rep.Counts {
		for key, m := range map[string]map[string]*score.Counts{r.CounterID: byCounter, r.OfficerID: byOfficer} {
			if m[key] == nil {
				m[key] = &score.Counts{}
			}
			m[key].AddN(r.Level, r.FilterReason != "", int(r.N))
		}
		if r.FilterReason == "" {
			outcomes[r.Outcome] += int(r.N)
		}
	}
	// Invitations issued (invite mode), per counter and per officer: an
	// officer or counter that issued some but got no rating still has a row.
	invs, err := a.store.InvitationCounts(ctx, scoring.InvitationQuery{CentreIDs: []string{c.ID}, From: date, To: date})
	if err != nil {
		return d, err
	}
	invCounter, invOfficer := map[string]scoring.InvitationTotals{}, scoring.InvitationsByOfficer(invs)
	for _, x := range invs {
		t := invCounter[x.CounterID]
		t.Add(x)
		invCounter[x.CounterID] = t
	}
	for id := range invCounter {
		if byCounter[id] == nil {
			byCounter[id] = &score.Counts{}
		}
	}
	for id := range invOfficer {
		if byOfficer[id] == nil {
			byOfficer[id] = &score.Counts{}
		}
	}
	d.Counters = newGroupTable(l, l.T("day.counters"), l.T("fleet.counter"), false,
		groupRows(l, byCounter, invCounter, func(id string) string { return l.T("day.counter", id) }, false))
	d.Officers = newGroupTable(l, l.T("day.officers"), l.T("col.officer"), true, groupRows(l, byOfficer, invOfficer, func(id string) string {
		if n, ok := names[id]; ok {
			return n
		}
		return id
	}, true))
	d.ResponseNote = d.Officers.Response || d.Counters.Response
	rate := total.Rate()
	d.Cards = []Card{
		{Label: l.T("score.n"), Value: chart.Int(total.N(), comma)},
		{Label: l.T("score.rate"), Value: pctText(l, rate.Value), Note: l.T("score.interval") + ": " + intervalText(l, rate)},
		{Label: l.T("level.dissatisfied"), Value: pctText(l, total.Percent(survey.Dissatisfied)),
			Note: chart.Int(total.Dissatisfied, comma) + " / " + chart.Int(total.N(), comma)},
		{Label: l.T("score.filtered"), Value: chart.Int(total.Filtered, comma)},
	}
	for _, o := range []survey.Outcome{survey.OutcomeSubmitted, survey.OutcomeSkippedReasons, survey.OutcomeTimeout} {
		d.Outcomes = append(d.Outcomes, outcomeRow{Name: l.T("outcome." + string(o)), N: outcomes[o]})
	}

	// Hour by hour, stacked by level (filtered responses left out).
	hours := map[int]*score.Counts{}
	lo, hi := 24, -1
	for _, r := range rep.Hours {
		if r.FilterReason != "" {
			continue
		}
		if hours[r.Hour] == nil {
			hours[r.Hour] = &score.Counts{}
		}
		hours[r.Hour].AddN(r.Level, false, int(r.N))
		lo, hi = min(lo, r.Hour), max(hi, r.Hour)
	}
	lo, hi = min(lo, 7), max(hi, 17) // opening hours at least
	var cats []string
	var rhl, hl, khl []int
	for h := lo; h <= hi; h++ {
		cats = append(cats, fmt.Sprintf("%02dh", h))
		c := score.Counts{}
		if hours[h] != nil {
			c = *hours[h]
		}
		rhl, hl, khl = append(rhl, c.VerySatisfied), append(hl, c.Satisfied), append(khl, c.Dissatisfied)
	}
	d.Hours = NewFigure(l, chart.StackedBars{ID: "hours", Title: l.T("chart.hours"), Desc: l.T("chart.hours.desc"),
		Categories: cats, CategoryHead: l.T("col.hour"), TotalHead: l.T("score.total"), NoData: l.T("chart.nodata"), Comma: comma,
		Series: []chart.Series{
			{Name: l.T("level.very_satisfied"), Style: chart.StyleVerySatisfied, Values: rhl},
			{Name: l.T("level.satisfied"), Style: chart.StyleSatisfied, Values: hl},
			{Name: l.T("level.dissatisfied"), Style: chart.StyleDissatisfied, Values: khl},
		}})

	d.Reasons = reasonsFigure(l, c, rep.Reasons)

	// The unhappy ones, to follow up.
	unhappy, err := a.store.Unhappy(ctx, c.ID, date)
	if err != nil {
		return d, err
	}
	labels := reasonLabels(c, l)
	for _, x := range unhappy {
		var rs []string
		for _, code := range x.Reasons {
			if t, ok := labels[code]; ok {
				code = t
			}
			rs = append(rs, code)
		}
		name := x.OfficerID
		if n, ok := names[x.OfficerID]; ok {
			name = n
		}
		row := unhappyRow{Time: x.CreatedAt.In(loc).Format("15:04"), Counter: x.CounterID, Officer: name,
			Reasons: strings.Join(rs, "; "), Ticket: x.Ticket, Filtered: x.FilterReason != ""}
		// Dossier codes: only administrators and the centre's managers
		// reach this page (day checks mayShowCentre).
		row.Dossier = x.DossierCode
		d.Unhappy = append(d.Unhappy, row)
	}
	return d, nil
}

// groupRows turns counts per group into rows, ranked when rank is set
// (officers) and only where n reaches score.MinRankN, with the response
// rate of the groups that issued invitations (invs).
func groupRows(l Lang, groups map[string]*score.Counts, invs map[string]scoring.InvitationTotals, name func(string) string, rank bool) []groupRow {
	ids := make([]string, 0, len(groups))
	for id := range groups {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var gs []score.Group
	rows := make([]groupRow, len(ids))
	for i, id := range ids {
		c := *groups[id]
		rows[i] = groupRow{ID: id, Name: name(id), N: c.N(), Filtered: c.Filtered,
			RHL: c.VerySatisfied, HL: c.Satisfied, KHL: c.Dissatisfied,
			PRHL: pctText(l, c.Percent(survey.VerySatisfied)), PHL: pctText(l, c.Percent(survey.Satisfied)),
			PKHL: pctText(l, c.Percent(survey.Dissatisfied)), Rate: rateText(l, c.Rate())}
		rows[i].Response, rows[i].ResponseN = responseText(l, invs[id])
		gs = append(gs, score.Group{ID: id, Counts: c})
	}
	if !rank {
		return rows
	}
	for _, s := range score.Rank(gs, score.MinRankN) {
		i := slices.Index(ids, s.ID)
		if i < 0 {
			continue
		}
		rows[i].Ranked, rows[i].Rank = s.Ranked(), rankLabel(l, s)
	}
	return rows
}

// responseText is a response rate and its n in l: ratings given for an
// invitation ÷ invitations issued, as the kiosks counted them (scoring/
// invitations.go). The numerator is the kiosks' count of used invitations,
// not the server's count of invited ratings, so that both halves come from
// the same heartbeat: the rate never passes 100 % while ratings wait in a
// kiosk's backlog, and it counts for the officer who issued the invitation.
// With no invitation: "—" and no n.
func responseText(l Lang, t scoring.InvitationTotals) (rate, n string) {
	p := score.ResponseRate(t.Used, t.Issued)
	if !p.OK() {
		return score.NoFigure, ""
	}
	return pctText(l, p), l.T("score.response_n", chart.Int(t.Issued, l != EN))
}

// reasonLabels maps a centre's reason codes (its own, else the defaults)
// to their text in l.
func reasonLabels(c scoring.Centre, l Lang) map[string]string {
	out := map[string]string{}
	add := func(code, vi, en string) {
		if l == EN {
			out[code] = en
		} else {
			out[code] = vi
		}
	}
	for _, r := range c.Reasons {
		add(r.Code, r.VI, r.EN)
	}
	if len(c.Reasons) == 0 {
		for _, r := range survey.DefaultReasons() {
			add(r.Code, r.VI, r.EN)
		}
	}
	return out
}

// intervalText is a rate's interval in l.
func intervalText(l Lang, r score.Rate) string {
	if l == EN {
		return r.IntervalEN()
	}
	return r.IntervalVI()
}

// dateText writes a day as a reader of l expects it: 03/12/2026 in
// Vietnamese, 3 Dec 2026 in English.
func dateText(l Lang, d scoring.Date) string {
	t := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
	if l == EN {
		return t.Format("2 Jan 2006")
	}
	return t.Format("02/01/2006")
}
