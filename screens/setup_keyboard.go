package screens

import (
	"fyne.io/fyne/v2"
)

// The setup screen's keyboard: letters, digits and the marks of a web
// address (. : / - _), a key for "https://", backspace, clear, and Enrol.
// Every key is at least keyMinW × touchHeight, above SPEC's 90 px at
// 1280×800: twelve columns in a landscape window, eight in a portrait one
// (800 px wide), where the letters go in alphabetical order since a QWERTY
// row would not fit.

// Keys that are actions rather than characters.
const (
	kbBackspace = "⌫"
	kbClear     = "clear"
	kbHTTPS     = "https://"
	kbEnrol     = "enrol"
)

// keyMinW is a key's minimum width.
const keyMinW = 90

// kbGap is the space between keys.
const kbGap = 6

// kbKey is one key and how many columns it spans.
type kbKey struct {
	key  string
	span int
}

func kbRow(keys string, extra ...kbKey) []kbKey {
	row := make([]kbKey, 0, len(keys)+len(extra))
	for _, r := range keys {
		row = append(row, kbKey{string(r), 1})
	}
	return append(row, extra...)
}

// kbLandscape is twelve columns, QWERTY.
var kbLandscape = [][]kbKey{
	kbRow("1234567890", kbKey{kbBackspace, 1}, kbKey{kbClear, 1}),
	kbRow("qwertyuiop-_"),
	kbRow("asdfghjkl:/."),
	kbRow("zxcvbnm", kbKey{kbHTTPS, 2}, kbKey{kbEnrol, 3}),
}

// kbPortrait is eight columns, alphabetical.
var kbPortrait = [][]kbKey{
	kbRow("12345678"),
	kbRow("90.:/-_", kbKey{kbBackspace, 1}),
	kbRow("abcdefgh"),
	kbRow("ijklmnop"),
	kbRow("qrstuvwx"),
	kbRow("yz", kbKey{kbHTTPS, 2}, kbKey{kbClear, 1}, kbKey{kbEnrol, 3}),
}

// kbLayout places keys in rows of cols columns; spans are the columns of
// each key in order, rows the number of keys in each row.
type kbLayout struct {
	cols  int
	rows  []int
	spans []int
}

func newKBLayout(rows [][]kbKey) kbLayout {
	l := kbLayout{}
	for _, row := range rows {
		l.rows = append(l.rows, len(row))
		n := 0
		for _, k := range row {
			l.spans = append(l.spans, k.span)
			n += k.span
		}
		l.cols = max(l.cols, n)
	}
	return l
}

func (l kbLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	cell := (size.Width - kbGap*float32(l.cols-1)) / float32(l.cols)
	h := (size.Height - kbGap*float32(len(l.rows)-1)) / float32(len(l.rows))
	i := 0
	for r, n := range l.rows {
		x := float32(0)
		for j := 0; j < n && i < len(objs); j++ {
			s := float32(l.spans[i])
			w := s*cell + (s-1)*kbGap
			objs[i].Resize(fyne.NewSize(w, h))
			objs[i].Move(fyne.NewPos(x, float32(r)*(h+kbGap)))
			x += w + kbGap
			i++
		}
	}
}

func (l kbLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	rows := float32(len(l.rows))
	return fyne.NewSize(float32(l.cols)*keyMinW+kbGap*float32(l.cols-1), rows*touchHeight+kbGap*(rows-1))
}
