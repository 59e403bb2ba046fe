package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// table lays out rows of text cells in columns that line up across rows:
// every column is as wide as its widest cell, and the first takes any room
// left over. Cells never wrap, so a table needs its full width and the
// screen tests check that it fits. Rows alternate their background, the
// header is bold, and every column but the first is right-aligned, as
// figures are.
type table struct {
	rows [][]fyne.CanvasObject
	gap  float32
	obj  fyne.CanvasObject
}

// zebra is the background of every other row: dark text keeps well over
// 4.5:1 on it.
var zebra = color.NRGBA{R: 0xEC, G: 0xE9, B: 0xE2, A: 0xFF}

// newTable builds a table from rows of text; the first row is the header.
func newTable(rows [][]string) *table {
	t := &table{gap: 12}
	var objs []fyne.CanvasObject
	for i, row := range rows {
		cells := make([]fyne.CanvasObject, len(row))
		for j, text := range row {
			l := widget.NewLabel(text)
			if j > 0 {
				l.Alignment = fyne.TextAlignTrailing
			}
			if i == 0 {
				l.TextStyle = fyne.TextStyle{Bold: true}
			}
			cells[j] = l
		}
		t.rows = append(t.rows, cells)
		line := container.New(tableRow{t}, cells...)
		bg := canvas.NewRectangle(color.Transparent)
		if i == 0 {
			bg.FillColor = colButton
		} else if i%2 == 0 {
			bg.FillColor = zebra
		}
		objs = append(objs, container.NewStack(bg, line))
	}
	t.obj = container.NewVBox(objs...)
	return t
}

// widths is each column's widest cell.
func (t *table) widths() []float32 {
	var w []float32
	for _, row := range t.rows {
		for j, c := range row {
			if j >= len(w) {
				w = append(w, 0)
			}
			w[j] = max(w[j], c.MinSize().Width)
		}
	}
	return w
}

// tableRow places one row's cells in the table's columns.
type tableRow struct{ t *table }

func (l tableRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := l.t.widths()
	used := l.t.gap * float32(len(w)-1)
	for _, x := range w {
		used += x
	}
	if len(w) > 0 && size.Width > used {
		w[0] += size.Width - used
	}
	x := float32(0)
	for j, o := range objs {
		o.Resize(fyne.NewSize(w[j], size.Height))
		o.Move(fyne.NewPos(x, 0))
		x += w[j] + l.t.gap
	}
}

func (l tableRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := l.t.widths()
	var s fyne.Size
	for _, x := range w {
		s.Width += x
	}
	s.Width += l.t.gap * float32(len(w)-1)
	for _, o := range objs {
		s.Height = max(s.Height, o.MinSize().Height)
	}
	return s
}
