package screens

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hailong/kiosk/score"
	"hailong/kiosk/survey"
)

// seedManagerDay stores a known day for the manager screen: today (the
// rig's start, Monday 24 Nov 2025 09:00 ICT) cb01 has 5 very satisfied, 3
// satisfied and 2 dissatisfied (reasons wait, wait, rude) plus 2 repeat
// presses; cb02 has 1 very satisfied and 1 dissatisfied (wait). Yesterday
// at 23:59 and tomorrow at 00:01 cb01 has 4 dissatisfied more, which must
// not count. Nothing is uploaded.
//
// By hand: n = 12; 6, 3, 3 → 50,0 %, 25,0 %, 25,0 %; rate 9/12 = 75,0 %,
// Wilson 95 % 46.8–91.1 % (Python decimal, as in score's reference
// table); cb01 n = 10: 50,0 / 30,0 / 20,0 %, rate 80,0 % (49,0–94,3 %);
// cb02 n = 2: 50,0 / 0,0 / 50,0 %; filtered 2; pending 18.
func seedManagerDay(t *testing.T, r *rig) {
	t.Helper()
	ctx := context.Background()
	raw := map[survey.Level]int{survey.VerySatisfied: 3, survey.Satisfied: 2, survey.Dissatisfied: 1}
	at := start
	save := func(when time.Time, officer string, l survey.Level, filter string, reasons ...string) {
		t.Helper()
		resp := survey.Response{CentreID: r.k.cfg.CentreID, CounterID: r.k.cfg.CounterID, OfficerID: officer,
			Scale: survey.ScaleLegal3, RawValue: raw[l], Level: l, Reasons: reasons, Outcome: survey.OutcomeSubmitted,
			FilterReason: filter, Lang: "vi", CreatedAt: when.Format(survey.TimeLayout), DurationMS: 900}
		if _, err := r.db.SaveResponse(ctx, resp); err != nil {
			t.Fatal(err)
		}
	}
	next := func() time.Time { at = at.Add(time.Minute); return at }
	for range 5 {
		save(next(), "cb01", survey.VerySatisfied, "")
	}
	for range 3 {
		save(next(), "cb01", survey.Satisfied, "")
	}
	save(next(), "cb01", survey.Dissatisfied, "", "wait", "rude")
	save(next(), "cb01", survey.Dissatisfied, "", "wait")
	save(next(), "cb01", survey.VerySatisfied, survey.FilterRepeat)
	save(next(), "cb01", survey.Dissatisfied, survey.FilterRepeat, "late")
	save(next(), "cb02", survey.VerySatisfied, "")
	save(next(), "cb02", survey.Dissatisfied, "", "wait")
	midnight := time.Date(2025, 11, 24, 0, 0, 0, 0, start.Location())
	for _, when := range []time.Time{midnight.Add(-time.Minute), midnight.Add(-time.Minute), midnight.AddDate(0, 0, 1).Add(time.Minute), midnight.AddDate(0, 0, 1).Add(time.Minute)} {
		save(when, "cb01", survey.Dissatisfied, "", "late")
	}
}

// openManager opens the manager screen the way a manager does.
func (r *rig) openManager() {
	r.t.Helper()
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.manager"])
	r.enterPIN("808080")
	r.wantScreen(ScreenManager)
}

// shownTexts collects every label's text on the window.
func shownTexts(w fyne.Window) string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *BigButton:
			b.WriteString(x.Text + "\n")
		case fyne.Widget:
			walk(test.WidgetRenderer(x).Objects()[0])
			for _, c := range test.WidgetRenderer(x).Objects()[1:] {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(w.Content())
	return b.String()
}

