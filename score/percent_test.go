package score

import "testing"

func TestPercentOf(t *testing.T) {
	tests := []struct {
		part, whole int
		tenths      int64
		ok          bool
		vi, en      string
	}{
		{0, 0, 0, false, "—", "—"}, // n = 0: no figure, not NaN
		{3, 0, 0, false, "—", "—"},
		{1, -1, 0, false, "—", "—"},
		{-1, 5, 0, false, "—", "—"},
		{0, 1, 0, true, "0,0 %", "0.0%"},
		{1, 1, 1000, true, "100,0 %", "100.0%"},
		{14, 15, 933, true, "93,3 %", "93.3%"}, // 93.333…
		{1, 3, 333, true, "33,3 %", "33.3%"},
		{2, 3, 667, true, "66,7 %", "66.7%"},  // 66.666… rounds up
		{1, 8, 125, true, "12,5 %", "12.5%"},  // exact, nothing to round
		{1, 16, 63, true, "6,3 %", "6.3%"},    // 6.25: half away from zero
		{3, 16, 188, true, "18,8 %", "18.8%"}, // 18.75
		{1, 32, 31, true, "3,1 %", "3.1%"},    // 3.125 is below the half
		{1, 2000, 1, true, "0,1 %", "0.1%"},   // 0.05: half away from zero
		{1, 2001, 0, true, "0,0 %", "0.0%"},   // 0.04997…
		{7, 7000, 1, true, "0,1 %", "0.1%"},
		{2, 1, 2000, true, "200,0 %", "200.0%"},
		{1 << 40 / 3, 1 << 40, 333, true, "33,3 %", "33.3%"},
	}
	for _, tt := range tests {
		p := PercentOf(tt.part, tt.whole)
		if p.Tenths() != tt.tenths || p.OK() != tt.ok || p.VI() != tt.vi || p.EN() != tt.en {
			t.Errorf("PercentOf(%d, %d) = %d tenths ok %v %q %q; want %d %v %q %q",
				tt.part, tt.whole, p.Tenths(), p.OK(), p.VI(), p.EN(), tt.tenths, tt.ok, tt.vi, tt.en)
		}
		if p.String() != p.EN() || p.Value() != float64(tt.tenths)/10 {
			t.Errorf("PercentOf(%d, %d): String %q Value %v", tt.part, tt.whole, p.String(), p.Value())
		}
	}
}

// TestPercentsAreNotForcedTo100: three equal levels each show 33.3 %,
// summing to 99.9, as computed (SPEC §7).
func TestPercentsAreNotForcedTo100(t *testing.T) {
	c := Counts{VerySatisfied: 1, Satisfied: 1, Dissatisfied: 1}
	var sum int64
	for _, l := range levels {
		sum += c.Percent(l).Tenths()
	}
	if sum != 999 {
		t.Fatalf("sum of rounded percentages %d tenths, want 999", sum)
	}
	c = Counts{VerySatisfied: 1, Satisfied: 1, Dissatisfied: 4} // 16.7 + 16.7 + 66.7
	sum = 0
	for _, l := range levels {
		sum += c.Percent(l).Tenths()
	}
	if sum != 1001 {
		t.Fatalf("sum of rounded percentages %d tenths, want 1001", sum)
	}
}

func TestPercentFromFloat(t *testing.T) {
	tests := []struct {
		x  float64
		vi string
	}{
		{49.016247, "49,0 %"},
		{94.331785, "94,3 %"},
		{0.05, "0,1 %"}, // math.Round is half away from zero
		{99.95, "100,0 %"},
		{-0.04, "0,0 %"}, // -0.0 shows without a sign
		{-1.25, "-1,3 %"},
	}
	for _, tt := range tests {
		if got := percentFromFloat(tt.x).VI(); got != tt.vi {
			t.Errorf("percentFromFloat(%v) = %q, want %q", tt.x, got, tt.vi)
		}
	}
}

func TestResponseRate(t *testing.T) {
	tests := []struct {
		responses, invitations int
		en                     string
	}{
		{0, 0, "—"}, // no invitation: undefined
		{5, 0, "—"},
		{0, 4, "0.0%"},
		{3, 4, "75.0%"},
		{20, 30, "66.7%"},
		{30, 30, "100.0%"},
	}
	for _, tt := range tests {
		r := ResponseRate(tt.responses, tt.invitations)
		if r.EN() != tt.en || r.OK() != (tt.invitations > 0) {
			t.Errorf("ResponseRate(%d, %d) = %q ok %v, want %q", tt.responses, tt.invitations, r.EN(), r.OK(), tt.en)
		}
	}
}
