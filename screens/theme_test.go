package screens

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"hailong/kiosk/survey"
)

// minContrast is WCAG 2 level AA for normal text (SPEC §4).
const minContrast = 4.5

func TestContrastFunc(t *testing.T) {
	black := color.NRGBA{A: 0xFF}
	white := color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
	grey := color.NRGBA{R: 0x77, G: 0x77, B: 0x77, A: 0xFF}
	tests := []struct {
		a, b color.NRGBA
		want float64
	}{
		{black, white, 21},
		{white, black, 21},
		{white, white, 1},
		{grey, grey, 1},
		{grey, white, 4.48}, // #777 on white: the classic just-fails-AA grey
		{color.NRGBA{R: 0xFF, A: 0xFF}, white, 4.00},
		{color.NRGBA{B: 0xFF, A: 0xFF}, white, 8.59},
	}
	for _, tt := range tests {
		if got := contrast(tt.a, tt.b); math.Abs(got-tt.want) > 0.01 {
			t.Errorf("contrast(%v, %v) = %.3f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
}

func toNRGBA(c color.Color) color.NRGBA { return color.NRGBAModel.Convert(c).(color.NRGBA) }

func TestContrast(t *testing.T) {
	type pair struct {
		name   string
		fg, bg color.NRGBA
	}
	pairs := []pair{
		{"text on background", colText, colBackground},
		{"muted on background", colMuted, colBackground},
		{"white on primary", toNRGBA(color.White), colPrimary},
		{"tile text on primary", colTileText, colPrimary},
		{"text on button", colText, colButton},
		{"white on header", colTileText, colHeader},
		{"warning on background", colWarning, colBackground},
		{"text on white (code display, PIN dots)", colText, colTileText},
		{"text on a table's striped row", colText, zebra},
	}
	for tone, bg := range toneColours {
		pairs = append(pairs, pair{fmt.Sprintf("white on tone %d", tone), colTileText, bg})
	}
	for _, p := range pairs {
		for _, c := range []color.NRGBA{p.fg, p.bg} {
			if c.A != 0xFF {
				t.Errorf("%s: %v is not opaque, contrast is undefined", p.name, c)
			}
		}
		if got := contrast(p.fg, p.bg); got < minContrast {
			t.Errorf("%s: contrast %.2f:1, want ≥ %.1f:1", p.name, got, minContrast)
		}
	}
	if toNRGBA(color.White) != colTileText {
		t.Errorf("colTileText = %v, want white", colTileText)
	}
}

// TestThemeUsesTestedColours: the pairs above are what the theme hands Fyne.
func TestThemeUsesTestedColours(t *testing.T) {
	th := NewTheme()
	tests := []struct {
		name fyne.ThemeColorName
		want color.NRGBA
	}{
		{theme.ColorNameBackground, colBackground},
		{theme.ColorNameForeground, colText},
		{theme.ColorNameDisabled, colMuted},
		{theme.ColorNamePlaceHolder, colMuted},
		{theme.ColorNamePrimary, colPrimary},
		{theme.ColorNameForegroundOnPrimary, colTileText},
		{theme.ColorNameButton, colButton},
		{theme.ColorNameError, colWarning},
	}
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		for _, tt := range tests {
			if got := toNRGBA(th.Color(tt.name, variant)); got != tt.want {
				t.Errorf("Color(%s, variant %d) = %v, want %v", tt.name, variant, got, tt.want)
			}
		}
	}
}

func TestToneColours(t *testing.T) {
	tones := []survey.Tone{survey.ToneBest, survey.ToneGood, survey.ToneNeutral, survey.ToneBad, survey.ToneWorst}
	if len(toneColours) != len(tones) {
		t.Errorf("%d tone colours, want %d", len(toneColours), len(tones))
	}
	for _, tone := range tones {
		if _, ok := toneColours[tone]; !ok {
			t.Errorf("tone %d has no colour", tone)
		}
	}
	// Every tile of every scale has a colour.
	for _, name := range survey.ScaleNames {
		sc, _ := survey.NewScale(name)
		for _, c := range sc.Choices {
			if _, ok := toneColours[c.Tone]; !ok {
				t.Errorf("scale %s raw %d: tone %d has no colour", name, c.Raw, c.Tone)
			}
		}
	}
	// Pairwise distinguishable: a CIE76 colour difference well above the
	// just-noticeable 2.3. Colour is never the only cue, but neighbouring
	// tiles must not look alike.
	const minDeltaE = 10
	for i, a := range tones {
		for _, b := range tones[i+1:] {
			ca, cb := toneColours[a], toneColours[b]
			if ca == cb {
				t.Errorf("tones %d and %d share colour %v", a, b, ca)
				continue
			}
			if d := deltaE76(ca, cb); d < minDeltaE {
				t.Errorf("tones %d and %d differ by ΔE %.1f, want ≥ %d", a, b, d, minDeltaE)
			}
		}
	}
}

// deltaE76 is the Euclidean distance of two sRGB colours in CIELAB (D65).
func deltaE76(a, b color.NRGBA) float64 {
	la, aa, ba := cieLab(a)
	lb, ab, bb := cieLab(b)
	return math.Sqrt((la-lb)*(la-lb) + (aa-ab)*(aa-ab) + (ba-bb)*(ba-bb))
}

func cieLab(c color.NRGBA) (l, a, b float64) {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	r, g, bl := lin(c.R), lin(c.G), lin(c.B)
	x := (0.4124*r + 0.3576*g + 0.1805*bl) / 0.95047
	y := 0.2126*r + 0.7152*g + 0.0722*bl
	z := (0.0193*r + 0.1192*g + 0.9505*bl) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x), f(y), f(z)
	return 116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)
}

func TestDeltaE76(t *testing.T) {
	white := color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
	if d := deltaE76(white, color.NRGBA{A: 0xFF}); math.Abs(d-100) > 0.5 {
		t.Errorf("ΔE(white, black) = %.2f, want 100", d)
	}
	if d := deltaE76(white, white); d != 0 {
		t.Errorf("ΔE(white, white) = %.2f, want 0", d)
	}
}

func TestThemeSizes(t *testing.T) {
	th := NewTheme()
	if got := th.Size(theme.SizeNameText); got < 24 {
		t.Errorf("text size %v, want ≥ 24 for a kiosk read at arm's length", got)
	}
	if got, text := th.Size(theme.SizeNameHeadingText), th.Size(theme.SizeNameText); got <= text {
		t.Errorf("heading size %v is not above text size %v", got, text)
	}
	tests := []struct {
		name fyne.ThemeSizeName
		want float32
	}{
		{theme.SizeNameText, textSize},
		{theme.SizeNameHeadingText, headingSize},
		{theme.SizeNamePadding, kioskPadding},
		{theme.SizeNameInnerPadding, innerPadding},
	}
	for _, tt := range tests {
		if got := th.Size(tt.name); got != tt.want {
			t.Errorf("Size(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
	if base := theme.DefaultTheme().Size(theme.SizeNamePadding); th.Size(theme.SizeNamePadding) <= base {
		t.Errorf("kiosk padding %v is not larger than the default %v", th.Size(theme.SizeNamePadding), base)
	}
	// Staff screens are denser but still readable.
	st := staffTheme()
	if got := st.Size(theme.SizeNameText); got >= th.Size(theme.SizeNameText) || got < 16 {
		t.Errorf("staff text size %v, want between 16 and the kiosk's %v", got, th.Size(theme.SizeNameText))
	}
	if touchHeight < 90 {
		t.Errorf("touchHeight = %d, SPEC §4 wants touch targets ≥ 90 px", touchHeight)
	}
}
