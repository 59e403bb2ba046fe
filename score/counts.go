package score

import "hailong/kiosk/survey"

// Counts are a group's responses per legal level, over the responses
// without a filter_reason, and, kept beside them and never part of N or of
// any percentage, the count of filtered responses (repeat presses).
type Counts struct {
	VerySatisfied int // Rất hài lòng (RHL)
	Satisfied     int // Hài lòng (HL)
	Dissatisfied  int // Không hài lòng (KHL)
	Filtered      int // stored with a filter_reason; excluded from every figure
}

// N is the number of responses that count: every level, no filtered one.
func (c Counts) N() int { return c.VerySatisfied + c.Satisfied + c.Dissatisfied }

// Of is the count of one level; 0 for an unknown level.
func (c Counts) Of(l survey.Level) int {
	switch l {
	case survey.VerySatisfied:
		return c.VerySatisfied
	case survey.Satisfied:
		return c.Satisfied
	case survey.Dissatisfied:
		return c.Dissatisfied
	}
	return 0
}

// Percent is the level's count ÷ N × 100, one decimal as computed.
func (c Counts) Percent(l survey.Level) Percent { return PercentOf(c.Of(l), c.N()) }

// AddN adds n responses of level l; filtered ones go to Filtered only,
// whatever their level. It reports false, and adds nothing, for an
// unknown level of an unfiltered response or a negative n.
func (c *Counts) AddN(l survey.Level, filtered bool, n int) bool {
	if n < 0 {
		return false
	}
	if filtered {
		c.Filtered += n
		return true
	}
	switch l {
	case survey.VerySatisfied:
		c.VerySatisfied += n
	case survey.Satisfied:
		c.Satisfied += n
	case survey.Dissatisfied:
		c.Dissatisfied += n
	default:
		return false
	}
	return true
}

// Add counts one response by its level and filter_reason.
func (c *Counts) Add(r survey.Response) bool {
	return c.AddN(r.Level, r.FilterReason != "", 1)
}

// Plus is the sum of two groups' counts.
func (c Counts) Plus(o Counts) Counts {
	return Counts{
		VerySatisfied: c.VerySatisfied + o.VerySatisfied,
		Satisfied:     c.Satisfied + o.Satisfied,
		Dissatisfied:  c.Dissatisfied + o.Dissatisfied,
		Filtered:      c.Filtered + o.Filtered,
	}
}

// Rate is the group's satisfaction rate with its interval.
func (c Counts) Rate() Rate { return SatisfactionRate(c) }
