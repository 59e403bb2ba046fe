package screens

import (
	"fyne.io/fyne/v2"
)

// The setup screen's keyboard: letters, digits and the marks of a web
// address (. : / - _), a key for "https://", backspace, clear, and Enrol.
// Every key is at least keyMinW × touchHeight, above SPEC's 90 px at
// 1280×800: thirteen columns in a landscape window, eight in a portrait
// one (800 px wide), where the letters go in alphabetical order since a
// QWERTY row would not fit.

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

// kbLandscape is thirteen columns, QWERTY.
var kbLandscape = [][]kbKey{
	kbRow("1234567890", kbKey{kbBackspace, 1}, kbKey{kbClear, 2}),
	kbRow("qwertyuiop-_:"),
	kbRow("asdfghjkl/.", kbKey{kbHTTPS, 2}),
	kbRow("zxcvbnm", kbKey{kbEnrol, 6}),
}

// kbPortrait is eight columns, alphabetical.
var kbPortrait = [][]kbKey{
	kbRow("12345678"),
	kbRow("90.:/-_", kbKey{kbBackspace, 1}),
	kbRow("abcdefgh"),
	kbRow("ijklmnop"),
	kbRow("qrstuvwx"),
	kbRow("yz", kbKey{kbHTTPS, 2}, kbKey{kbClear, 2}, kbKey{kbEnrol, 2}),
}

// kbArrangement is one way to lay the keys out: cols columns, the number
// of keys in each row, and for each place in reading order the key's
// index among the keyboard's objects and its span.
type kbArrangement struct {
	cols  int
	rows  []int
	order []int
	spans []int
}

func newKBArrangement(rows [][]kbKey, index map[string]int) kbArrangement {
	a := kbArrangement{}
	for _, row := range rows {
		a.rows = append(a.rows, len(row))
		n := 0
		for _, k := range row {
			a.order = append(a.order, index[k.key])
			a.spans = append(a.spans, k.span)
			n += k.span
		}
		a.cols = max(a.cols, n)
	}
	return a
}

// kbLayout lays the keys out in the landscape or the portrait arrangement,
// as the window stands at each layout: a full-screen window takes its
// size after the screen was built, and a screen may be turned.
type kbLayout struct {
	land, port kbArrangement
	portrait   func() bool
}

// newKBLayout returns the layout and the keys in the order of the
// objects it lays out (the landscape reading order).
func newKBLayout(portrait func() bool) (kbLayout, []string) {
	var keys []string
	index := map[string]int{}
	for _, row := range kbLandscape {
		for _, k := range row {
			index[k.key] = len(keys)
			keys = append(keys, k.key)
		}
	}
	return kbLayout{land: newKBArrangement(kbLandscape, index), port: newKBArrangement(kbPortrait, index), portrait: portrait}, keys
}

func (l kbLayout) arrangement() kbArrangement {
	if l.portrait() {
		return l.port
	}
	return l.land
}

func (l kbLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	a := l.arrangement()
	cell := (size.Width - kbGap*float32(a.cols-1)) / float32(a.cols)
	h := (size.Height - kbGap*float32(len(a.rows)-1)) / float32(len(a.rows))
	i := 0
	for r, n := range a.rows {
		x := float32(0)
		for j := 0; j < n; j++ {
			s := float32(a.spans[i])
			w := s*cell + (s-1)*kbGap
			o := objs[a.order[i]]
			o.Resize(fyne.NewSize(w, h))
			o.Move(fyne.NewPos(x, float32(r)*(h+kbGap)))
			x += w + kbGap
			i++
		}
	}
}

func (l kbLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	a := l.arrangement()
	rows := float32(len(a.rows))
	return fyne.NewSize(float32(a.cols)*keyMinW+kbGap*float32(a.cols-1), rows*touchHeight+kbGap*(rows-1))
}

// fieldsLayout puts the two boxes side by side in a landscape window and
// one above the other in a portrait one.
type fieldsLayout struct{ portrait func() bool }

func (l fieldsLayout) grid() gridLayout {
	if l.portrait() {
		return gridLayout{cols: 1, gap: 12}
	}
	return gridLayout{cols: 2, gap: 12}
}

func (l fieldsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) { l.grid().Layout(objs, size) }

func (l fieldsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return l.grid().MinSize(objs) }
