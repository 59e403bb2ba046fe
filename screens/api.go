package screens

import (
	"fyne.io/fyne/v2"

	"hailong/kiosk/localapi"
)

var _ localapi.Controller = (*Kiosk)(nil)

// Invite opens a rating from a queue-ticket system (POST /trigger). It is
// called from an HTTP goroutine and runs on the Fyne thread.
func (k *Kiosk) Invite(ticket, dossierCode string) (id string, err error) {
	fyne.DoAndWait(func() { id, err = k.invite("api", ticket, dossierCode) })
	return id, err
}

// SignIn signs an officer in from a queue system (POST /officer).
func (k *Kiosk) SignIn(officerID string) (err error) {
	fyne.DoAndWait(func() {
		o, ok := k.cfg.Officer(officerID)
		switch {
		case !ok:
			err = ErrUnknownOfficer
		case k.draft != nil:
			err = ErrBusy
		default:
			if err = k.signIn(o, "api"); err == nil && k.isCitizenHome() {
				k.showHome()
			}
		}
	})
	return err
}

// SignOut closes the counter from a queue system (DELETE /officer).
func (k *Kiosk) SignOut() (err error) {
	fyne.DoAndWait(func() {
		if k.draft != nil {
			err = ErrBusy
			return
		}
		if err = k.signOut("api"); err == nil && k.isCitizenHome() {
			k.showHome()
		}
	})
	return err
}

// Status reports the trigger mode, the officer and any open invitation.
func (k *Kiosk) Status() (s localapi.Status) {
	fyne.DoAndWait(func() {
		s.Mode = k.cfg.Trigger
		if k.officer != nil {
			s.OfficerID = k.officer.ID
		}
		s.InvitationOpen = k.inv != nil
	})
	return s
}

// isCitizenHome reports whether the screen on show is one of the resting
// citizen screens, which a sign-in or sign-out must redraw.
func (k *Kiosk) isCitizenHome() bool {
	switch k.screen {
	case ScreenClosed, ScreenIdle, ScreenRating:
		return true
	}
	return false
}
