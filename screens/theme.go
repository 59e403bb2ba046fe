package screens

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"hailong/kiosk/survey"
)

// Sizes of the kiosk theme, in Fyne units (pixels at scale 1).
const (
	textSize      = 26
	headingSize   = 40
	subHeading    = 32
	touchHeight   = 96 // every touch target is at least this high (SPEC: ≥ 90 px at 1280×800)
	kioskPadding  = 8
	innerPadding  = 16
	staffTextSize = 20
)

// Colours. Every text colour is paired with its background so a test can
// check the 4.5:1 contrast of SPEC §4.
var (
	colBackground = color.NRGBA{R: 0xF7, G: 0xF5, B: 0xF0, A: 0xFF} // warm paper
	colText       = color.NRGBA{R: 0x1A, G: 0x1A, B: 0x1A, A: 0xFF}
	colMuted      = color.NRGBA{R: 0x4A, G: 0x4A, B: 0x4A, A: 0xFF}
	colPrimary    = color.NRGBA{R: 0x0D, G: 0x47, B: 0xA1, A: 0xFF} // buttons: white text
	colButton     = color.NRGBA{R: 0xE3, G: 0xE0, B: 0xD8, A: 0xFF} // secondary buttons: dark text
	colTileText   = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
	colHeader     = color.NRGBA{R: 0xB7, G: 0x1C, B: 0x1C, A: 0xFF} // header bar: white text
	colWarning    = color.NRGBA{R: 0x8B, G: 0x00, B: 0x00, A: 0xFF}
	colSelected   = color.NRGBA{R: 0x00, G: 0x5B, B: 0x4F, A: 0xFF} // chosen reason chips: white text
	colPressed    = color.NRGBA{R: 0x0A, G: 0x2A, B: 0x5E, A: 0xFF} // a pressed button while its save runs: white text
	colVeil       = color.NRGBA{R: 0xF7, G: 0xF5, B: 0xF0, A: 0x99} // over a screen that waits for the disk
)

// toneColours are the tile backgrounds, best to worst; white text on each
// has a contrast of at least 4.5:1 (tested).
var toneColours = map[survey.Tone]color.NRGBA{
	survey.ToneBest:    {R: 0x1B, G: 0x5E, B: 0x20, A: 0xFF}, // deep green
	survey.ToneGood:    {R: 0x00, G: 0x69, B: 0x5C, A: 0xFF}, // teal
	survey.ToneNeutral: {R: 0x7A, G: 0x5A, B: 0x00, A: 0xFF}, // dark amber
	survey.ToneBad:     {R: 0xBF, G: 0x36, B: 0x0C, A: 0xFF}, // deep orange
	survey.ToneWorst:   {R: 0xB7, G: 0x1C, B: 0x1C, A: 0xFF}, // dark red
}

// kioskTheme is the default Fyne theme, light, with large type and padding.
type kioskTheme struct {
	base     fyne.Theme
	text     float32
	heading  float32
	padding  float32
	innerPad float32
}

var _ fyne.Theme = (*kioskTheme)(nil)

// NewTheme returns the citizen-facing kiosk theme.
func NewTheme() fyne.Theme {
	return &kioskTheme{base: theme.DefaultTheme(), text: textSize, heading: headingSize, padding: kioskPadding, innerPad: innerPadding}
}

// staffTheme gives staff screens normal density inside the kiosk.
func staffTheme() fyne.Theme {
	return &kioskTheme{base: theme.DefaultTheme(), text: staffTextSize, heading: 28, padding: 6, innerPad: 12}
}

// tableTheme is the manager screen's theme: the staff text size times
// scale, tight padding and large headings, so that its tables and key
// figures are easy to read and fit a screen without scrolling.
func tableTheme(scale float32) fyne.Theme {
	return &kioskTheme{base: theme.DefaultTheme(), text: staffTextSize * scale, heading: 36 * scale, padding: 2, innerPad: 3}
}

func (t *kioskTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground:
		return colBackground
	case theme.ColorNameForeground:
		return colText
	case theme.ColorNamePlaceHolder, theme.ColorNameDisabled:
		return colMuted
	case theme.ColorNamePrimary:
		return colPrimary
	case theme.ColorNameForegroundOnPrimary:
		return color.White
	case theme.ColorNameButton:
		return colButton
	case theme.ColorNameError:
		return colWarning
	}
	return t.base.Color(n, theme.VariantLight)
}

func (t *kioskTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base.Font(s) }

func (t *kioskTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

func (t *kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return t.text
	case theme.SizeNameHeadingText:
		return t.heading
	case theme.SizeNameSubHeadingText:
		return t.heading * 0.8
	case theme.SizeNamePadding:
		return t.padding
	case theme.SizeNameInnerPadding:
		return t.innerPad
	case theme.SizeNameInlineIcon:
		return t.text * 1.2
	}
	return t.base.Size(n)
}

// contrast returns the WCAG contrast ratio of two opaque colours.
func contrast(a, b color.NRGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c color.NRGBA) float64 {
	ch := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c.R) + 0.7152*ch(c.G) + 0.0722*ch(c.B)
}
