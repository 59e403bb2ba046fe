// Package assets holds the kiosk's own drawings, embedded in the binary: the
// star, the centre logo and the application icon. They are drawn for this
// project (white on the tile colour), not taken from a font. The rating
// faces are drawn in code with vector primitives (screens/face.go).
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

var (
	//go:embed star.svg
	star []byte
	//go:embed logo.svg
	logo []byte
	//go:embed Icon.png
	icon []byte
)

// Star is one white star for the star5 scale.
var Star fyne.Resource = fyne.NewStaticResource("star.svg", star)

// Logo is the emblem shown top left; a 3-second press on it opens the staff
// screens.
var Logo fyne.Resource = fyne.NewStaticResource("logo.svg", logo)

// Icon is the application icon (also referenced by FyneApp.toml).
var Icon fyne.Resource = fyne.NewStaticResource("Icon.png", icon)
