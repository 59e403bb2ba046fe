package screens

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"github.com/google/uuid"

	"hailong/kiosk/survey"
)

// Errors of invitations and remote sign-in are the domain's, which the
// local API answers each with its own status.
var (
	ErrNotInviteMode  = survey.ErrNotInviteMode
	ErrCounterClosed  = survey.ErrCounterClosed
	ErrInvitationOpen = survey.ErrInvitationOpen
	ErrUnknownOfficer = survey.ErrUnknownOfficer
	ErrBusy           = survey.ErrBusy
)

// invite opens a rating for one citizen (F9). The invitation is written
// off the UI thread, so a slow disk never freezes the window; the rating
// screen shows once it is on disk, and its expiry counts from then.
func (k *Kiosk) invite(source, ticket, dossier string) (string, error) {
	inv, err := k.reserveInvitation(source, ticket, dossier)
	if err != nil {
		return inv.ID, err
	}
	rec := k.d.Recorder
	var werr error
	k.offUI(func() { werr = rec.RecordInvitation(context.Background(), inv) },
		func() { k.invitationRecorded(inv, werr) })
	return inv.ID, nil
}

// reserveInvitation checks that an invitation may open and holds its
// place: a second one is refused while the first is being written.
func (k *Kiosk) reserveInvitation(source, ticket, dossier string) (survey.Invitation, error) {
	if k.cfg.Trigger != survey.TriggerInvite {
		return survey.Invitation{}, ErrNotInviteMode
	}
	if k.officer == nil {
		return survey.Invitation{}, ErrCounterClosed
	}
	if k.inv != nil {
		return survey.Invitation{ID: k.inv.ID}, ErrInvitationOpen
	}
	id, err := uuid.NewV7()
	if err != nil {
		return survey.Invitation{}, fmt.Errorf("invitation id: %w", err)
	}
	now := k.clock.Now()
	inv := survey.Invitation{ID: id.String(), Source: source, OfficerID: k.officer.ID, Ticket: ticket, DossierCode: dossier,
		CreatedAt: now, ExpiresAt: now.Add(k.cfg.Timings.InvitationTTL), Status: survey.InvitationOpen}
	k.inv, k.invOnDisk = &inv, false
	return inv, nil
}

// invitationRecorded runs on the UI thread once the invitation's write has
// ended: on success the rating screen opens and the expiry starts; an
// invitation withdrawn meanwhile (the officer signed out) is closed.
func (k *Kiosk) invitationRecorded(inv survey.Invitation, err error) {
	mine := k.inv != nil && k.inv.ID == inv.ID
	if err != nil {
		k.lastErr = k.describe(err)
		k.log.Error("record invitation", "id", inv.ID, "err", err)
		if mine {
			k.inv = nil
		}
		return
	}
	if !mine {
		k.writeInvitationClose(inv.ID, survey.InvitationExpired)
		return
	}
	k.invOnDisk = true
	k.invTimer = k.clock.AfterFunc(k.cfg.Timings.InvitationTTL, func() {
		fyne.Do(func() { k.expireInvitation(inv.ID) })
	})
	if k.screen == ScreenIdle {
		k.showRating(true)
	}
}

// expireInvitation ends an invitation nobody used.
func (k *Kiosk) expireInvitation(id string) {
	if k.inv == nil || k.inv.ID != id {
		return
	}
	if k.draft != nil && k.draft.Invitation() != nil && k.draft.Invitation().ID == id {
		return // the citizen already tapped: the rating is on its way
	}
	k.closeInvitation(survey.InvitationExpired)
	if k.screen == ScreenRating {
		k.showHome()
	}
}

// closeInvitation ends the open invitation with status. The write runs off
// the UI thread; one still being recorded is closed when its write ends.
func (k *Kiosk) closeInvitation(status string) {
	k.stopInvitationTimer()
	if k.invOnDisk {
		k.writeInvitationClose(k.inv.ID, status)
	}
	k.inv, k.invOnDisk = nil, false
}

// writeInvitationClose records an invitation's end off the UI thread.
func (k *Kiosk) writeInvitationClose(id, status string) {
	rec, now := k.d.Recorder, k.clock.Now()
	var err error
	k.offUI(func() { err = rec.CloseInvitation(context.Background(), id, status, "", now) }, func() {
		if err != nil {
			k.log.Error("close invitation", "id", id, "err", err)
		}
	})
}

func (k *Kiosk) stopInvitationTimer() {
	if k.invTimer != nil {
		k.invTimer.Stop()
		k.invTimer = nil
	}
}
