package dashboard

import (
	"fmt"
	"strings"

	"hailong/kiosk/score"
	"hailong/kiosk/scoring"
)

// countsOf sums rollup rows into score counts: filtered rows beside,
// never in a rate (SPEC §7).
func countsOf(rows []scoring.CountRow) score.Counts {
	var c score.Counts
	for _, r := range rows {
		c.AddN(r.Level, r.FilterReason != "", int(r.N))
	}
	return c
}

// pctText is a percentage in the page's language.
func pctText(l Lang, p score.Percent) string {
	if l == EN {
		return p.EN()
	}
	return p.VI()
}

// rateText is a rate with its interval in the page's language.
func rateText(l Lang, r score.Rate) string {
	if l == EN {
		return r.EN()
	}
	return r.VI()
}

// pointsChange is the change from before to now in percentage points,
// "+2,1" / "−0,4", or "" when either has no figure.
func pointsChange(l Lang, now, before score.Rate) (text string, down bool) {
	if !now.OK() || !before.OK() {
		return "", false
	}
	d := float64(now.Value.Tenths()-before.Value.Tenths()) / 10
	s := fmt.Sprintf("%+.1f", d)
	if l != EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return strings.Replace(s, "-", "−", 1), d < 0
}
