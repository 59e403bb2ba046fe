package screens

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hailong/kiosk/survey"
)

func TestShortPressOnLogoDoesNothing(t *testing.T) {
	r := newRig(t, nil)
	r.k.chrome.logo.Press()
	r.advance(2 * time.Second)
	r.k.chrome.logo.Release()
	r.advance(5 * time.Second)
	r.wantScreen(ScreenRating)
	r.longPressLogo()
	r.wantScreen(ScreenStaff)
}

// TestSignOutChecksTheOfficerFirst: an officer signing out waits for one
// slow hash, not the technician's first.
func TestSignOutChecksTheOfficerFirst(t *testing.T) {
	r := newRig(t, nil)
	got := r.k.pinKeys(pinOfficerSignOut, nil)
	if len(got) != 2 || got[0].Hash != r.k.officer.PINHash || got[1].Hash != r.k.cfg.TechnicianPIN {
		t.Fatalf("sign-out hashes %q: want the officer's, then the technician's", got)
	}
}

func TestOfficerSignOutClosesTheCounter(t *testing.T) {
	r := newRig(t, nil)
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.signout"])
	r.enterPIN("1111") // the officer on duty's own PIN
	r.wantScreen(ScreenClosed)
	r.typeRunes("1")
	if len(r.responses()) != 0 {
		t.Fatal("a closed counter took a rating")
	}
	id, ever, err := r.db.CurrentOfficer(context.Background())
	if err != nil || id != "" || !ever {
		t.Fatalf("current officer %q ever %v err %v", id, ever, err)
	}
}

func TestOfficerSignInSwitchesOfficer(t *testing.T) {
	r := newRig(t, nil)
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.signin"])
	r.wantScreen(ScreenPick)
	test.Tap(r.k.staffBtn["cb02"])
	r.enterPIN("1111") // cb01's PIN does not sign in cb02
	r.wantScreen(ScreenPIN)
	if !strings.Contains(r.k.pin.message.Text, "Còn 4 lần") {
		t.Fatalf("message %q", r.k.pin.message.Text)
	}
	r.enterPIN("2222")
	r.wantScreen(ScreenRating)
	r.typeRunes("1")
	if got := r.only(); got.OfficerID != "cb02" {
		t.Fatalf("rated officer %q, want cb02", got.OfficerID)
	}
	// the sign-in survives a restart
	r2 := newRigAt(t, r.dir, fyne.NewSize(1280, 800), nil)
	if r2.k.officer == nil || r2.k.officer.ID != "cb02" {
		t.Fatalf("after restart officer %+v", r2.k.officer)
	}
}

func TestPINLockSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	r := newRigAt(t, dir, fyne.NewSize(1280, 800), nil)
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.technician"])
	for i := 0; i < 5; i++ {
		r.enterPIN("0000")
	}
	if !r.k.pin.ok.Disabled || !strings.Contains(r.k.pin.message.Text, "Đã khóa") {
		t.Fatalf("pad not locked after 5 wrong PINs: %q", r.k.pin.message.Text)
	}
	test.Tap(r.k.pin.keys["9"]) // disabled keys do nothing
	if r.k.pin.digits != "" {
		t.Fatal("a locked pad took a digit")
	}
	r.db.Close()

	r2 := newRigAt(t, dir, fyne.NewSize(1280, 800), nil)
	r2.clock.Advance(time.Minute)
	r2.longPressLogo()
	test.Tap(r2.k.staffBtn["staff.technician"])
	if !r2.k.pin.ok.Disabled {
		t.Fatal("the lock did not survive a restart")
	}
	r2.k.checkPIN(pinTechnician, nil, "909090") // even the right PIN is refused while locked
	r2.wantScreen(ScreenPIN)
	r2.advance(4 * time.Minute)
	r2.wantScreen(ScreenRating) // a locked pad, too, gives way to citizens after the staff timeout
	r2.longPressLogo()
	test.Tap(r2.k.staffBtn["staff.technician"])
	if r2.k.pin.ok.Disabled {
		t.Fatal("still locked after 5 minutes")
	}
	r2.enterPIN("909090")
	r2.wantScreen(ScreenTechnician)
}

