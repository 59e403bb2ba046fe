package screens

import (
	"context"
	"strings"
	"time"
)

// sendNowWait is how long the technician screen waits for the uploader to
// answer a Send now before it says the server has not answered yet.
const sendNowWait = 20 * time.Second

// sendWatch is a Send now whose outcome the technician screen awaits: the
// uploader's status when it was pressed, and when to stop waiting.
type sendWatch struct {
	before SyncStatus
	until  time.Time
}

// sendNow asks the uploader to send at once and says what happened: the
// uploader only takes a signal, so the screen compares its status before
// and after (followSendNow).
func (k *Kiosk) sendNow() {
	v := k.tech
	st, err := k.d.Recorder.Stats(context.Background(), k.clock.Now())
	if err == nil && st.Pending == 0 {
		// the uploader is still asked: it checks the outbox and the server
		v.send = nil
		k.techNotice(bi("tech.send.nothing"))
		k.d.SendNow()
		return
	}
	v.send = &sendWatch{before: k.d.Sync(), until: k.clock.Now().Add(sendNowWait)}
	k.techNotice(bi("tech.send.sending"))
	k.d.SendNow()
	k.refreshTechnician()
}

// followSendNow reports the Send now in v.send once the uploader has made
// an attempt after it (or sent something), or once sendNowWait is over.
func (k *Kiosk) followSendNow(v *techView, now time.Time) {
	b, s := v.send.before, k.d.Sync()
	sent := s.Uploaded - b.Uploaded
	tried := s.LastAttempt.After(b.LastAttempt) || sent > 0 || s.Failures != b.Failures
	switch {
	case tried && !s.Sending:
		v.send = nil
		var msg []string
		if sent > 0 {
			msg = append(msg, bi("tech.send.sent", sent))
		}
		if s.Failures > 0 {
			vi, en := splitBi(s.LastError)
			msg = append(msg, tr(LangVI, "tech.send.failed", vi)+" / "+tr(LangEN, "tech.send.failed", en))
		}
		if len(msg) == 0 {
			msg = append(msg, bi("tech.send.nothing"))
		}
		k.techNotice(strings.Join(msg, "\n"))
	case !now.Before(v.send.until):
		v.send = nil
		k.techNotice(bi("tech.send.noanswer", int(sendNowWait/time.Second)))
	}
}

// techNotice shows what the last action did, above the rows.
func (k *Kiosk) techNotice(text string) {
	n := k.tech.notice
	n.SetText(text)
	n.Show()
	if k.tech.body != nil { // the notice's height changed: lay the screen out again
		k.tech.body.Refresh()
	}
}

// splitBi splits "vi / en" into its halves; a text in one language is both.
func splitBi(s string) (vi, en string) {
	if vi, en, ok := strings.Cut(s, " / "); ok {
		return vi, en
	}
	return s, s
}
