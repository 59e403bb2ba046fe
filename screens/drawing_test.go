package screens

import (
	"fmt"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"

	"hailong/kiosk/assets"
)

func TestDrawingsAreDecodedOnce(t *testing.T) {
	for _, res := range []fyne.Resource{assets.Star, assets.Logo} {
		a, err := pixels(res)
		if err != nil {
			t.Fatalf("%s: %v", res.Name(), err)
		}
		if b := a.Bounds(); b.Dx() != drawingPixels || b.Dy() != drawingPixels {
			t.Fatalf("%s rasterised at %v, want %d px square", res.Name(), b, drawingPixels)
		}
		// both are drawn in a circle or star on nothing: the corner is
		// transparent and the centre opaque
		if _, _, _, alpha := a.At(0, 0).RGBA(); alpha != 0 {
			t.Fatalf("%s: corner is not transparent", res.Name())
		}
		if c := color.NRGBAModel.Convert(a.At(drawingPixels/2, drawingPixels/2)).(color.NRGBA); c.A != 255 {
			t.Fatalf("%s: centre pixel %v is not opaque", res.Name(), c)
		}
		again, _ := pixels(res)
		if again != a {
			t.Fatalf("%s was decoded twice", res.Name())
		}
	}
}

func TestDrawingOfABrokenResourceFallsBack(t *testing.T) {
	broken := fyne.NewStaticResource("broken.svg", []byte("<svg><path d="))
	img := newDrawing(broken)
	if img.Resource != broken || img.Image != nil {
		t.Fatal("a broken SVG should be handed to Fyne as it is")
	}
	good := newDrawing(assets.Logo)
	if good.Image == nil || good.Resource != nil {
		t.Fatal("the logo should be shown as decoded pixels")
	}
}

// BenchmarkRasterise is what one SVG costs to rasterise, by side in pixels:
// why the faces are vector primitives and the rest is rasterised once.
func BenchmarkRasterise(b *testing.B) {
	for _, side := range []int{128, 256, 512} {
		for _, res := range []fyne.Resource{assets.Star, assets.Logo} {
			b.Run(fmt.Sprint(res.Name(), "-", side), func(b *testing.B) {
				for b.Loop() {
					if _, err := rasterise(res.Content(), side); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
