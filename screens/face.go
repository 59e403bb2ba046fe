package screens

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"hailong/kiosk/survey"
)

// The rating faces are drawn with Fyne's vector primitives (circles, arcs,
// a rounded bar), which the GPU draws crisp at any size for no CPU time. As
// SVG images they cost 12–55 ms of CPU each to rasterise, again at every
// new size, on the path to the first frame.
//
// Shapes are placed on a 100×100 grid, scaled to the square the tile gives
// the face: a ring, two eyes, a mouth, white on the tile's colour.

// shape is one primitive of a face and its box on the 100-unit grid.
type shape struct {
	obj        fyne.CanvasObject
	x, y, w, h float32
	scale      func(unit float32) // sets widths that grow with the face
}

// faceDrawing is the set of shapes of one face.
type faceDrawing struct {
	shapes []shape
}

// faceStroke is the width of the ring and of the smile, in grid units.
const faceStroke = 6

func newFaceDrawing(f survey.Face, c color.Color) *faceDrawing {
	d := &faceDrawing{}
	ring := &canvas.Circle{FillColor: color.Transparent, StrokeColor: c}
	d.add(ring, 2, 2, 96, 96, func(u float32) { ring.StrokeWidth = faceStroke * u })
	switch f {
	case survey.FaceVeryHappy:
		d.addEye(34, 37, true, c)
		d.addEye(66, 37, true, c)
		mouth := canvas.NewPieArc(90, 270, c) // an open, laughing mouth
		d.add(mouth, 26, 32, 48, 48, nil)
	case survey.FaceHappy:
		d.addEye(35, 38, false, c)
		d.addEye(65, 38, false, c)
		d.addCurve(50, 60, 40, 9, false, c)
	case survey.FaceNeutral:
		d.addEye(35, 38, false, c)
		d.addEye(65, 38, false, c)
		mouth := canvas.NewRectangle(c)
		d.add(mouth, 32, 63, 36, faceStroke, func(u float32) { mouth.CornerRadius = faceStroke / 2 * u })
	default: // survey.FaceUnhappy
		d.addEye(35, 40, false, c)
		d.addEye(65, 40, false, c)
		d.addCurve(50, 72, 40, 9, true, c)
	}
	return d
}

func (d *faceDrawing) add(o fyne.CanvasObject, x, y, w, h float32, scale func(float32)) {
	d.shapes = append(d.shapes, shape{obj: o, x: x, y: y, w: w, h: h, scale: scale})
}

// addEye adds a round eye, or a closed, laughing one (an upward arc).
func (d *faceDrawing) addEye(cx, cy float32, laughing bool, c color.Color) {
	if !laughing {
		d.add(canvas.NewCircle(c), cx-6, cy-6, 12, 12, nil)
		return
	}
	const r = 9 // outer radius; the arc is faceStroke thick
	eye := canvas.NewArc(-60, 60, (r-faceStroke)/float32(r), c)
	d.add(eye, cx-r, cy-r+3, 2*r, 2*r, func(u float32) { eye.CornerRadius = faceStroke / 2 * u })
}

// addCurve adds a smile (or, upside down, a frown) whose ends are chord
// apart at height endY and whose middle bends sag units away from them.
func (d *faceDrawing) addCurve(cx, endY, chord, sag float32, frown bool, c color.Color) {
	half := chord / 2
	radius := (half*half + sag*sag) / (2 * sag) // of the circle through both ends and the middle
	spread := float32(math.Asin(float64(half/radius)) * 180 / math.Pi)
	outer := radius + faceStroke/2
	arc := canvas.NewArc(180-spread, 180+spread, (radius-faceStroke/2)/outer, c)
	centreY := endY + sag - radius // a smile bends down, below the ends
	if frown {
		arc.StartAngle, arc.EndAngle = -spread, spread
		centreY = endY - sag + radius
	}
	d.add(arc, cx-outer, centreY-outer, 2*outer, 2*outer, func(u float32) { arc.CornerRadius = faceStroke / 2 * u })
}

// objects lists the shapes for a renderer.
func (d *faceDrawing) objects() []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, len(d.shapes))
	for i, s := range d.shapes {
		objs[i] = s.obj
	}
	return objs
}

// place lays the face out in the square of side side at origin.
func (d *faceDrawing) place(origin fyne.Position, side float32) {
	u := side / 100
	for _, s := range d.shapes {
		if s.scale != nil {
			s.scale(u)
		}
		s.obj.Resize(fyne.NewSize(s.w*u, s.h*u))
		s.obj.Move(fyne.NewPos(origin.X+s.x*u, origin.Y+s.y*u))
	}
}
