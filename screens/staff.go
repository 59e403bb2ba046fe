package screens

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"hailong/kiosk/survey"
)

// What a PIN pad is opened for.
type pinPurpose int

const (
	pinOfficerSignIn pinPurpose = iota
	pinOfficerSignOut
	pinTechnician
	pinTechnicianQuit
	pinManager
)

// staffRequested is the 3-second press on the logo. It is ignored while a
// citizen is in the middle of a rating, so no draft is ever abandoned.
func (k *Kiosk) staffRequested() {
	if k.draft != nil {
		return
	}
	k.showStaffMenu()
}

// staff installs a staff screen: normal density, both languages, and a
// timeout back to the citizen screens.
func (k *Kiosk) staff(name string, body fyne.CanvasObject) {
	content := container.NewThemeOverride(container.NewPadded(body), staffTheme())
	k.setContent(name, content, staffTimeout, k.showHome)
}

func (k *Kiosk) showStaffMenu() {
	k.staffBtn = map[string]*BigButton{}
	k.staffKeys = nil
	// Every entry is always there, at the same number and place, so the
	// numbers a technician types and the place an officer taps do not
	// depend on who is signed in: an entry with nothing to do is disabled,
	// not hidden (issue 11, item 4).
	add := func(key string, enabled bool, f func()) *BigButton {
		var b *BigButton
		act := func() {
			if !b.Disabled {
				f()
			}
		}
		k.staffKeys = append(k.staffKeys, act)
		b = NewBigButton(fmt.Sprintf("%d · %s", len(k.staffKeys), bi(key)), f)
		b.Disabled = !enabled
		k.staffBtn[key] = b
		return b
	}
	var objs []fyne.CanvasObject
	objs = append(objs, add("staff.signin", true, k.showPickOfficer))
	objs = append(objs, add("staff.signout", k.officer != nil, func() { k.showPIN(pinOfficerSignOut, nil) }))
	objs = append(objs, add("staff.technician", true, func() { k.showPIN(pinTechnician, nil) }))
	// The manager's entry comes after the technician's, so the numbers a
	// technician types on a keyboard stay as they were. It is there only on
	// kiosks with a manager PIN, which does not change while the kiosk runs.
	if k.cfg.ManagerPIN != "" {
		objs = append(objs, add("staff.manager", true, func() { k.showPIN(pinManager, nil) }))
	}
	objs = append(objs, add("staff.back", true, k.showHome))
	list := container.New(minSizeLayout{fyne.NewSize(560, 0)}, container.NewVBox(objs...))
	body := container.NewCenter(container.NewVBox(heading(bi("staff.title"), theme.SizeNameHeadingText, fyne.TextAlignCenter), list))
	k.staff(ScreenStaff, body)
}

// showPickOfficer lists the roster as cards; tapping one asks for its PIN.
func (k *Kiosk) showPickOfficer() {
	k.staffBtn = map[string]*BigButton{}
	k.staffKeys = nil
	var objs []fyne.CanvasObject
	for _, o := range k.cfg.Officers {
		o := o
		f := func() { k.showPIN(pinOfficerSignIn, &o) }
		k.staffKeys = append(k.staffKeys, f)
		b := NewBigButton(fmt.Sprintf("%d · %s — %s", len(k.staffKeys), o.Name, o.Title), f)
		b.MinH = 110
		k.staffBtn[o.ID] = b
		objs = append(objs, b)
	}
	back := NewBigButton(bi("staff.back"), k.showStaffMenu)
	grid := container.New(gridLayout{cols: 2, gap: 12}, objs...)
	if k.portrait() {
		grid = container.New(gridLayout{cols: 1, gap: 12}, objs...)
	}
	body := container.NewBorder(heading(bi("staff.pick"), theme.SizeNameHeadingText, fyne.TextAlignCenter), back, nil, nil, container.NewVScroll(grid))
	k.staff(ScreenPick, body)
}

// showPIN opens the PIN pad for a purpose; officer is the one signing in.
func (k *Kiosk) showPIN(purpose pinPurpose, officer *survey.Officer) {
	title := bi("pin.title")
	switch purpose {
	case pinOfficerSignOut:
		// whose PIN: the officer on duty's (the technician's also works)
		if k.officer != nil {
			title = bi("pin.for", k.officer.Name)
		}
	case pinOfficerSignIn:
		title = bi("pin.for", officer.Name)
	case pinTechnician, pinTechnicianQuit:
		title = tr(LangVI, "pin.for", tr(LangVI, "staff.technician")) + " / " + tr(LangEN, "pin.for", tr(LangEN, "staff.technician"))
	case pinManager:
		title = tr(LangVI, "pin.for", tr(LangVI, "staff.manager")) + " / " + tr(LangEN, "pin.for", tr(LangEN, "staff.manager"))
	}
	k.pin = newPINPad(title, func(pin string) { k.checkPIN(purpose, officer, pin) }, k.showHome, k.portrait)
	k.staff(ScreenPIN, k.pin.content)
	k.showLockState(purpose)
}