func TestManagerScreenShowsTodaysFigures(t *testing.T) {
	r := newRig(t, nil)
	seedManagerDay(t, r)
	r.openManager()
	want := map[string]string{
		"n":                          "12",
		"rate":                       "75,0 %",
		"interval":                   "KTC 95 %: 46,8–91,1 %",
		"filtered":                   "2",
		"pending":                    "18",
		"level.very_satisfied.count": "6", "level.very_satisfied.pct": "50,0 %",
		"level.satisfied.count": "3", "level.satisfied.pct": "25,0 %",
		"level.dissatisfied.count": "3", "level.dissatisfied.pct": "25,0 %",
		"officer.cb01.name": "Nguyễn Thị Lan", "officer.cb01.n": "10",
		"officer.cb01.very_satisfied": "50,0 %", "officer.cb01.satisfied": "30,0 %", "officer.cb01.dissatisfied": "20,0 %",
		"officer.cb01.rate": "80,0 %\n49,0–94,3 %", "officer.cb01.rank": "chưa đủ số liệu, n = 10",
		"officer.cb02.n": "2", "officer.cb02.very_satisfied": "50,0 %", "officer.cb02.satisfied": "0,0 %", "officer.cb02.dissatisfied": "50,0 %",
		"officer.cb02.rank": "chưa đủ số liệu, n = 2",
		"officer.cb03.n":    "0", "officer.cb03.rate": "—",
		"reason.1": "Thời gian chờ lâu", "reason.1.count": "3",
		"reason.2": "Thái độ chưa lịch sự", "reason.2.count": "1",
	}
	got := r.k.mgr.text
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if _, ok := got["reason.3"]; ok {
		t.Errorf("a third reason is shown (the repeat press's or another day's): %q", got["reason.3"])
	}
	shown := shownTexts(r.w)
	for _, s := range []string{"Số liệu hôm nay", "Thứ Hai, 24/11/2025", "75,0 %", "46,8–91,1 %", "Thời gian chờ lâu", "Nguyễn Thị Lan", "chưa đủ số liệu, n = 10", "không phải chỉ số SIPAS"} {
		if !strings.Contains(shown, s) {
			t.Errorf("%q is not on the screen:\n%s", s, shown)
		}
	}

	test.Tap(r.k.mgr.lang) // English
	r.wantScreen(ScreenManager)
	got = r.k.mgr.text
	for k, v := range map[string]string{"rate": "75.0%", "interval": "95% CI 46.8–91.1%", "level.satisfied.pct": "25.0%",
		"officer.cb01.rank": "not enough data, n = 10", "reason.1": "Long waiting time"} {
		if got[k] != v {
			t.Errorf("English %s = %q, want %q", k, got[k], v)
		}
	}
	if shown := shownTexts(r.w); !strings.Contains(shown, "Today's figures") || !strings.Contains(shown, "Monday 24 November 2025") {
		t.Errorf("English screen:\n%s", shown)
	}
	test.Tap(r.k.mgr.back)
	r.wantScreen(ScreenRating)
}

// TestManagerScreenCountsTheLocalDay: at 00:30 the day has just begun,
// and the ratings of 23:59 belong to yesterday.
func TestManagerScreenCountsTheLocalDay(t *testing.T) {
	r := newRig(t, nil)
	seedManagerDay(t, r)
	r.advance(15*time.Hour + 30*time.Minute) // Tuesday 00:30
	r.openManager()
	if got := r.k.mgr.text; got["n"] != "2" || got["level.dissatisfied.count"] != "2" || !strings.Contains(got["date"], "25/11/2025") {
		t.Fatalf("Tuesday 00:30: %v", got)
	}
}

func TestManagerScreenTimesOutAndResetsOnTouch(t *testing.T) {
	r := newRig(t, nil)
	r.openManager()
	r.advance(50 * time.Second)
	r.wantScreen(ScreenManager)
	test.Tap(r.k.mgr.refresh) // a touch starts the 60 s again
	r.advance(50 * time.Second)
	r.wantScreen(ScreenManager)
	r.advance(11 * time.Second)
	r.wantScreen(ScreenRating)
	if r.k.Lang() != LangVI {
		t.Fatal("the citizen screen is not back in Vietnamese")
	}
	r.openManager()
	test.Tap(r.k.mgr.lang)
	r.key(fyne.KeyEscape)
	r.wantScreen(ScreenRating)
}

func TestManagerScreenNeedsTheManagerPIN(t *testing.T) {
	r := newRig(t, nil)
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.manager"])
	for _, pin := range []string{"909090", "1111", "4444", "000000"} { // technician, officers, wrong
		r.enterPIN(pin)
		r.wantScreen(ScreenPIN)
	}
	// the technician's pad does not take the manager's PIN either; that
	// wrong PIN counts in the technician's scope, not the manager's
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.technician"])
	r.enterPIN("808080")
	r.wantScreen(ScreenPIN)
	if r.k.pin.ok.Disabled {
		t.Fatal("the manager's wrong PINs locked the technician's pad")
	}
	// the fifth wrong PIN on the manager's pad locks it, the right PIN too
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.manager"])
	r.enterPIN("000000")
	if !r.k.pin.ok.Disabled || !strings.Contains(r.k.pin.message.Text, "Đã khóa") {
		t.Fatalf("not locked after five wrong PINs: %q", r.k.pin.message.Text)
	}
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.manager"])
	r.k.checkPIN(pinManager, nil, "808080")
	r.wantScreen(ScreenPIN)
	r.advance(5 * time.Minute)
	r.wantScreen(ScreenRating) // the staff timeout
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.manager"])
	r.enterPIN("808080")
	r.wantScreen(ScreenManager)
}

