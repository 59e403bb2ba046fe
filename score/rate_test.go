package score

import (
	"math"
	"testing"
)

// wilsonRefs are Wilson score 95% intervals, in percent, computed
// independently of this package: with Python's decimal module at 50
// significant digits from the closed form
//
//	(p + z²/2n ∓ z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n), z = 1.959963984540054
//
// and, where marked, checked against the published values of Newcombe
// (1998), "Two-sided confidence intervals for the single proportion:
// comparison of seven methods", Statistics in Medicine 17:857–872, Table I,
// method 3 (score interval without continuity correction), which are given
// to four decimals of a proportion.
var wilsonRefs = []struct {
	k, n         int
	lower, upper float64
	newcombe     string
}{
	{8, 10, 49.016247, 94.331785, ""}, // 49.0–94.3 %
	{50, 100, 40.383153, 59.616847, ""},
	{0, 10, 0, 27.753280, ""},
	{10, 10, 72.246720, 100, ""},
	{1, 1, 20.654931, 100, ""},
	{0, 1, 0, 79.345069, ""},
	{1, 2, 9.453121, 90.546879, ""},
	{14, 15, 70.183470, 98.813310, ""},
	{29, 30, 83.329609, 99.409141, ""},
	{81, 263, 25.528852, 36.620958, "0.2553–0.3662"},
	{15, 148, 6.238640, 16.048724, "0.0624–0.1605"},
	{0, 20, 0, 16.112516, "0.0000–0.1611"},
	{1, 29, 0.611321, 17.175522, "0.0061–0.1718"},
}

func TestWilsonReferenceTable(t *testing.T) {
	for _, ref := range wilsonRefs {
		lo, hi, ok := Wilson(ref.k, ref.n)
		if !ok || math.Abs(lo-ref.lower) > 1e-6 || math.Abs(hi-ref.upper) > 1e-6 {
			t.Errorf("Wilson(%d, %d) = %.6f–%.6f ok %v, want %.6f–%.6f", ref.k, ref.n, lo, hi, ok, ref.lower, ref.upper)
		}
	}
}

func TestWilsonNoFigure(t *testing.T) {
	for _, c := range [][2]int{{0, 0}, {1, 0}, {-1, 5}, {6, 5}, {0, -3}} {
		lo, hi, ok := Wilson(c[0], c[1])
		if ok || lo != 0 || hi != 0 {
			t.Errorf("Wilson(%d, %d) = %v, %v, %v; want no figure", c[0], c[1], lo, hi, ok)
		}
	}
}

func TestSatisfactionRate(t *testing.T) {
	tests := []struct {
		c      Counts
		vi, en string
	}{
		{Counts{}, "—", "—"},
		{Counts{Filtered: 9}, "—", "—"}, // only repeat presses: still no figure
		{Counts{VerySatisfied: 5, Satisfied: 3, Dissatisfied: 2}, "80,0 % (KTC 95 %: 49,0–94,3 %)", "80.0% (95% CI 49.0–94.3%)"},
		{Counts{VerySatisfied: 30, Satisfied: 20, Dissatisfied: 50}, "50,0 % (KTC 95 %: 40,4–59,6 %)", "50.0% (95% CI 40.4–59.6%)"},
		{Counts{Dissatisfied: 10}, "0,0 % (KTC 95 %: 0,0–27,8 %)", "0.0% (95% CI 0.0–27.8%)"},
		{Counts{Satisfied: 10}, "100,0 % (KTC 95 %: 72,2–100,0 %)", "100.0% (95% CI 72.2–100.0%)"},
		{Counts{VerySatisfied: 1}, "100,0 % (KTC 95 %: 20,7–100,0 %)", "100.0% (95% CI 20.7–100.0%)"}, // n = 1
		{Counts{Dissatisfied: 1}, "0,0 % (KTC 95 %: 0,0–79,3 %)", "0.0% (95% CI 0.0–79.3%)"},
	}
	for _, tt := range tests {
		r := tt.c.Rate()
		if r.VI() != tt.vi || r.EN() != tt.en {
			t.Errorf("%+v: rate %q / %q, want %q / %q", tt.c, r.VI(), r.EN(), tt.vi, tt.en)
		}
		if r.OK() != (tt.c.N() > 0) || math.IsNaN(r.Lower) || math.IsNaN(r.Upper) {
			t.Errorf("%+v: rate %+v", tt.c, r)
		}
	}
	if r := (Counts{}).Rate(); r.IntervalVI() != NoFigure || r.IntervalEN() != NoFigure || r.LowerPercent().OK() || r.UpperPercent().OK() {
		t.Errorf("n = 0 interval %q %q", r.IntervalVI(), r.IntervalEN())
	}
}

// TestFilteredNeverChangesARate: adding repeat presses of any level to a
// group changes its Filtered count and nothing else.
func TestFilteredNeverChangesARate(t *testing.T) {
	base := Counts{VerySatisfied: 7, Satisfied: 2, Dissatisfied: 3}
	want := base.Rate()
	for _, l := range levels {
		c := base
		for i := 0; i < 50; i++ {
			if !c.AddN(l, true, 1) {
				t.Fatal("AddN refused a filtered response")
			}
		}
		if c.Rate() != want || c.N() != base.N() || c.Filtered != 50 {
			t.Fatalf("50 filtered %s responses changed the figures: %+v → %+v", l, want, c.Rate())
		}
		for _, m := range levels {
			if c.Percent(m) != base.Percent(m) {
				t.Fatalf("filtered responses changed %%%s", m)
			}
		}
	}
}

// checkRate is the property every rate has: 0 ≤ lower ≤ rate ≤ upper ≤ 100,
// rounded bounds bracketing the rounded rate, and no NaN.
func checkRate(t *testing.T, k, n int) {
	t.Helper()
	c := Counts{VerySatisfied: k, Dissatisfied: n - k}
	r := c.Rate()
	if n == 0 {
		if r.OK() {
			t.Fatalf("n = 0 has a figure")
		}
		return
	}
	exact := float64(k) / float64(n) * 100
	if !(0 <= r.Lower && r.Lower <= exact && exact <= r.Upper && r.Upper <= 100) {
		t.Fatalf("k=%d n=%d: %v ≤ %v ≤ %v does not hold in [0, 100]", k, n, r.Lower, exact, r.Upper)
	}
	lo, hi := r.LowerPercent().Tenths(), r.UpperPercent().Tenths()
	if !(0 <= lo && lo <= r.Value.Tenths() && r.Value.Tenths() <= hi && hi <= 1000) {
		t.Fatalf("k=%d n=%d: rounded %d ≤ %d ≤ %d does not hold", k, n, lo, r.Value.Tenths(), hi)
	}
	if k > 0 && k < n && !(r.Lower > 0 && r.Upper < 100) {
		t.Fatalf("k=%d n=%d: interval %v–%v touches a bound", k, n, r.Lower, r.Upper)
	}
}

func TestRateBoundsExhaustive(t *testing.T) {
	for n := 0; n <= 400; n++ {
		for k := 0; k <= n; k++ {
			checkRate(t, k, n)
		}
	}
}

func FuzzRateBounds(f *testing.F) {
	for _, ref := range wilsonRefs {
		f.Add(uint32(ref.k), uint32(ref.n))
	}
	f.Add(uint32(0), uint32(0))
	f.Add(uint32(1<<31), uint32(1<<31))
	f.Fuzz(func(t *testing.T, k, n uint32) {
		nn := int(n % (1 << 31))
		if nn == 0 {
			checkRate(t, 0, 0)
			return
		}
		checkRate(t, int(k)%(nn+1), nn)
	})
}
