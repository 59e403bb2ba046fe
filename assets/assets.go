// Package assets holds the kiosk's own drawings, embedded in the binary: the
// rating faces, the star, the centre logo and the application icon. They are
// drawn for this project (white on the tile colour), not taken from a font.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

var (
	//go:embed face_very_happy.svg
	faceVeryHappy []byte
	//go:embed face_happy.svg
	faceHappy []byte
	//go:embed face_neutral.svg
	faceNeutral []byte
	//go:embed face_unhappy.svg
	faceUnhappy []byte
	//go:embed star.svg
	star []byte
	//go:embed logo.svg
	logo []byte
	//go:embed Icon.png
	icon []byte
)

// Faces are the tile drawings, by survey.Face name.
var Faces = map[string]fyne.Resource{
	"very_happy": fyne.NewStaticResource("face_very_happy.svg", faceVeryHappy),
	"happy":      fyne.NewStaticResource("face_happy.svg", faceHappy),
	"neutral":    fyne.NewStaticResource("face_neutral.svg", faceNeutral),
	"unhappy":    fyne.NewStaticResource("face_unhappy.svg", faceUnhappy),
}

// Star is one white star for the star5 scale.
var Star fyne.Resource = fyne.NewStaticResource("star.svg", star)

// Logo is the emblem shown top left; a 3-second press on it opens the staff
// screens.
var Logo fyne.Resource = fyne.NewStaticResource("logo.svg", logo)

// Icon is the application icon (also referenced by FyneApp.toml).
var Icon fyne.Resource = fyne.NewStaticResource("Icon.png", icon)
