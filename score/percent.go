package score

import (
	"math"
	"strconv"
	"strings"
)

// Percent is a percentage rounded to one decimal, or "no figure" when its
// denominator was zero. The zero value is "no figure".
//
// Rounding is half away from zero on the decimal value: 1/16 = 6.25 %
// shows as 6.3 %, 1/8 = 12.5 % as 12.5 %. PercentOf computes it exactly
// in integers, so no binary floating-point error can move a value across
// a rounding boundary. Percentages of the three levels are each rounded
// as computed and never adjusted to sum to 100 (SPEC §7): 1/3 each shows
// as 33.3 % three times.
type Percent struct {
	tenths int64 // the percentage × 10, rounded
	ok     bool
}

// PercentOf returns part ÷ whole × 100 rounded to one decimal; a whole of
// zero or less gives "no figure". part must not be negative.
func PercentOf(part, whole int) Percent {
	if whole <= 0 || part < 0 {
		return Percent{}
	}
	// tenths = round(part × 1000 / whole), half up, in integers:
	// floor((2 × 1000 × part + whole) / (2 × whole)).
	p, w := int64(part), int64(whole)
	return Percent{tenths: (2000*p + w) / (2 * w), ok: true}
}

// percentFromFloat rounds a percentage held as a float (an interval
// bound) half away from zero to one decimal.
func percentFromFloat(x float64) Percent {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return Percent{}
	}
	return Percent{tenths: int64(math.Round(x * 10)), ok: true}
}

// OK reports whether there is a figure (the denominator was not zero).
func (p Percent) OK() bool { return p.ok }

// Tenths is the percentage × 10 (933 for 93.3 %); 0 when there is no
// figure.
func (p Percent) Tenths() int64 { return p.tenths }

// Value is the rounded percentage (93.3); 0 when there is no figure.
func (p Percent) Value() float64 { return float64(p.tenths) / 10 }

// NoFigure is what a percentage without a denominator shows.
const NoFigure = "—"

// number writes the rounded value with one decimal and the given
// decimal separator.
func (p Percent) number(sep string) string {
	t := p.tenths
	sign := ""
	if t < 0 {
		sign, t = "-", -t
	}
	return sign + strconv.FormatInt(t/10, 10) + sep + strconv.FormatInt(t%10, 10)
}

// VI formats the percentage the Vietnamese way, with a decimal comma and a
// space before the sign: "93,3 %". No figure gives NoFigure.
func (p Percent) VI() string {
	if !p.ok {
		return NoFigure
	}
	return p.number(",") + " %"
}

// EN formats the percentage the English way: "93.3%". No figure gives
// NoFigure.
func (p Percent) EN() string {
	if !p.ok {
		return NoFigure
	}
	return p.number(".") + "%"
}

// String is the English form.
func (p Percent) String() string { return p.EN() }

// rangeVI and rangeEN format an interval "54,8–93,0 %" and "54.8–93.0%".
func rangeVI(lo, hi Percent) string {
	return strings.TrimSuffix(lo.VI(), " %") + "–" + hi.VI()
}

func rangeEN(lo, hi Percent) string {
	return strings.TrimSuffix(lo.EN(), "%") + "–" + hi.EN()
}

// ResponseRate is responses ÷ invitations × 100 (invite mode, SPEC §7):
// how many of the ratings officers asked for were given. With no
// invitation there is no figure.
func ResponseRate(responses, invitations int) Percent {
	return PercentOf(responses, invitations)
}
