package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"hailong/kiosk/survey"
)

// RatingTile is one large rating button: a drawn face (or stars), a word and
// a colour, so that colour is never the only cue.
type RatingTile struct {
	widget.BaseWidget
	Choice   survey.Choice
	Label    string
	Pressed  bool // tapped, its rating being saved: darker, with a thick frame
	OnTapped func(survey.Choice)
}

var (
	_ fyne.Widget   = (*RatingTile)(nil)
	_ fyne.Tappable = (*RatingTile)(nil)
)

// NewRatingTile returns a tile for choice c labelled label.
func NewRatingTile(c survey.Choice, label string, tapped func(survey.Choice)) *RatingTile {
	t := &RatingTile{Choice: c, Label: label, OnTapped: tapped}
	t.ExtendBaseWidget(t)
	return t
}

// Tapped calls OnTapped with the tile's choice.
func (t *RatingTile) Tapped(*fyne.PointEvent) {
	if t.OnTapped != nil {
		t.OnTapped(t.Choice)
	}
}

// SetPressed shows the tile pressed, or not, and redraws.
func (t *RatingTile) SetPressed(p bool) {
	if t.Pressed == p {
		return
	}
	t.Pressed = p
	t.Refresh()
}

// CreateRenderer builds the tile's renderer.
func (t *RatingTile) CreateRenderer() fyne.WidgetRenderer {
	return newTileRenderer(t)
}
