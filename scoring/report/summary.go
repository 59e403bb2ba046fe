package report

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"hailong/kiosk/score"
	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// Store is what a report reads: the centre and its roster (names beside
// ids), the rollups (the summary) and the raw responses (one row each).
type Store interface {
	Roster(ctx context.Context, centreID string) (scoring.Centre, []scoring.Officer, error)
	RangeRollup(ctx context.Context, q scoring.RollupQuery) (scoring.Rollup, error)
	ExportResponses(ctx context.Context, f scoring.ExportFilter, fn func(scoring.StoredResponse) error) error
}

// Period is a centre and a range of its local days, both included.
type Period struct {
	CentreID string
	From, To scoring.Date
}

// ErrBadPeriod: the period names no centre, or ends before it starts.
var ErrBadPeriod = errors.New("report: bad period")

func (p Period) check() error {
	if p.CentreID == "" || p.From.IsZero() || p.To.IsZero() {
		return fmt.Errorf("%w: a centre and two days are needed", ErrBadPeriod)
	}
	if p.To.Before(p.From) {
		return fmt.Errorf("%w: %s is before %s", ErrBadPeriod, p.To, p.From)
	}
	return nil
}

// Group kinds: the rows of a summary.
const (
	GroupCentre  = "centre"
	GroupCounter = "counter"
	GroupOfficer = "officer"
)

// Group is one row of the summary: a centre, a counter or an officer, and
// its counts over the period (filtered responses beside, in
// Counts.Filtered, never in N or a percentage).
type Group struct {
	Kind     string // GroupCentre, GroupCounter or GroupOfficer
	ID, Name string
	Counts   score.Counts
}

// Summary is the "Tỷ lệ % mức độ hài lòng" table of a centre over a
// period: the centre, then its counters, then its officers.
type Summary struct {
	Period
	Centre   scoring.Centre
	Officers map[string]string // officer id → name, from the roster
	Rows     []Group
}

// BuildSummary computes a centre's summary over p from the rollups (no
// raw response is read). ErrNotFound (scoring's) when there is no such
// centre.
func BuildSummary(ctx context.Context, st Store, p Period) (Summary, error) {
	if err := p.check(); err != nil {
		return Summary{}, err
	}
	c, officers, err := st.Roster(ctx, p.CentreID)
	if err != nil {
		return Summary{}, fmt.Errorf("report summary: %w", err)
	}
	roll, err := st.RangeRollup(ctx, scoring.RollupQuery{CentreIDs: []string{p.CentreID}, From: p.From, To: p.To,
		By: scoring.DimCounter | scoring.DimOfficer | scoring.DimLevel | scoring.DimFilter})
	if err != nil {
		return Summary{}, fmt.Errorf("report summary: %w", err)
	}
	s := Summary{Period: p, Centre: c, Officers: map[string]string{}}
	for _, o := range officers {
		s.Officers[o.ID] = o.Name
	}
	var total score.Counts
	counters, byOfficer := map[string]*score.Counts{}, map[string]*score.Counts{}
	for _, r := range roll.Counts {
		filtered, n := r.FilterReason != "", int(r.N)
		total.AddN(r.Level, filtered, n)
		for key, m := range map[string]map[string]*score.Counts{r.CounterID: counters, r.OfficerID: byOfficer} {
			if m[key] == nil {
				m[key] = &score.Counts{}
			}
			m[key].AddN(r.Level, filtered, n)
		}
	}
	s.Rows = append(s.Rows, Group{Kind: GroupCentre, ID: c.ID, Name: c.Name, Counts: total})
	for _, id := range sortedKeys(counters, counterLess) {
		s.Rows = append(s.Rows, Group{Kind: GroupCounter, ID: id, Name: "Quầy " + id, Counts: *counters[id]})
	}
	for _, id := range sortedKeys(byOfficer, func(a, b string) bool { return a < b }) {
		s.Rows = append(s.Rows, Group{Kind: GroupOfficer, ID: id, Name: s.Officers[id], Counts: *byOfficer[id]})
	}
	return s, nil
}

// counterLess orders counters as people number them: 2 before 10.
func counterLess(a, b string) bool {
	x, errA := strconv.Atoi(a)
	y, errB := strconv.Atoi(b)
	switch {
	case errA == nil && errB == nil && x != y:
		return x < y
	case errA == nil && errB != nil:
		return true
	case errA != nil && errB == nil:
		return false
	}
	return a < b
}

func sortedKeys(m map[string]*score.Counts, less func(a, b string) bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b string) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	})
	return out
}

// groupNames are the words of a summary's first column.
var groupNames = map[string]string{GroupCentre: "Trung tâm", GroupCounter: "Quầy", GroupOfficer: "Cán bộ"}

// SummaryColumns are the summary's columns.
var SummaryColumns = []Column{
	{"Nhóm", "Group", Text, 11},
	{"Mã", "ID", Text, 10},
	{"Tên", "Name", Text, 34},
	{"Số đánh giá (n)", "Ratings (n)", Int, 12},
	{"Rất hài lòng", "Very satisfied", Int, 12},
	{"Rất hài lòng (%)", "Very satisfied (%)", Percent, 12},
	{"Hài lòng", "Satisfied", Int, 12},
	{"Hài lòng (%)", "Satisfied (%)", Percent, 12},
	{"Không hài lòng", "Dissatisfied", Int, 12},
	{"Không hài lòng (%)", "Dissatisfied (%)", Percent, 12},
	{"Tỷ lệ hài lòng (%)", "Satisfaction rate (%)", Percent, 13},
	{"KTC 95 % từ (%)", "95% CI from (%)", Percent, 12},
	{"KTC 95 % đến (%)", "95% CI to (%)", Percent, 12},
	{"Bấm lặp, không tính", "Repeat presses, not counted", Int, 14},
}

// Values is the group's row, in the order of SummaryColumns: figures
// from package score, percentages to one decimal as computed.
func (g Group) Values() []any {
	c := g.Counts
	r := c.Rate()
	name := g.Name
	if name == "" {
		name = g.ID // an officer no longer on the roster
	}
	return []any{groupNames[g.Kind], g.ID, name, c.N(),
		c.VerySatisfied, c.Percent(survey.VerySatisfied),
		c.Satisfied, c.Percent(survey.Satisfied),
		c.Dissatisfied, c.Percent(survey.Dissatisfied),
		r.Value, r.LowerPercent(), r.UpperPercent(), c.Filtered}
}
