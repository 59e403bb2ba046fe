package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/config"
	"hailong/kiosk/localdb"
	"hailong/kiosk/score"
	"hailong/kiosk/survey"
)

// seedToday stores a realistic day so far on the demo counter, before the
// kiosk starts: ratings spread over the hours before now (today, in the
// centre's zone), 40 for cb01 (ranked), 31 for cb02 (ranked), 9 for
// cb03, none for cb04, some repeat presses, and reasons. It returns the
// counts a plain computation gives.
func seedToday(t *testing.T, dataDir string) score.Tally {
	t.Helper()
	db, err := localdb.Open(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cfg := config.Demo()
	zone := score.DefaultZone()
	now := time.Now().In(zone)
	dayStart, _ := score.Day(now, zone)
	from := now.Add(-9 * time.Hour) // a working day, or since midnight
	if from.Before(dayStart) {
		from = dayStart
	}
	span := now.Add(-time.Minute).Sub(from)
	plan := []struct {
		officer string
		n       int
	}{{"cb01", 40}, {"cb02", 31}, {"cb03", 9}}
	total := 0
	for _, p := range plan {
		total += p.n
	}
	var tally score.Tally
	raw := map[survey.Level]int{survey.VerySatisfied: 3, survey.Satisfied: 2, survey.Dissatisfied: 1}
	reasons := []string{"wait", "unclear", "wait", "rude", "late", "extra_papers", "wait", "unclear"}
	i := 0
	for oi, p := range plan {
		for j := 0; j < p.n; j++ {
			level := survey.VerySatisfied
			switch {
			case (j+oi)%7 == 3 || (oi == 2 && j%3 == 0): // cb03 has a bad day
				level = survey.Dissatisfied
			case j%3 == 1:
				level = survey.Satisfied
			}
			r := survey.Response{CentreID: cfg.CentreID, CounterID: cfg.CounterID, OfficerID: p.officer,
				Scale: survey.ScaleLegal3, RawValue: raw[level], Level: level, Outcome: survey.OutcomeSubmitted,
				Lang: "vi", DurationMS: 1500, Reasons: []string{},
				CreatedAt: from.Add(span * time.Duration(i) / time.Duration(total)).Format(survey.TimeLayout)}
			if level == survey.Dissatisfied {
				r.Reasons = []string{reasons[i%len(reasons)]}
				if i%4 == 0 {
					r.Reasons = append(r.Reasons, "rude")
				}
			}
			if j%11 == 5 {
				r.FilterReason = survey.FilterRepeat
			}
			if _, err := db.SaveResponse(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			tally.Add(r)
			i++
		}
	}
	return tally
}

// kioskLog returns what the kiosk started by startKiosk has logged.
func kioskLog(t *testing.T, cmd *exec.Cmd) string {
	t.Helper()
	home := ""
	for _, kv := range cmd.Env { // the last HOME wins, as for the kiosk
		if h, ok := strings.CutPrefix(kv, "HOME="); ok {
			home = h
		}
	}
	b, err := os.ReadFile(filepath.Join(home, "kiosk.log"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRealWindowManagerScreen: on the staff menu, a wrong PIN on the
// manager's pad opens nothing; the demo manager PIN 808080 opens today's
// figures from the kiosk's own database; Escape goes back to the rating
// screen, which takes a rating again.
func TestRealWindowManagerScreen(t *testing.T) {
	needDisplay(t)
	bin := buildKiosk(t)
	data := t.TempDir()
	want := seedToday(t, data)
	before := len(storedResponses(t, data))
	cmd, wid := startKiosk(t, bin, data)
	opened := fmt.Sprintf("manager screen opened\" n=%d filtered=%d", want.All.N(), want.All.Filtered)

	holdLogo(t, wid)
	typeKeys(t, wid, "4", "1", "2", "3", "4", "5", "6", "Return") // 4 · Quản lý, a wrong PIN
	time.Sleep(2 * time.Second)                                   // argon2id
	if log := kioskLog(t, cmd); strings.Contains(log, "manager screen opened") {
		t.Fatalf("a wrong PIN opened the manager screen:\n%s", log)
	}
	typeKeys(t, wid, "Escape")

	holdLogo(t, wid)
	typeKeys(t, wid, "4", "8", "0", "8", "0", "8", "0", "Return") // the demo manager PIN
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(kioskLog(t, cmd), opened) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the kiosk log:\n%s", opened, kioskLog(t, cmd))
		}
		time.Sleep(200 * time.Millisecond)
	}
	typeKeys(t, wid, "1") // not a citizen screen: no rating
	settle(t, data, before, "a rating key on the manager screen")
	typeKeys(t, wid, "Escape")
	typeKeys(t, wid, "1")
	if rs := waitResponses(t, data, before+1); len(rs) != before+1 {
		t.Fatalf("after leaving the manager screen, %d responses, want %d", len(rs), before+1)
	}
}

// TestRealWindowManagerScreenshots writes the manager screen's
// screenshots, full screen at the three sizes of SPEC §4, into the
// directory named by HAILONG_SCREENSHOTS (scripts/screenshots.sh sets it);
// without it, it is skipped. Each size runs on its own Xvfb.
func TestRealWindowManagerScreenshots(t *testing.T) {
	out := screenshotDir(t)
	bin := buildKiosk(t)
	for i, size := range []string{"1280x800", "1920x1080", "800x1280"} {
		display := startXvfb(t, 140+i, size)
		t.Setenv("DISPLAY", display)
		data := t.TempDir()
		seedToday(t, data)
		cmd, wid := startFullScreen(t, bin, data)
		holdLogo(t, wid)
		typeKeys(t, wid, "4", "8", "0", "8", "0", "8", "0", "Return")
		for deadline := time.Now().Add(10 * time.Second); !strings.Contains(kioskLog(t, cmd), "manager screen opened"); {
			if time.Now().After(deadline) {
				t.Fatalf("%s: the manager screen did not open", size)
			}
			time.Sleep(200 * time.Millisecond)
		}
		time.Sleep(2 * time.Second) // the frame after the slow PIN check
		shoot(t, filepath.Join(out, size+"-manager.png"))
		w, h := dims(t, size)
		// the language toggle is the first of the three buttons at the bottom
		xdotool(t, "mousemove", strconv.Itoa(w/6), strconv.Itoa(h-60), "click", "1")
		time.Sleep(2 * time.Second)
		shoot(t, filepath.Join(out, size+"-manager-english.png"))
		cmd.Process.Kill()
		cmd.Wait()
	}
}

// startFullScreen runs the binary full screen, as in a centre, with its
// log where kioskLog finds it, and returns its window once mapped.
func startFullScreen(t *testing.T, bin, dataDir string) (*exec.Cmd, string) {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(bin, "--demo", "--data-dir", dataDir)
	cmd.Env = append(os.Environ(), "HOME="+home, "LANG=C.UTF-8", "LANGUAGE=vi")
	logf, err := os.Create(filepath.Join(home, "kiosk.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for range 200 {
		out, _ := exec.Command("xdotool", "search", "--onlyvisible", "--pid", strconv.Itoa(cmd.Process.Pid)).Output()
		if ids := strings.Fields(string(out)); len(ids) > 0 {
			wid := ids[len(ids)-1]
			waitReady(t, wid, 20*time.Second)
			xdotool(t, "windowfocus", "--sync", wid)
			time.Sleep(time.Second) // first frames at full size
			return cmd, wid
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the kiosk window did not appear within 20 s")
	return nil, ""
}

// startXvfb starts a private X server of the given size on the first free
// display from n up and returns its name.
func startXvfb(t *testing.T, n int, size string) string {
	t.Helper()
	for ; ; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err != nil {
			break
		}
	}
	display := fmt.Sprintf(":%d", n)
	x := exec.Command("Xvfb", display, "-screen", "0", size+"x24", "-nolisten", "tcp", "-noreset")
	if err := x.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Process.Kill(); x.Wait() })
	for range 200 {
		c := exec.Command("xdotool", "getdisplaygeometry")
		c.Env = append(os.Environ(), "DISPLAY="+display)
		if c.Run() == nil {
			return display
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("Xvfb %s did not answer", display)
	return ""
}

func shoot(t *testing.T, path string) {
	t.Helper()
	if out, err := exec.Command("import", "-window", "root", path).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	t.Logf("wrote %s", path)
}

func dims(t *testing.T, size string) (int, int) {
	t.Helper()
	ws, hs, _ := strings.Cut(size, "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if err1 != nil || err2 != nil {
		t.Fatalf("size %q", size)
	}
	return w, h
}
