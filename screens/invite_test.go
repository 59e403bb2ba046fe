package screens

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hailong/kiosk/localapi"
	"hailong/kiosk/survey"
)

func inviteMode(c *survey.Config) { c.Trigger = survey.TriggerInvite }

func TestInviteModeOneRatingPerInvitation(t *testing.T) {
	r := newRig(t, inviteMode)
	r.wantScreen(ScreenIdle)
	r.typeRunes("1")
	if len(r.responses()) != 0 {
		t.Fatal("idle screen took a rating without an invitation")
	}
	r.key(fyne.KeyF9)
	r.wantScreen(ScreenRating)
	invID := r.k.inv.ID
	r.advance(1200 * time.Millisecond)
	test.Tap(r.k.tiles[1])
	got := r.only()
	if got.InvitationID != invID || got.DurationMS != 1200 {
		t.Fatalf("invitation %q duration %d, want %q 1200", got.InvitationID, got.DurationMS, invID)
	}
	inv, err := r.db.Invitation(context.Background(), invID)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Status != survey.InvitationUsed || inv.ResponseID != got.ID {
		t.Fatalf("invitation %+v not closed as used by %s", inv, got.ID)
	}
	// The invitation counts for the officer signed in when it was issued
	// (the server's response rate is per officer).
	if inv.OfficerID == "" || inv.OfficerID != got.OfficerID {
		t.Fatalf("invitation officer %q, want the rated officer %q", inv.OfficerID, got.OfficerID)
	}
	r.advance(4 * time.Second)
	r.wantScreen(ScreenIdle) // the invitation is spent
	r.typeRunes("1")
	if n := len(r.responses()); n != 1 {
		t.Fatalf("%d responses after one invitation", n)
	}
}

func TestInvitationExpires(t *testing.T) {
	r := newRig(t, func(c *survey.Config) {
		inviteMode(c)
		c.Timings.RatingTimeout = 90 * time.Second // let the 60 s invitation expiry act first
	})
	r.key(fyne.KeyF9)
	id := r.k.inv.ID
	r.advance(59 * time.Second)
	r.wantScreen(ScreenRating)
	r.advance(2 * time.Second)
	r.wantScreen(ScreenIdle)
	inv, err := r.db.Invitation(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Status != survey.InvitationExpired {
		t.Fatalf("status %q, want expired", inv.Status)
	}
	r.typeRunes("1")
	if len(r.responses()) != 0 {
		t.Fatal("an expired invitation took a rating")
	}
}

func TestRatingScreenTimesOutUntouched(t *testing.T) {
	r := newRig(t, inviteMode)
	r.key(fyne.KeyF9)
	r.advance(29 * time.Second)
	r.wantScreen(ScreenRating)
	r.advance(2 * time.Second)
	r.wantScreen(ScreenIdle)
	if len(r.responses()) != 0 {
		t.Fatal("a timeout stored a rating nobody gave")
	}
}

func TestInviteAPIWithTicketAndDossier(t *testing.T) {
	r := newRig(t, func(c *survey.Config) { inviteMode(c); c.Dossier = survey.DossierOptional })
	id, err := r.k.invite("api", "A012", "000.00.H22-7")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.k.invite("api", "A013", ""); !errors.Is(err, ErrInvitationOpen) {
		t.Fatalf("second invitation: %v, want ErrInvitationOpen", err)
	}
	r.typeRunes("1") // the dossier code came with the invitation: no keypad
	got := r.only()
	if got.InvitationID != id || got.Ticket != "A012" || got.DossierCode != "000.00.H22-7" {
		t.Fatalf("stored %+v", got)
	}
}

func TestInviteRefusedWhenOpenModeOrClosed(t *testing.T) {
	r := newRig(t, nil)
	if _, err := r.k.invite("api", "", ""); !errors.Is(err, ErrNotInviteMode) {
		t.Fatalf("open mode: %v", err)
	}
	r = newRig(t, inviteMode)
	if err := r.k.signOut("test"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.k.invite("api", "", ""); !errors.Is(err, ErrCounterClosed) {
		t.Fatalf("closed: %v", err)
	}
}

func TestLanguageToggleResetsAtIdle(t *testing.T) {
	r := newRig(t, nil)
	test.Tap(r.k.chrome.langBtn)
	if r.k.Lang() != LangEN || r.k.tiles[0].Label != "Very satisfied" {
		t.Fatalf("lang %s label %q", r.k.Lang(), r.k.tiles[0].Label)
	}
	r.advance(31 * time.Second) // untouched: back to Vietnamese
	if r.k.Lang() != LangVI || r.k.tiles[0].Label != "Rất hài lòng" {
		t.Fatalf("lang %s label %q after idle", r.k.Lang(), r.k.tiles[0].Label)
	}
	test.Tap(r.k.chrome.langBtn)
	r.typeRunes("3")
	if r.k.chips["wait"].Text != "Long waiting time" {
		t.Fatalf("reason chip %q in English", r.k.chips["wait"].Text)
	}
	r.key(fyne.KeyEscape)
	if got := r.only(); got.Lang != "en" {
		t.Fatalf("lang stored %q", got.Lang)
	}
	r.advance(4 * time.Second)
	if r.k.Lang() != LangVI {
		t.Fatal("language not reset after thanks")
	}
}

func TestLocalAPIDrivesTheKiosk(t *testing.T) {
	const secret = "queue-secret-0123456789"
	r := newRig(t, inviteMode)
	srv := httptest.NewServer(localapi.New(r.k, secret))
	defer srv.Close()
	call := func(method, path, body string) int {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := call("POST", "/officer", `{"officer_id":"cb03"}`); got != http.StatusNoContent {
		t.Fatalf("sign in: %d", got)
	}
	if r.k.officer == nil || r.k.officer.ID != "cb03" {
		t.Fatalf("officer %+v", r.k.officer)
	}
	if got := call("POST", "/officer", `{"officer_id":"nobody"}`); got != http.StatusNotFound {
		t.Fatalf("unknown officer: %d", got)
	}
	if got := call("POST", "/trigger", `{"ticket":"B007"}`); got != http.StatusAccepted {
		t.Fatalf("trigger: %d", got)
	}
	r.wantScreen(ScreenRating)
	if got := call("POST", "/trigger", `{}`); got != http.StatusConflict {
		t.Fatalf("second trigger: %d", got)
	}
	r.typeRunes("1")
	if got := r.only(); got.Ticket != "B007" || got.OfficerID != "cb03" {
		t.Fatalf("stored ticket %q officer %q", got.Ticket, got.OfficerID)
	}
	r.advance(4 * time.Second)
	if got := call("DELETE", "/officer", ""); got != http.StatusNoContent {
		t.Fatalf("sign out: %d", got)
	}
	r.wantScreen(ScreenClosed)
	if got := call("POST", "/trigger", `{}`); got != http.StatusConflict {
		t.Fatalf("trigger on a closed counter: %d", got)
	}
}
