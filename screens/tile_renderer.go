package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"hailong/kiosk/assets"
	"hailong/kiosk/survey"
)

// tileRenderer lays a face above its word when the tile is tall (landscape)
// and beside it when the tile is wide (portrait).
type tileRenderer struct {
	tile    *RatingTile
	bg      *canvas.Rectangle
	images  []*canvas.Image // stars
	face    *faceDrawing
	label   *canvas.Text
	objects []fyne.CanvasObject
}

func newTileRenderer(t *RatingTile) *tileRenderer {
	r := &tileRenderer{tile: t}
	r.bg = canvas.NewRectangle(toneColours[t.Choice.Tone])
	r.bg.CornerRadius = 18
	r.pressedLook()
	if t.Choice.Face == survey.FaceStars {
		for i := 0; i < t.Choice.Stars; i++ {
			r.images = append(r.images, newDrawing(assets.Star))
		}
	} else {
		r.face = newFaceDrawing(t.Choice.Face, colTileText)
	}
	r.label = canvas.NewText(t.Label, colTileText)
	r.label.TextStyle = fyne.TextStyle{Bold: true}
	r.label.TextSize = subHeading
	r.label.Alignment = fyne.TextAlignCenter
	r.objects = append(r.objects, r.bg)
	for _, img := range r.images {
		r.objects = append(r.objects, img)
	}
	if r.face != nil {
		r.objects = append(r.objects, r.face.objects()...)
	}
	r.objects = append(r.objects, r.label)
	return r
}

func (r *tileRenderer) Destroy() {}

func (r *tileRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *tileRenderer) MinSize() fyne.Size {
	return fyne.NewSize(160, touchHeight)
}

func (r *tileRenderer) Refresh() {
	r.label.Text = r.tile.Label
	r.pressedLook()
	r.Layout(r.tile.Size())
	canvas.Refresh(r.tile)
}

// pressedLook darkens a pressed tile and frames it, so that a citizen sees
// at once that the tap was taken even while the save waits for the disk.
func (r *tileRenderer) pressedLook() {
	c := toneColours[r.tile.Choice.Tone]
	r.bg.FillColor = c
	r.bg.StrokeWidth = 0
	if r.tile.Pressed {
		r.bg.FillColor = darker(c, 0.6)
		r.bg.StrokeColor = colText
		r.bg.StrokeWidth = 10
	}
}

// darker scales a colour's channels by f.
func darker(c color.NRGBA, f float64) color.NRGBA {
	return color.NRGBA{R: uint8(float64(c.R) * f), G: uint8(float64(c.G) * f), B: uint8(float64(c.B) * f), A: c.A}
}

// Layout places the drawing and the word. The word shrinks rather than be
// cut off when the tile is narrow.
func (r *tileRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.bg.Move(fyne.NewPos(0, 0))
	pad := float32(innerPadding)
	r.label.TextSize = fitText(r.label.Text, subHeading, size.Width-2*pad)
	textH := fyne.MeasureText(r.label.Text, r.label.TextSize, r.label.TextStyle).Height
	wide := size.Width > size.Height*1.8
	var area fyne.Size
	var origin fyne.Position
	if wide {
		// drawing on the left half, word on the right half
		half := size.Width / 2
		area = fyne.NewSize(half-2*pad, size.Height-2*pad)
		origin = fyne.NewPos(pad, pad)
		r.label.TextSize = fitText(r.label.Text, subHeading, half-2*pad)
		textH = fyne.MeasureText(r.label.Text, r.label.TextSize, r.label.TextStyle).Height
		r.label.Resize(fyne.NewSize(half-pad, textH))
		r.label.Move(fyne.NewPos(half, (size.Height-textH)/2))
	} else {
		area = fyne.NewSize(size.Width-2*pad, size.Height-3*pad-textH)
		origin = fyne.NewPos(pad, pad)
		r.label.Resize(fyne.NewSize(size.Width, textH))
		r.label.Move(fyne.NewPos(0, size.Height-pad-textH))
	}
	if r.face != nil {
		side := min(area.Width, area.Height*0.9)
		r.face.place(fyne.NewPos(origin.X+(area.Width-side)/2, origin.Y+(area.Height-side)/2), side)
		return
	}
	layoutDrawings(r.images, origin, area, pad/2)
}

// layoutDrawings puts n square drawings side by side, centred in the area.
func layoutDrawings(imgs []*canvas.Image, origin fyne.Position, area fyne.Size, gap float32) {
	n := float32(len(imgs))
	if n == 0 {
		return
	}
	side := (area.Width - gap*(n-1)) / n
	if side > area.Height {
		side = area.Height
	}
	if n == 1 && side > area.Height*0.9 {
		side = area.Height * 0.9
	}
	total := side*n + gap*(n-1)
	x := origin.X + (area.Width-total)/2
	y := origin.Y + (area.Height-side)/2
	for _, img := range imgs {
		img.Resize(fyne.NewSize(side, side))
		img.Move(fyne.NewPos(x, y))
		x += side + gap
	}
}

// fitText returns the largest size ≤ max at which text fits in width.
func fitText(text string, max, width float32) float32 {
	size := max
	for size > 12 && fyne.MeasureText(text, size, fyne.TextStyle{Bold: true}).Width > width {
		size -= 2
	}
	return size
}
