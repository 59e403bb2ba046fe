package score

import (
	"fmt"
	"sort"
)

// MinRankN is the default threshold of SPEC §7: a group (an officer, a
// counter) is ranked only with at least this many responses; below it the
// figure shows with its n and no rank.
const MinRankN = 30

// Group is one thing to rank: an officer, a counter, a centre.
type Group struct {
	ID     string
	Counts Counts
}

// Standing is a group's place in a ranking. Rank is 1 for the best and 0
// when the group has too few responses to be ranked.
type Standing struct {
	ID     string
	Counts Counts
	Rate   Rate
	Rank   int
}

// Ranked reports whether the group has a rank.
func (s Standing) Ranked() bool { return s.Rank > 0 }

// LabelVI is "hạng 2", or "chưa đủ số liệu, n = 7" below the threshold.
func (s Standing) LabelVI() string {
	if !s.Ranked() {
		return fmt.Sprintf("chưa đủ số liệu, n = %d", s.Counts.N())
	}
	return fmt.Sprintf("hạng %d", s.Rank)
}

// LabelEN is "rank 2", or "not enough data, n = 7" below the threshold.
func (s Standing) LabelEN() string {
	if !s.Ranked() {
		return fmt.Sprintf("not enough data, n = %d", s.Counts.N())
	}
	return fmt.Sprintf("rank %d", s.Rank)
}

// Rank ranks the groups with n ≥ minN (MinRankN when minN < 1) by
// satisfaction rate, best first. Rates are compared exactly (k₁·n₂ against
// k₂·n₁), not as rounded percentages. Equal rates are ordered by n, larger
// first (the figure rests on more evidence), then by id so that the order
// is deterministic. Groups with the same rate and the same n share a rank
// (1, 2, 2, 4). The unranked groups follow, by n (larger first) then id,
// with Rank 0. The input is not modified.
func Rank(groups []Group, minN int) []Standing {
	if minN < 1 {
		minN = MinRankN
	}
	out := make([]Standing, len(groups))
	for i, g := range groups {
		out[i] = Standing{ID: g.ID, Counts: g.Counts, Rate: SatisfactionRate(g.Counts)}
	}
	eligible := func(s Standing) bool { return s.Rate.N >= minN }
	// cmpRate is -1 when a's rate is higher than b's, +1 when lower.
	cmpRate := func(a, b Standing) int {
		x := int64(a.Rate.Satisfied) * int64(b.Rate.N)
		y := int64(b.Rate.Satisfied) * int64(a.Rate.N)
		switch {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ea, eb := eligible(a), eligible(b); ea != eb {
			return ea
		}
		if eligible(a) {
			if c := cmpRate(a, b); c != 0 {
				return c < 0
			}
		}
		if a.Rate.N != b.Rate.N {
			return a.Rate.N > b.Rate.N
		}
		return a.ID < b.ID
	})
	for i := range out {
		if !eligible(out[i]) {
			break
		}
		out[i].Rank = i + 1
		if i > 0 && cmpRate(out[i-1], out[i]) == 0 && out[i-1].Rate.N == out[i].Rate.N {
			out[i].Rank = out[i-1].Rank
		}
	}
	return out
}
