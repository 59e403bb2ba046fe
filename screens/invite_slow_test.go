package screens

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"hailong/kiosk/survey"
)

// blockingInvitations holds every invitation write until the test releases
// it, as an eMMC that stalls an fsync would.
type blockingInvitations struct {
	survey.Recorder
	release chan struct{}
}

func (b blockingInvitations) RecordInvitation(ctx context.Context, inv survey.Invitation) error {
	<-b.release
	return b.Recorder.RecordInvitation(ctx, inv)
}

func (b blockingInvitations) CloseInvitation(ctx context.Context, id, status, responseID string, at time.Time) error {
	<-b.release
	return b.Recorder.CloseInvitation(ctx, id, status, responseID, at)
}

// TestSlowDiskInvitationNeverFreezesTheWindow: opening and expiring an
// invitation write to disk off the UI thread; a second F9 while the first
// is being written opens no second invitation; the rating screen opens
// only once the invitation is on disk.
func TestSlowDiskInvitationNeverFreezesTheWindow(t *testing.T) {
	r := newRig(t, func(c *survey.Config) {
		inviteMode(c)
		c.Timings.RatingTimeout = 90 * time.Second // let the 60 s invitation expiry act first
	})
	release := make(chan struct{})
	r.k.d.Recorder = blockingInvitations{Recorder: r.db, release: release}
	done := make(chan func(), 4)
	r.k.offUI = func(work, then func()) {
		go func() {
			work()
			done <- then
		}()
	}
	within(t, time.Second, "F9", func() { r.key(fyne.KeyF9) })
	r.wantScreen(ScreenIdle) // not on disk yet
	id := r.k.inv.ID
	within(t, time.Second, "a second F9", func() { r.key(fyne.KeyF9) })
	if r.k.inv.ID != id {
		t.Fatal("a second F9 during the write replaced the invitation")
	}
	close(release)
	(<-done)()
	r.wantScreen(ScreenRating)
	select {
	case <-done:
		t.Fatal("the second F9 wrote a second invitation")
	default:
	}

	// The expiry's write, too, runs off the UI thread.
	r.k.d.Recorder = blockingInvitations{Recorder: r.db, release: make(chan struct{})}
	within(t, time.Second, "the expiry", func() { r.advance(61 * time.Second) })
	r.wantScreen(ScreenIdle)
	close(r.k.d.Recorder.(blockingInvitations).release)
	(<-done)()
	inv, err := r.db.Invitation(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Status != survey.InvitationExpired {
		t.Fatalf("status %q, want expired", inv.Status)
	}
}
