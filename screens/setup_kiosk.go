package screens

import "time"

// setupTimeout sends an abandoned Enrol again back to the citizen
// screens; every key holds it off, since typing an address takes longer
// than a staff screen's minute.
const setupTimeout = 3 * time.Minute

// showReenrol is the technician screen's Enrol again: the setup screen
// with the server in use pre-filled and a Back to the technician screen.
// The technician screen is behind the technician PIN, so this is too. On
// success the counter comes back on the new enrolment.
func (k *Kiosk) showReenrol() {
	server := ""
	if k.d.EnrolServer != nil {
		server = k.d.EnrolServer()
	}
	var s *Setup
	s = NewSetup(SetupDeps{
		Window: k.d.Window, Server: server, Enrol: k.d.Reenrol, Log: k.log,
		Back: k.showTechnician,
		Done: func() {
			// not if the screen timed out meanwhile: a citizen may be rating
			if k.setup == s && k.screen == ScreenSetup {
				k.showHome()
			}
		},
		Activity: func() {
			if k.setup == s {
				k.touched(setupTimeout, k.showHome)
			}
		},
	})
	s.offUI = k.offUI
	k.setup = s
	k.setContent(ScreenSetup, s.Content(), setupTimeout, k.showHome)
}

// SetSync shows a new uploader's state on the technician screen and
// sends it the saves, after a re-enrolment replaced the uploader (or
// enrolled a kiosk that had none).
func (k *Kiosk) SetSync(sync func() SyncStatus, sendNow, onSaved func()) {
	k.d.Sync, k.d.SendNow, k.d.OnSaved = sync, sendNow, onSaved
}