func TestManagerMenuOnlyWithAManagerPIN(t *testing.T) {
	r := newRig(t, func(c *survey.Config) { c.ManagerPIN = "" })
	r.longPressLogo()
	if r.k.staffBtn["staff.manager"] != nil {
		t.Fatal("a manager button without a manager PIN")
	}
	r.k.showPIN(pinManager, nil)
	r.k.checkPIN(pinManager, nil, "")
	r.wantScreen(ScreenPIN) // an empty hash matches nothing
}

// TestManagerScreenNeverFromACitizenScreen drives every citizen screen
// with every key, the manager PIN typed as digits, and every tappable
// thing on it: none reaches the manager screen (only the staff menu's PIN
// pad does).
func TestManagerScreenNeverFromACitizenScreen(t *testing.T) {
	drives := map[string]func(r *rig){
		"rating":  func(r *rig) {},
		"reasons": func(r *rig) { r.typeRunes("3") },
		"dossier": func(r *rig) { r.typeRunes("1") },
		"thanks":  func(r *rig) { r.typeRunes("2") },
		"closed":  func(r *rig) { _ = r.k.signOut("test"); r.k.showHome() },
		"idle":    func(r *rig) { r.k.cfg.Trigger = survey.TriggerInvite; r.k.showHome() },
	}
	for name, drive := range drives {
		r := newRig(t, func(c *survey.Config) { c.Dossier = survey.DossierOptional })
		drive(r)
		citizen := r.k.Current()
		r.typeRunes("808080")
		for _, k := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEscape, fyne.KeyF9, fyne.KeyF1, fyne.KeyF12} {
			r.key(k)
			if r.k.Current() == ScreenManager {
				t.Fatalf("%s: key %s opened the manager screen", name, k)
			}
		}
		if r.k.chrome != nil && r.k.chrome.langBtn != nil && r.k.Current() == citizen {
			test.Tap(r.k.chrome.langBtn)
		}
		var taps []fyne.Tappable
		for _, tile := range r.k.tiles {
			taps = append(taps, tile)
		}
		for _, b := range r.k.chips {
			taps = append(taps, b)
		}
		for _, b := range r.k.keys {
			taps = append(taps, b)
		}
		for _, b := range []*BigButton{r.k.send, r.k.skip} {
			if b != nil {
				taps = append(taps, b)
			}
		}
		for _, tp := range taps {
			test.Tap(tp)
			if r.k.Current() == ScreenManager {
				t.Fatalf("%s: a tap opened the manager screen", name)
			}
		}
		for i := 0; i < 100; i++ {
			r.advance(time.Second)
			if r.k.Current() == ScreenManager {
				t.Fatalf("%s: the manager screen opened by itself", name)
			}
		}
	}
}

// brokenFigures fails every read, as a damaged database would.
type brokenFigures struct{}

func (brokenFigures) DayTally(context.Context, time.Time) (score.Tally, error) {
	return score.Tally{}, errors.New("database disk image is malformed")
}

// TestManagerScreenSaysWhenItCannotRead: no figure is made up; the screen
// says what went wrong and whom to tell.
func TestManagerScreenSaysWhenItCannotRead(t *testing.T) {
	r := newRig(t, nil)
	r.k.d.Figures = brokenFigures{}
	r.openManager()
	got := r.k.mgr.text
	if !strings.Contains(got["error"], "Không đọc được số liệu: database disk image is malformed") || !strings.Contains(got["error"], "kỹ thuật viên") {
		t.Fatalf("error %q", got["error"])
	}
	if got["n"] != "—" || got["rate"] != "—" || got["level.satisfied.count"] != "—" || got["officer.cb01.n"] != "—" || got["pending"] != "0" {
		t.Fatalf("figures shown after a failed read: n %q rate %q", got["n"], got["rate"])
	}
}
