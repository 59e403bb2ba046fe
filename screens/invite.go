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

// invite opens a rating for one citizen (F9 or POST /trigger). It expires
// after the configured time if nobody rates.
func (k *Kiosk) invite(source, ticket, dossier string) (string, error) {
	if k.cfg.Trigger != survey.TriggerInvite {
		return "", ErrNotInviteMode
	}
	if k.officer == nil {
		return "", ErrCounterClosed
	}
	if k.inv != nil {
		return k.inv.ID, ErrInvitationOpen
	}
	id, err := uuid.NewV7()
	if err != nil {
		return "", fmt.Errorf("invitation id: %w", err)
	}
	now := k.clock.Now()
	inv := survey.Invitation{ID: id.String(), Source: source, OfficerID: k.officer.ID, Ticket: ticket, DossierCode: dossier,
		CreatedAt: now, ExpiresAt: now.Add(k.cfg.Timings.InvitationTTL), Status: survey.InvitationOpen}
	if err := k.d.Recorder.RecordInvitation(context.Background(), inv); err != nil {
		k.lastErr = k.describe(err)
		return "", fmt.Errorf("record invitation: %w", err)
	}
	k.inv = &inv
	invID := inv.ID
	k.invTimer = k.clock.AfterFunc(k.cfg.Timings.InvitationTTL, func() {
		fyne.Do(func() { k.expireInvitation(invID) })
	})
	if k.screen == ScreenIdle {
		k.showRating(true)
	}
	return inv.ID, nil
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

func (k *Kiosk) closeInvitation(status string) {
	k.stopInvitationTimer()
	if err := k.d.Recorder.CloseInvitation(context.Background(), k.inv.ID, status, "", k.clock.Now()); err != nil {
		k.log.Error("close invitation", "id", k.inv.ID, "err", err)
	}
	k.inv = nil
}

func (k *Kiosk) stopInvitationTimer() {
	if k.invTimer != nil {
		k.invTimer.Stop()
		k.invTimer = nil
	}
}
