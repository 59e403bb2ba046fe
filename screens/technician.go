package screens

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// showTechnician shows the kiosk's health and the controls only a
// technician may use: leave full screen and quit.
func (k *Kiosk) showTechnician() {
	info := k.technicianInfo()
	k.techInfo = map[string]string{}
	form := widget.NewForm()
	for _, row := range info {
		k.techInfo[row[0]] = row[1]
		v := widget.NewLabel(row[1])
		v.Wrapping = fyne.TextWrapBreak
		v.TextStyle = fyne.TextStyle{Bold: true}
		form.Append(bi(row[0]), v)
	}
	k.staffBtn = map[string]*BigButton{}
	full := "tech.leavefull"
	if !k.d.Window.FullScreen() {
		full = "tech.enterfull"
	}
	buttons := []fyne.CanvasObject{
		k.staffButton(full, func() {
			k.d.Window.SetFullScreen(!k.d.Window.FullScreen())
			k.showTechnician()
		}),
		k.staffButton("tech.quit", k.confirmQuit), // asks first: it sits next to Leave full screen
		k.staffButton("staff.back", k.showHome),
	}
	if k.unsaved != nil {
		buttons = append([]fyne.CanvasObject{k.staffButton("tech.retry", k.retryUnsaved)}, buttons...)
	}
	if k.d.SendNow != nil {
		buttons = append([]fyne.CanvasObject{k.staffButton("tech.sendnow", func() {
			k.d.SendNow()
			k.showTechnician()
		})}, buttons...)
	}
	cols := 3
	if k.portrait() {
		cols = 1
	}
	body := container.NewBorder(heading(bi("tech.title"), theme.SizeNameHeadingText, fyne.TextAlignCenter),
		container.New(gridLayout{cols: cols, gap: 12}, buttons...), nil, nil, container.NewVScroll(form))
	k.staff(ScreenTechnician, body)
}

func (k *Kiosk) staffButton(key string, f func()) *BigButton {
	b := NewBigButton(bi(key), f)
	k.staffBtn[key] = b
	return b
}

// technicianInfo returns the rows of the technician screen, by catalog key.
func (k *Kiosk) technicianInfo() [][2]string {
	st, err := k.d.Recorder.Stats(context.Background(), k.clock.Now())
	officer := tr(LangVI, "officer.none")
	if k.officer != nil {
		officer = k.officer.Name + " (" + k.officer.ID + ")"
	}
	last := k.lastErr
	if err != nil {
		last = k.describe(err)
	}
	if last == "" {
		last = bi("tech.none")
	}
	rows := [][2]string{
		{"tech.version", k.d.AppVersion},
		{"tech.kiosk", st.KioskID},
		{"tech.centre", fmt.Sprintf("%s (%s) / %s (%s)", k.cfg.CentreName, k.cfg.CentreID, k.cfg.CounterName, k.cfg.CounterID)},
		{"tech.officer", officer},
		{"tech.datadir", st.DataDir},
		{"tech.dbsize", humanBytes(st.DBBytes)},
		{"tech.today", fmt.Sprint(st.ResponsesToday)},
		{"tech.pending", fmt.Sprint(st.Pending)},
		{"tech.disk", humanBytes(st.DiskFreeBytes)},
		{"tech.error", last},
	}
	return append(rows, k.syncInfo()...)
}

// syncInfo returns the upload rows: server, last upload, backlog, last
// upload error, clock offset; or that the kiosk is not enrolled.
func (k *Kiosk) syncInfo() [][2]string {
	if k.d.Sync == nil {
		return [][2]string{{"tech.server", bi("tech.notenrolled")}}
	}
	s := k.d.Sync()
	when := func(t time.Time) string {
		if t.IsZero() {
			return bi("tech.never")
		}
		return t.In(k.clock.Now().Location()).Format("2006-01-02 15:04:05")
	}
	uploadErr := s.LastError
	if uploadErr == "" {
		uploadErr = bi("tech.none")
	}
	oldest := bi("tech.none")
	if !s.OldestPending.IsZero() {
		oldest = when(s.OldestPending)
	}
	return [][2]string{
		{"tech.server", s.Server},
		{"tech.lastupload", when(s.LastUpload)},
		{"tech.oldest", oldest},
		{"tech.quarantined", fmt.Sprint(s.Quarantined)},
		{"tech.uploaderror", uploadErr},
		{"tech.clock", s.ClockOffset.Round(time.Second).String()},
	}
}

// humanBytes formats a byte count in binary units.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
