package scoringtest

import (
	"time"

	"hailong/kiosk/survey"
)

// Press is one rating a test wants at a given instant: its level, and
// whether the kiosk filtered it as a repeat press.
type Press struct {
	At     time.Time
	Level  survey.Level
	Repeat bool
}

// Presses returns valid responses of kiosk k for ps, with seqs from, from+1,
// …, chained from prev (survey.GenesisHash when from is 1): Chain's
// responses with the instant, level and filter each press asks for.
func Presses(k Kiosk, from int64, prev string, ps []Press) []survey.Response {
	rs := Chain(k, from, prev, len(ps))
	for i, p := range ps {
		r := &rs[i]
		r.PrevHash = prev
		r.CreatedAt = p.At.Format(survey.TimeLayout)
		r.Level, r.Reasons = p.Level, []string{}
		switch p.Level {
		case survey.Dissatisfied:
			r.RawValue, r.Reasons = 1, []string{"wait"}
		case survey.Satisfied:
			r.RawValue = 2
		default:
			r.RawValue = 3
		}
		r.FilterReason = ""
		if p.Repeat {
			r.FilterReason = survey.FilterRepeat
		}
		r.Hash = r.ComputeHash()
		prev = r.Hash
	}
	return rs
}
