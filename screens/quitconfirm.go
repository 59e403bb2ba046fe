package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// ScreenConfirmQuit asks the technician to confirm Quit, which ends the
// kiosk and closes the counter's ratings until someone starts it again.
const ScreenConfirmQuit = "confirm_quit"

// confirmQuit asks before quitting: Quit sits one tap from Leave full
// screen on the technician screen. The answer buttons are in the middle of
// the screen, away from where Quit was, so a double tap does not confirm.
func (k *Kiosk) confirmQuit() {
	k.staffBtn = map[string]*BigButton{}
	k.staffKeys = nil
	yes := k.staffButton("quit.confirm", k.quit)
	yes.Primary = true
	no := k.staffButton("staff.back", k.showTechnician)
	buttons := container.New(minSizeLayout{fyne.NewSize(560, 0)}, container.New(gridLayout{cols: 2, gap: 24}, no, yes))
	body := container.NewCenter(container.NewVBox(
		heading(bi("quit.title"), theme.SizeNameHeadingText, fyne.TextAlignCenter),
		container.New(minSizeLayout{fyne.NewSize(560, 0)}, bodyText(tr(LangVI, "quit.body"))),
		bodyText(tr(LangEN, "quit.body")),
		layoutGap(24),
		buttons,
	))
	k.staff(ScreenConfirmQuit, body)
}
