package chart

import "fmt"

// nasty is a label with every character that must be escaped.
const nasty = `Nguyễn <Văn> "A" & 'B'`

func hours() []string {
	var h []string
	for i := 7; i <= 17; i++ {
		h = append(h, fmt.Sprintf("%02d", i))
	}
	return h
}

// levels returns three level series over k categories, with a
// deterministic pattern and some zero values.
func levels(k int) []Series {
	rhl, hl, khl := make([]int, k), make([]int, k), make([]int, k)
	for i := range k {
		rhl[i] = (i*7 + 3) % 11
		hl[i] = (i*5 + 1) % 6
		khl[i] = (i * 3) % 4
	}
	return []Series{
		{Name: "Rất hài lòng", Style: StyleVerySatisfied, Values: rhl},
		{Name: "Hài lòng", Style: StyleSatisfied, Values: hl},
		{Name: "Không hài lòng", Style: StyleDissatisfied, Values: khl},
	}
}

func days(k int) []string {
	var d []string
	for i := range k {
		d = append(d, fmt.Sprintf("%02d/%02d", i%28+1, i/28+1))
	}
	return d
}

// ratePoints returns k daily points; every gap-th day has n = 0.
func ratePoints(k, gap int) []RatePoint {
	var p []RatePoint
	for i := range k {
		if gap > 0 && i%gap == gap-1 {
			p = append(p, RatePoint{Label: days(k)[i]})
			continue
		}
		r := 70 + float64((i*13)%25)
		p = append(p, RatePoint{Label: days(k)[i], N: 20 + i%40, Rate: r, Lo: r - 12, Hi: min(r+9, 100)})
	}
	return p
}
