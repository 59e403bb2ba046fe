package screens

import (
	"fyne.io/fyne/v2"
)

// minSizeLayout gives its children at least min and the whole cell.
type minSizeLayout struct{ min fyne.Size }

func (l minSizeLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (l minSizeLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	min := l.min
	for _, o := range objs {
		min = min.Max(o.MinSize())
	}
	return min
}

// tilesLayout puts the rating tiles in a row when the window is landscape
// and in a column when it is portrait, in both cases in the order digit keys
// 1..N pick them. It asks the window at every layout, so turning the screen
// re-arranges the tiles.
type tilesLayout struct {
	gap      float32
	portrait func() bool
}

func (l tilesLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	n := float32(len(objs))
	if n == 0 {
		return
	}
	if !l.portrait() {
		w := (size.Width - l.gap*(n-1)) / n
		for i, o := range objs {
			o.Resize(fyne.NewSize(w, size.Height))
			o.Move(fyne.NewPos(float32(i)*(w+l.gap), 0))
		}
		return
	}
	h := (size.Height - l.gap*(n-1)) / n
	for i, o := range objs {
		o.Resize(fyne.NewSize(size.Width, h))
		o.Move(fyne.NewPos(0, float32(i)*(h+l.gap)))
	}
}

func (l tilesLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	n := float32(len(objs))
	if l.portrait() {
		return fyne.NewSize(160, touchHeight*n+l.gap*(n-1))
	}
	return fyne.NewSize(160*n+l.gap*(n-1), touchHeight)
}

// gridLayout is a grid of equal cells with cols columns, rows as needed.
type gridLayout struct {
	cols int
	gap  float32
}

func (l gridLayout) rows(n int) int { return (n + l.cols - 1) / l.cols }

func (l gridLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	rows := l.rows(len(objs))
	if rows == 0 {
		return
	}
	w := (size.Width - l.gap*float32(l.cols-1)) / float32(l.cols)
	h := (size.Height - l.gap*float32(rows-1)) / float32(rows)
	for i, o := range objs {
		r, c := i/l.cols, i%l.cols
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos(float32(c)*(w+l.gap), float32(r)*(h+l.gap)))
	}
}

func (l gridLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var cell fyne.Size
	for _, o := range objs {
		cell = cell.Max(o.MinSize())
	}
	rows := float32(l.rows(len(objs)))
	cols := float32(l.cols)
	return fyne.NewSize(cell.Width*cols+l.gap*(cols-1), cell.Height*rows+l.gap*(rows-1))
}

// vCentre gives its children the full width and centres them vertically at
// their minimum height, so wrapped text wraps at the real width.
type vCentre struct{}

func (vCentre) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(size.Width, h))
		o.Move(fyne.NewPos(0, (size.Height-h)/2))
	}
}

func (vCentre) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var min fyne.Size
	for _, o := range objs {
		min = min.Max(o.MinSize())
	}
	return min
}
