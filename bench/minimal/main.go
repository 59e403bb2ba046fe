// Command minimal is the raw limit for bench/firstframe.sh: the smallest
// Fyne program that shows a window the size of the kiosk's (1280×800) with
// one label, so the kiosk's start-to-first-frame can be compared with what
// Fyne and the GL driver cost by themselves on the same machine.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("vn.hailong.bench.minimal")
	w := a.NewWindow("minimal")
	w.SetContent(widget.NewLabel("Xin chào"))
	w.Resize(fyne.NewSize(1280, 800))
	w.ShowAndRun()
}
