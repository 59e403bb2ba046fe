package chart

import "unicode/utf8"

// niceScale returns the top of a count axis and its tick step: the
// smallest 1, 2 or 5 × 10^k step that covers max in at most five ticks. An
// all-zero chart still gets an axis from 0 to 1.
func niceScale(max int) (top, step int) {
	if max <= 0 {
		return 1, 1
	}
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			step = m * mag
			top = (max + step - 1) / step * step
			if top/step <= 5 {
				return top, step
			}
		}
	}
}

// labelEvery returns k such that labelling every k-th of n slots keeps
// labels at least minGap units apart on a width of w.
func labelEvery(n int, w, minGap float64) int {
	if n == 0 {
		return 1
	}
	slot := w / float64(n)
	k := 1
	for slot*float64(k) < minGap {
		k++
	}
	return k
}

// labelGap returns the room an axis label needs: its longest label at the
// charts' font, plus a gap.
func labelGap(labels []string) float64 {
	longest := 0
	for _, l := range labels {
		longest = maxInt(longest, utf8.RuneCountInString(l))
	}
	return float64(longest)*charWidth + 8
}
