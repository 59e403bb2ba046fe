package score

import "sort"

// ReasonCount is how many responses gave one reason.
type ReasonCount struct {
	Code  string
	Count int
}

// ReasonsByCount lists the reasons by count, most given first, then by
// code; reasons given zero times are left out.
func ReasonsByCount(counts map[string]int) []ReasonCount {
	out := make([]ReasonCount, 0, len(counts))
	for code, n := range counts {
		if n > 0 {
			out = append(out, ReasonCount{Code: code, Count: n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Code < out[j].Code
	})
	return out
}
