package score

import "math"

// Z95 is the standard normal quantile for a two-sided 95% interval,
// Φ⁻¹(0.975).
const Z95 = 1.959963984540054

// Wilson returns the Wilson score interval for k successes in n trials at
// z = Z95, in percent, clamped to [0, 100]. ok is false when n ≤ 0 (no
// figure, never NaN) or k is outside 0..n.
//
// lower, upper = (p + z²/2n ∓ z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n), p = k/n
// (Wilson 1927; Newcombe 1998, method 3). Unlike p ± z·√(p(1−p)/n) it
// stays inside [0, 100] and does not collapse to a point at k = 0 or
// k = n, which is what small counters and officers mostly have.
func Wilson(k, n int) (lower, upper float64, ok bool) {
	if n <= 0 || k < 0 || k > n {
		return 0, 0, false
	}
	nf := float64(n)
	p := float64(k) / nf
	z2 := Z95 * Z95
	den := 1 + z2/nf
	centre := p + z2/(2*nf)
	half := Z95 * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lower = (centre - half) / den * 100
	upper = (centre + half) / den * 100
	// Rounding may leave lower a hair below 0 at k = 0 (or above p); the
	// interval always contains the point estimate and stays in [0, 100].
	pp := p * 100
	lower = math.Max(0, math.Min(lower, pp))
	upper = math.Min(100, math.Max(upper, pp))
	return lower, upper, true
}

// Rate is a satisfaction rate, (RHL + HL) ÷ n × 100, with its Wilson 95%
// interval. With n = 0 there is no figure: OK is false and every
// formatted form says NoFigure.
type Rate struct {
	Satisfied int     // RHL + HL
	N         int     // responses that count (never the filtered ones)
	Value     Percent // rounded to one decimal as computed
	Lower     float64 // Wilson 95% lower bound, percent, unrounded
	Upper     float64 // Wilson 95% upper bound, percent, unrounded
}

// SatisfactionRate computes the rate of a group; filtered responses play
// no part.
func SatisfactionRate(c Counts) Rate {
	k, n := c.VerySatisfied+c.Satisfied, c.N()
	r := Rate{Satisfied: k, N: n, Value: PercentOf(k, n)}
	r.Lower, r.Upper, _ = Wilson(k, n)
	return r
}

// OK reports whether there is a figure (n > 0).
func (r Rate) OK() bool { return r.N > 0 }

// LowerPercent and UpperPercent are the bounds rounded to one decimal,
// half away from zero.
func (r Rate) LowerPercent() Percent {
	if !r.OK() {
		return Percent{}
	}
	return percentFromFloat(r.Lower)
}

// UpperPercent: see LowerPercent.
func (r Rate) UpperPercent() Percent {
	if !r.OK() {
		return Percent{}
	}
	return percentFromFloat(r.Upper)
}

// IntervalVI is "54,8–93,0 %"; IntervalEN "54.8–93.0%".
func (r Rate) IntervalVI() string {
	if !r.OK() {
		return NoFigure
	}
	return rangeVI(r.LowerPercent(), r.UpperPercent())
}

// IntervalEN: see IntervalVI.
func (r Rate) IntervalEN() string {
	if !r.OK() {
		return NoFigure
	}
	return rangeEN(r.LowerPercent(), r.UpperPercent())
}

// VI is the rate with its interval, "80,0 % (KTC 95 %: 54,8–93,0 %)"
// (khoảng tin cậy, confidence interval).
func (r Rate) VI() string {
	if !r.OK() {
		return NoFigure
	}
	return r.Value.VI() + " (KTC 95 %: " + r.IntervalVI() + ")"
}

// EN is "80.0% (95% CI 54.8–93.0%)".
func (r Rate) EN() string {
	if !r.OK() {
		return NoFigure
	}
	return r.Value.EN() + " (95% CI " + r.IntervalEN() + ")"
}
