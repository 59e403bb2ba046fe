package score

import (
	"sort"

	"hailong/kiosk/survey"
)

// Tally gathers a set of responses (a kiosk's day, a counter's range) into
// the counts every figure is computed from: all together, per officer, and
// the reasons. Reasons of filtered responses are not counted, as filtered
// responses count nowhere but in Filtered. The zero value is ready to use.
type Tally struct {
	All      Counts
	Officers map[string]Counts
	Reasons  map[string]int
}

// AddN adds n responses of officer at level l. It reports false, and adds
// nothing, when Counts.AddN would.
func (t *Tally) AddN(officer string, l survey.Level, filtered bool, n int) bool {
	c := t.Officers[officer]
	if !c.AddN(l, filtered, n) {
		return false
	}
	if t.Officers == nil {
		t.Officers = map[string]Counts{}
	}
	t.Officers[officer] = c
	t.All.AddN(l, filtered, n)
	return true
}

// AddReason counts n unfiltered responses that gave the reason code.
func (t *Tally) AddReason(code string, n int) {
	if n <= 0 {
		return
	}
	if t.Reasons == nil {
		t.Reasons = map[string]int{}
	}
	t.Reasons[code] += n
}

// Add counts one response: its level for its officer, and its reasons
// unless it is filtered.
func (t *Tally) Add(r survey.Response) bool {
	filtered := r.FilterReason != ""
	if !t.AddN(r.OfficerID, r.Level, filtered, 1) {
		return false
	}
	if !filtered {
		for _, code := range r.Reasons {
			t.AddReason(code, 1)
		}
	}
	return true
}

// Groups lists the officers as groups to rank, by id.
func (t *Tally) Groups() []Group {
	out := make([]Group, 0, len(t.Officers))
	for id, c := range t.Officers {
		out = append(out, Group{ID: id, Counts: c})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