func TestTechnicianScreenAndQuit(t *testing.T) {
	r := newRig(t, nil)
	r.typeRunes("1")
	r.advance(5 * time.Second)
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.technician"])
	r.enterPIN("909090")
	r.wantScreen(ScreenTechnician)
	info := r.k.techInfo
	if info["tech.today"] != "1" || info["tech.pending"] != "1" || info["tech.version"] != "test" || info["tech.datadir"] != r.dir {
		t.Fatalf("technician info %v", info)
	}
	if !strings.Contains(info["tech.centre"], "qn-hcc") || info["tech.kiosk"] == "" || info["tech.disk"] == "" {
		t.Fatalf("technician info %v", info)
	}
	test.Tap(r.k.staffBtn["tech.enterfull"]) // the test window starts windowed
	if !r.w.FullScreen() || r.k.staffBtn["tech.leavefull"] == nil {
		t.Fatal("full screen not entered")
	}
	test.Tap(r.k.staffBtn["tech.leavefull"])
	if r.w.FullScreen() {
		t.Fatal("full screen not left")
	}
	test.Tap(r.k.staffBtn["tech.quit"])
	test.Tap(r.k.staffBtn["quit.confirm"]) // TestQuitAsksToConfirm
	if r.quit != 1 {
		t.Fatal("quit not called")
	}
}

func TestCloseInFullScreenNeedsTechnicianPIN(t *testing.T) {
	r := newRig(t, nil)
	r.k.d.FullScreen = true
	r.w.SetFullScreen(true)
	r.k.closeRequested()
	r.wantScreen(ScreenPIN)
	if r.quit != 0 {
		t.Fatal("closed without a PIN")
	}
	r.enterPIN("1111") // an officer PIN is not enough
	if r.quit != 0 {
		t.Fatal("an officer PIN closed the kiosk")
	}
	r.enterPIN("909090")
	if r.quit != 1 {
		t.Fatal("technician PIN did not close the kiosk")
	}
}

func TestStaffScreensTimeOut(t *testing.T) {
	r := newRig(t, nil)
	r.longPressLogo()
	r.advance(61 * time.Second)
	r.wantScreen(ScreenRating)
}

func TestStaffIgnoredDuringARating(t *testing.T) {
	r := newRig(t, nil)
	r.typeRunes("3")
	r.longPressLogo()
	r.wantScreen(ScreenReasons)
}

// failingRecorder fails SaveResponse while broken is set.
type failingRecorder struct {
	survey.Recorder
	broken bool
}

func (f *failingRecorder) SaveResponse(ctx context.Context, r survey.Response) (survey.Response, error) {
	if f.broken {
		return survey.Response{}, errors.New("database or disk is full")
	}
	return f.Recorder.SaveResponse(ctx, r)
}

func TestFailedSaveShowsOutOfServiceAndKeepsTheRating(t *testing.T) {
	r := newRig(t, nil)
	fr := &failingRecorder{Recorder: r.db, broken: true}
	r.k.d.Recorder = fr
	r.typeRunes("2")
	r.wantScreen(ScreenOutOfOrder) // never thanks for a rating that is not on disk
	r.typeRunes("1")
	r.advance(30 * time.Second)
	r.wantScreen(ScreenOutOfOrder)
	if len(r.responses()) != 0 || r.k.unsaved == nil {
		t.Fatal("the unsaved rating was lost or a rating was taken out of service")
	}
	if !strings.Contains(r.k.technicianInfo()[9][1], "disk is full") {
		t.Fatalf("technician error %q", r.k.technicianInfo()[9][1])
	}
	fr.broken = false
	r.advance(10 * time.Second)
	r.wantScreen(ScreenRating)
	if got := r.only(); got.RawValue != 2 || got.CreatedAt != start.Format(survey.TimeLayout) {
		t.Fatalf("kept rating stored as %+v", got)
	}
}

