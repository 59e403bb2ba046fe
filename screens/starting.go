package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// Starting is the screen the window shows while the kiosk opens its
// database: on a first start over a slow eMMC that takes seconds, and a
// blank or missing window looks like a broken kiosk. It needs nothing but
// the theme, so it can show before anything is read from disk.
func Starting() fyne.CanvasObject {
	bg := canvas.NewRectangle(colBackground)
	// Short words on one line each: wrapping labels in a centre layout
	// would break after every word.
	vi := heading("Đang khởi động…", theme.SizeNameSubHeadingText, fyne.TextAlignCenter)
	vi.Wrapping = fyne.TextWrapOff
	en := bodyText("Starting…")
	en.Wrapping = fyne.TextWrapOff
	return container.NewStack(bg, container.NewCenter(container.NewVBox(vi, en)))
}
