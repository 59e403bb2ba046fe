package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// nbsp joins words that must stay on one line ("hài lòng"): a heading
// breaks only at ordinary spaces.
const nbsp = "\u00a0"

// phraseLabel is a heading that keeps the words joined by nbsp on one line.
// Fyne wraps at every Unicode space, the no-break one included, so the
// label breaks its text itself, at the width it is given, and balances two
// lines ("Mời Ông/Bà đánh giá / mức độ hài lòng", never "… hài / lòng").
type phraseLabel struct {
	widget.Label
	raw string
}

func newPhraseLabel(text string, size fyne.ThemeSizeName) *phraseLabel {
	l := &phraseLabel{raw: text}
	l.Text = strings.ReplaceAll(text, nbsp, " ")
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.SizeName = size
	l.Alignment = fyne.TextAlignCenter
	l.Wrapping = fyne.TextWrapWord
	l.ExtendBaseWidget(l)
	return l
}

// Resize breaks the text for the new width before the label lays it out.
func (l *phraseLabel) Resize(s fyne.Size) {
	th := l.Theme()
	size := th.Size(l.SizeName)
	width := s.Width - 2*th.Size(theme.SizeNameInnerPadding)
	if text := breakPhrases(l.raw, width, func(t string) float32 {
		return fyne.MeasureText(t, size, l.TextStyle).Width
	}); text != l.Text {
		l.Text = text
		l.Label.Refresh()
	}
	l.Label.Resize(s)
}

// breakPhrases breaks text into lines no wider than width at ordinary
// spaces only; two lines are balanced. Words joined by nbsp stay together.
func breakPhrases(text string, width float32, measure func(string) float32) string {
	words := strings.Split(text, " ")
	join := func(ws []string) string { return strings.ReplaceAll(strings.Join(ws, " "), nbsp, " ") }
	if measure(join(words)) <= width {
		return join(words)
	}
	var lines [][]string
	var cur []string
	for _, w := range words {
		if len(cur) > 0 && measure(join(append(cur[:len(cur):len(cur)], w))) > width {
			lines = append(lines, cur)
			cur = nil
		}
		cur = append(cur, w)
	}
	lines = append(lines, cur)
	if len(lines) == 2 {
		best, bestW := -1, float32(0)
		for i := 1; i < len(words); i++ {
			w := max(measure(join(words[:i])), measure(join(words[i:])))
			if w <= width && (best < 0 || w <= bestW) { // a tie: the longer first line
				best, bestW = i, w
			}
		}
		if best > 0 {
			lines = [][]string{words[:best], words[best:]}
		}
	}
	out := make([]string, len(lines))
	for i, ws := range lines {
		out[i] = join(ws)
	}
	return strings.Join(out, "\n")
}