func TestStaffMenuByKeyboard(t *testing.T) {
	r := newRig(t, nil)
	r.longPressLogo()
	r.typeRunes("1") // 1 · sign in
	r.wantScreen(ScreenPick)
	r.typeRunes("3") // the third officer on the roster
	r.wantScreen(ScreenPIN)
	r.typeRunes("3333")
	r.key(fyne.KeyReturn)
	r.wantScreen(ScreenRating)
	if r.k.officer.ID != "cb03" {
		t.Fatalf("officer %s", r.k.officer.ID)
	}
	r.longPressLogo()
	r.typeRunes("3") // 3 · technician, whoever is signed in
	r.typeRunes("909090")
	r.key(fyne.KeyReturn)
	r.wantScreen(ScreenTechnician)
}

// TestOfficerWrongPINsDoNotLockTheTechnician: five wrong PINs at an
// officer's sign-in lock the officers' pads, not the technician's, who must
// still reach the health screen of that counter (issue 11, item 4). The
// officer's lock stays: sign-in is still refused.
func TestOfficerWrongPINsDoNotLockTheTechnician(t *testing.T) {
	r := newRig(t, nil)
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.signin"])
	test.Tap(r.k.staffBtn["cb02"])
	for i := 0; i < 5; i++ {
		r.enterPIN("0000")
	}
	if !r.k.pin.ok.Disabled {
		t.Fatalf("officer pad not locked after 5 wrong PINs: %q", r.k.pin.message.Text)
	}
	// the lock says how long, as a countdown (TestPINLockCountsDown)
	if msg := r.k.pin.message.Text; !strings.Contains(msg, "Thử lại sau 5:00") || !strings.Contains(msg, "Try again in 5:00") {
		t.Fatalf("lock message %q, want the wait in both languages", msg)
	}
	r.advance(staffTimeout)
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.technician"])
	if r.k.pin.ok.Disabled {
		t.Fatalf("the technician's pad is locked by the officer's wrong PINs: %q", r.k.pin.message.Text)
	}
	r.enterPIN("909090")
	r.wantScreen(ScreenTechnician)

	r.k.showHome()
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.signin"])
	test.Tap(r.k.staffBtn["cb02"])
	if !r.k.pin.ok.Disabled {
		t.Fatal("the technician's right PIN lifted the officers' lock")
	}
}

// TestTechnicianWrongPINsDoNotLockTheOfficers: the other way round, a
// technician's typos do not close the counter's sign-in.
func TestTechnicianWrongPINsDoNotLockTheOfficers(t *testing.T) {
	r := newRig(t, nil)
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.technician"])
	for i := 0; i < 5; i++ {
		r.enterPIN("000000")
	}
	if !r.k.pin.ok.Disabled {
		t.Fatal("technician pad not locked after 5 wrong PINs")
	}
	r.advance(staffTimeout)
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.signin"])
	test.Tap(r.k.staffBtn["cb02"])
	r.enterPIN("2222")
	r.wantScreen(ScreenRating)
	// and the sign-out pad, which also takes the technician's PIN, does
	// not let it through while the technician's lock holds
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.signout"])
	r.enterPIN("909090")
	r.wantScreen(ScreenPIN)
	if r.k.officer == nil {
		t.Fatal("a locked technician PIN signed the officer out")
	}
}

