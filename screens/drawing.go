package screens

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // officer photos
	_ "image/png"  // officer photos
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"github.com/fyne-io/oksvg"
	"github.com/srwiley/rasterx"
)

// A canvas.Image made from a resource decodes it again on every Refresh and
// every Resize: an SVG is parsed and rasterised at the new size, a PNG is
// decoded. Laying out the first rating screen did that a dozen times (a
// quarter of a second of CPU before the first frame). The kiosk's drawings
// and photos are therefore decoded once, SVGs rasterised at drawingPixels
// on their longer side, and handed to Fyne as pixels that the GPU scales.

// drawingPixels is the rasterised size of an SVG drawing's longer side:
// a star, the logo and an officer photo are shown smaller than that.
const drawingPixels = 256

// decoded holds one resource's pixels, decoded once by whoever asks first;
// the others wait for it.
type decoded struct {
	once sync.Once
	img  image.Image
	err  error
}

// drawings maps a fyne.Resource to its *decoded. Entries are never
// dropped: they are the kiosk's few drawings and its officers' photos, and
// the photo cache makes a new resource only for a new version of a photo.
var drawings sync.Map

// newDrawing returns an image of res that keeps its proportions in the
// space it is given. If res cannot be decoded, Fyne gets the resource as it
// is and reports the error itself.
func newDrawing(res fyne.Resource) *canvas.Image {
	img, err := pixels(res)
	var c *canvas.Image
	if err != nil {
		fyne.LogError("decode "+res.Name(), err)
		c = canvas.NewImageFromResource(res)
	} else {
		c = canvas.NewImageFromImage(img)
		c.ScaleMode = canvas.ImageScaleSmooth
	}
	c.FillMode = canvas.ImageFillContain
	return c
}

// PrepareFonts loads the fonts of the citizen screens, 90 ms of CPU that
// the first frame would otherwise wait for. Call it once the app exists,
// from any goroutine, and start the kiosk after it returns: two loads at
// once would each parse the fonts.
func PrepareFonts() {
	for _, style := range []fyne.TextStyle{{}, {Bold: true}} {
		fyne.MeasureText("Hài lòng", textSize, style)
	}
}

// Prepare decodes resources ahead of their first showing. It is safe to
// call from any goroutine; the kiosk calls it at start-up, beside opening
// the database and the window, so that the first frame finds them ready.
func Prepare(res ...fyne.Resource) {
	for _, r := range res {
		if r != nil {
			_, _ = pixels(r)
		}
	}
}

// pixels returns res decoded, decoding it on first use.
func pixels(res fyne.Resource) (image.Image, error) {
	v, _ := drawings.LoadOrStore(res, &decoded{})
	d := v.(*decoded)
	d.once.Do(func() { d.img, d.err = decode(res) })
	return d.img, d.err
}

func decode(res fyne.Resource) (image.Image, error) {
	if isSVG(res) {
		return rasterise(res.Content(), drawingPixels)
	}
	img, _, err := image.Decode(bytes.NewReader(res.Content()))
	return img, err
}

func isSVG(res fyne.Resource) bool {
	if strings.HasSuffix(strings.ToLower(res.Name()), ".svg") {
		return true
	}
	head := strings.ToLower(strings.TrimSpace(string(res.Content()[:min(len(res.Content()), 256)])))
	return strings.HasPrefix(head, "<svg") || strings.HasPrefix(head, "<?xml")
}

// rasterise draws an SVG with its longer side side pixels long.
func rasterise(svg []byte, side int) (img image.Image, err error) {
	icon, err := oksvg.ReadIconStream(bytes.NewReader(svg))
	if err != nil {
		return nil, fmt.Errorf("read SVG: %w", err)
	}
	vb := icon.ViewBox
	if vb.W <= 0 || vb.H <= 0 {
		return nil, errors.New("SVG without a view box")
	}
	w, h := side, side
	if vb.W > vb.H {
		h = max(1, int(float64(side)*vb.H/vb.W))
	} else {
		w = max(1, int(float64(side)*vb.W/vb.H))
	}
	defer func() { // the SVG library panics on some malformed paths
		if p := recover(); p != nil {
			img, err = nil, fmt.Errorf("draw SVG: %v", p)
		}
	}()
	icon.SetTarget(0, 0, float64(w), float64(h))
	out := image.NewRGBA(image.Rect(0, 0, w, h)) // RGBA: the rasteriser's fast path, and what Fyne uploads as is
	scanner := rasterx.NewScannerGV(w, h, out, out.Bounds())
	icon.Draw(rasterx.NewDasher(w, h, scanner), 1)
	return out, nil
}
