package screens

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"

	"hailong/kiosk/localapi"
	"hailong/kiosk/survey"
)

var _ localapi.Controller = (*Kiosk)(nil)

// Invite opens a rating from a queue-ticket system (POST /trigger). It is
// called from an HTTP goroutine: the checks and the screen run on the Fyne
// thread, the write on this goroutine, and the answer waits for the write.
func (k *Kiosk) Invite(ticket, dossierCode string) (id string, err error) {
	var inv survey.Invitation
	fyne.DoAndWait(func() { inv, err = k.reserveInvitation("api", ticket, dossierCode) })
	if err != nil {
		return inv.ID, err
	}
	err = k.d.Recorder.RecordInvitation(context.Background(), inv)
	fyne.DoAndWait(func() { k.invitationRecorded(inv, err) })
	if err != nil {
		return "", fmt.Errorf("record invitation: %w", err)
	}
	return inv.ID, nil
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