// TestPINLockCountsDown: the lock message counts down live, second by
// second, in minutes and seconds ("4:59", never "5m0s" nor "0s"), and the
// pad opens again, without the message, when the lock ends (issue 11,
// item 4).
func TestPINLockCountsDown(t *testing.T) {
	r := newRig(t, nil)
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.technician"])
	for i := 0; i < 5; i++ {
		r.enterPIN("000000")
	}
	steps := []struct {
		after  time.Duration
		reopen bool   // the pad went home at the staff timeout: open it again
		want   string // "" once unlocked
	}{
		{0, false, "5:00"},
		{time.Second, false, "4:59"},
		{500 * time.Millisecond, false, "4:59"},
		{500 * time.Millisecond, false, "4:58"},
		{50 * time.Second, false, "4:08"},
		{3*time.Minute + 57*time.Second, true, "0:08"}, // the hold on the logo takes 3 s
		{7 * time.Second, false, "0:01"},
		{time.Second, false, ""},
	}
	for _, s := range steps {
		r.advance(s.after)
		if s.reopen {
			// like every staff screen, a locked pad goes back to the
			// citizens after the staff timeout
			r.wantScreen(ScreenRating)
			r.longPressLogo()
			test.Tap(r.k.staffBtn["staff.technician"])
		}
		r.wantScreen(ScreenPIN)
		msg := r.k.pin.message.Text
		if s.want == "" {
			if r.k.pin.ok.Disabled || msg != "" {
				t.Fatalf("after the lock: disabled %v, message %q", r.k.pin.ok.Disabled, msg)
			}
			continue
		}
		vi, en := "Thử lại sau "+s.want+".", "Try again in "+s.want+"."
		if !strings.Contains(msg, vi) || !strings.Contains(msg, en) || !r.k.pin.ok.Disabled {
			t.Fatalf("message %q (disabled %v), want %q and %q", msg, r.k.pin.ok.Disabled, vi, en)
		}
	}
	r.enterPIN("909090")
	r.wantScreen(ScreenTechnician)
}

// TestPINTriesLeftReadsNaturally: "1 try left", not "1 tries left"; the
// Vietnamese has no plural ("Còn 1 lần thử").
func TestPINTriesLeftReadsNaturally(t *testing.T) {
	r := newRig(t, nil)
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.technician"])
	want := []struct{ vi, en string }{
		{"Còn 4 lần thử.", "4 tries left."},
		{"Còn 3 lần thử.", "3 tries left."},
		{"Còn 2 lần thử.", "2 tries left."},
		{"Còn 1 lần thử.", "1 try left."},
	}
	for _, w := range want {
		r.enterPIN("000000")
		if msg := r.k.pin.message.Text; !strings.Contains(msg, w.vi) || !strings.Contains(msg, w.en) {
			t.Fatalf("message %q, want %q and %q", msg, w.vi, w.en)
		}
	}
}

// TestSignOutPadNamesTheOfficer: the sign-out pad asks for the PIN of the
// officer on duty, by name.
func TestSignOutPadNamesTheOfficer(t *testing.T) {
	r := newRig(t, nil)
	name := r.k.officer.Name
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.signout"])
	r.wantScreen(ScreenPIN)
	if got := r.k.pin.title.Text; !strings.Contains(got, name) {
		t.Fatalf("sign-out pad title %q does not name %s", got, name)
	}
}

// TestStaffMenuKeepsItsEntries: the menu has the same entries, numbers and
// places whether or not an officer is signed in; sign out is disabled (and
// its number does nothing) when nobody is (issue 11, item 4).
func TestStaffMenuKeepsItsEntries(t *testing.T) {
	type entry struct {
		label string
		pos   fyne.Position
	}
	menu := func(r *rig) []entry {
		var es []entry
		for _, key := range []string{"staff.signin", "staff.signout", "staff.technician", "staff.back"} {
			b := r.k.staffBtn[key]
			if b == nil {
				t.Fatalf("no %s entry", key)
			}
			es = append(es, entry{b.Text, b.Position()})
		}
		return es
	}
	r := newRig(t, nil)
	r.longPressLogo()
	signedIn := menu(r)
	if r.k.staffBtn["staff.signout"].Disabled {
		t.Fatal("sign out disabled while an officer is signed in")
	}
	if err := r.k.signOut("test"); err != nil {
		t.Fatal(err)
	}
	r.k.showHome()
	r.longPressLogo()
	r.wantScreen(ScreenStaff)
	if got := menu(r); len(got) != len(signedIn) {
		t.Fatalf("entries %v, want %v", got, signedIn)
	} else {
		for i := range got {
			if got[i] != signedIn[i] {
				t.Errorf("entry %d is %+v without an officer, %+v with one", i, got[i], signedIn[i])
			}
		}
	}
	if !r.k.staffBtn["staff.signout"].Disabled {
		t.Fatal("sign out enabled with nobody signed in")
	}
	r.typeRunes("2") // sign out's number: nothing to do
	r.wantScreen(ScreenStaff)
	r.typeRunes("3")
	r.wantScreen(ScreenPIN) // the technician's pad
}
