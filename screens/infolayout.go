package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// infoLayout lays out label/value pairs, the technician screen's rows:
// labels on the left and values on the right in landscape, each label
// above its value in portrait, where a narrow value column would break
// values inside words. Labels and values wrap at word boundaries within
// their column; their height depends on the width, so the layout keeps the
// width it last had (at first the window's) to answer MinSize.
type infoLayout struct {
	width   float32
	stacked bool
}

const infoGap = 4

func newInfoLayout(width float32, portrait bool) *infoLayout {
	return &infoLayout{width: width, stacked: portrait}
}

// columns returns the label and value widths for a width.
func (l *infoLayout) columns(w float32) (label, value float32) {
	if l.stacked {
		return w, w - infoGap*6
	}
	label = w * 0.38
	return label, w - label - infoGap*4
}

// place sizes the pairs for width w and, when move is set, positions them;
// it returns the height they take.
func (l *infoLayout) place(objs []fyne.CanvasObject, w float32, move bool) float32 {
	lw, vw := l.columns(w)
	fit := func(o fyne.CanvasObject, width float32) float32 {
		o.Resize(fyne.NewSize(width, o.Size().Height))
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(width, h))
		return h
	}
	var y float32
	for i := 0; i+1 < len(objs); i += 2 {
		lab, val := objs[i], objs[i+1]
		lh, vh := fit(lab, lw), fit(val, vw)
		if l.stacked {
			// the value tucks under its label: a label's own padding above
			// and below would otherwise leave a gap as high as a line
			tuck := theme.InnerPadding()
			if move {
				lab.Move(fyne.NewPos(0, y))
				val.Move(fyne.NewPos(w-vw, y+lh-tuck))
			}
			y += lh + vh - tuck + infoGap
			continue
		}
		if move {
			lab.Move(fyne.NewPos(0, y))
			val.Move(fyne.NewPos(w-vw, y))
		}
		y += max(lh, vh) + infoGap
	}
	return y
}

// Layout places the rows for size's width.
func (l *infoLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	l.place(objs, size.Width, true)
}

// MinSize is the rows' height at the last width; no width of its own, so
// the screen never asks for more than the window.
func (l *infoLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(0, l.place(objs, l.width, false))
}

// wrapColumn stacks its visible children at its full width, each as high
// as its text wraps at that width: a VBox asks a wrapping label its height
// before it knows the width, and a notice shown later would overlap the
// title above it.
type wrapColumn struct{ width float32 }

func (l *wrapColumn) place(objs []fyne.CanvasObject, w float32, move bool) float32 {
	var y float32
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		o.Resize(fyne.NewSize(w, o.Size().Height))
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(w, h))
		if move {
			o.Move(fyne.NewPos(0, y))
		}
		y += h
	}
	return y
}

// Layout stacks the children for size's width.
func (l *wrapColumn) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	l.place(objs, size.Width, true)
}

// MinSize is the children's height at the last width.
func (l *wrapColumn) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(0, l.place(objs, l.width, false))
}
