package screens

import (
	"context"
	"fmt"
	"time"
)

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