// pinScope is the lock-out scope of a pad: the role whose PIN it asks for
// (survey.TryPIN). The sign-out pad is an officer's pad, even though it
// also takes the technician's PIN.
func pinScope(purpose pinPurpose) survey.PINRole {
	switch purpose {
	case pinTechnician, pinTechnicianQuit:
		return survey.RoleTechnician
	case pinManager:
		return survey.RoleManager
	}
	return survey.RoleOfficer
}

// pinKeys lists the hashes a PIN for purpose may match, the likeliest
// first: each costs a deliberately slow check (survey.CheckPIN), and at
// sign-out it is the officer, at every shift, not the technician.
func (k *Kiosk) pinKeys(purpose pinPurpose, officer *survey.Officer) []survey.PINKey {
	var keys []survey.PINKey
	switch purpose {
	case pinOfficerSignIn:
		keys = []survey.PINKey{{Role: survey.RoleOfficer, Hash: officer.PINHash}}
	case pinOfficerSignOut:
		if k.officer != nil {
			keys = append(keys, survey.PINKey{Role: survey.RoleOfficer, Hash: k.officer.PINHash})
		}
		keys = append(keys, survey.PINKey{Role: survey.RoleTechnician, Hash: k.cfg.TechnicianPIN})
	case pinTechnician, pinTechnicianQuit:
		keys = []survey.PINKey{{Role: survey.RoleTechnician, Hash: k.cfg.TechnicianPIN}}
	case pinManager:
		keys = []survey.PINKey{{Role: survey.RoleManager, Hash: k.cfg.ManagerPIN}} // "" matches no PIN
	}
	return keys
}

// checkPIN verifies a PIN with the one lock-out of the domain
// (survey.TryPIN), which counts failures in the store so the lock-out
// survives a restart.
func (k *Kiosk) checkPIN(purpose pinPurpose, officer *survey.Officer, pin string) {
	if k.showLockState(purpose) {
		return
	}
	v, err := survey.TryPIN(context.Background(), k.d.Recorder, k.cfg.Timings.PINPolicy(), pinScope(purpose),
		k.clock.Now(), pin, k.pinKeys(purpose, officer)...)
	if err != nil {
		k.pin.setMessage(bi("pin.error", err))
		return
	}
	if !v.Accepted {
		if !k.showLockState(purpose) {
			k.pin.setMessage(triesLeftText(v.TriesLeft))
		}
		k.touched(staffTimeout, k.showHome)
		return
	}
	k.pinAccepted(purpose, officer)
}

func (k *Kiosk) pinAccepted(purpose pinPurpose, officer *survey.Officer) {
	switch purpose {
	case pinOfficerSignIn:
		if err := k.signIn(*officer, "pin"); err != nil {
			k.pin.setMessage(bi("pin.error", err))
			return
		}
		k.showHome()
	case pinOfficerSignOut:
		if err := k.signOut("pin"); err != nil {
			k.pin.setMessage(bi("pin.error", err))
			return
		}
		k.showHome()
	case pinTechnician:
		k.showTechnician()
	case pinTechnicianQuit:
		k.quit()
	case pinManager:
		k.showManager()
	}
}

// signIn records the shift change (survey.ShiftChange): the officer on
// duty (if another) signs out first.
func (k *Kiosk) signIn(o survey.Officer, source string) error {
	from := ""
	if k.officer != nil {
		from = k.officer.ID
	}
	for _, e := range survey.ShiftChange(from, o.ID, source, k.clock.Now()) {
		if e.Kind == survey.ShiftSignOut {
			if err := k.signOut(source); err != nil {
				return err
			}
			continue
		}
		if err := k.d.Recorder.RecordShift(context.Background(), e); err != nil {
			return fmt.Errorf("sign in %s: %w", o.ID, err)
		}
		k.officer = &o
	}
	return nil
}

// signOut closes the counter: no rating is accepted until the next sign-in,
// and an open invitation expires.
func (k *Kiosk) signOut(source string) error {
	if k.officer == nil {
		return nil
	}
	err := k.d.Recorder.RecordShift(context.Background(), survey.ShiftEvent{OfficerID: k.officer.ID, Kind: survey.ShiftSignOut, Source: source, At: k.clock.Now()})
	if err != nil {
		return fmt.Errorf("sign out %s: %w", k.officer.ID, err)
	}
	if k.inv != nil {
		k.closeInvitation(survey.InvitationExpired)
	}
	k.officer = nil
	return nil
}
