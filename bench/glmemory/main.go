// Command glmemory measures the kiosk's memory over 10,000 ratings with
// Fyne's real GL driver, the way the kiosk binary runs: a real window
// (Xvfb + Mesa here), the real screens, a real store, the demo centre with
// its photos. Only the clock is manual, so that each rating takes a few
// frames instead of the thanks screen's seconds; 10,000 ratings through
// xdotool and the binary would take four hours (bench/memory.sh does that
// for fewer ratings).
//
// Each rating is typed as a USB keypad would: six in ten "1" (Rất hài
// lòng), two "2", one "3" then Return (Gửi) and one "3" then Escape (Bỏ
// qua) on the reasons screen. Every screen gets frame time to be painted
// before the next step. The resident set size (VmRSS, RssAnon) and the Go
// heap are read every -every ratings; the report gives the growth from the
// end of the warm-up to the end and a least-squares slope.
//
//	DISPLAY=:97 go run -tags migrated_fynedo ./bench/glmemory [-n 10000] [-warmup 500]
//
// SPEC §10 target: memory flat (< 10 MB growth) over 10,000 ratings.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"hailong/kiosk/config"
	"hailong/kiosk/localdb"
	"hailong/kiosk/screens"
	"hailong/kiosk/survey"
)

func main() {
	n := flag.Int("n", 10_000, "ratings measured after the warm-up")
	warm := flag.Int("warmup", 500, "ratings before the first reading")
	every := flag.Int("every", 0, "ratings between readings (default: n/20)")
	frame := flag.Duration("frame", 20*time.Millisecond, "time given to each screen to be painted")
	flag.Parse()
	if *every < 1 {
		*every = max(1, *n/20)
	}

	dir, err := os.MkdirTemp("", "glmemory")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	clock := survey.NewManualClock(time.Now())
	db, err := localdb.Open(dir, localdb.WithClock(clock))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	cfg := config.Demo()

	a := app.NewWithID("vn.hailong.bench.glmemory")
	a.Settings().SetTheme(screens.NewTheme())
	w := a.NewWindow("glmemory")
	w.Resize(fyne.NewSize(1280, 800))
	w.SetPadded(false)
	k := screens.New(screens.Deps{Window: w, Config: cfg, Recorder: db, Clock: clock,
		AppVersion: "glmemory", Photo: demoPhotos(cfg)})
	if err := k.Start(); err != nil {
		log.Fatal(err)
	}

	var readings []reading
	var failure error
	go func() {
		defer fyne.Do(a.Quit)
		time.Sleep(time.Second) // the window appears
		c := w.Canvas()
		press := func(r rune) { fyne.DoAndWait(func() { c.OnTypedRune()(r) }) }
		key := func(name fyne.KeyName) {
			fyne.DoAndWait(func() { c.OnTypedKey()(&fyne.KeyEvent{Name: name}) })
		}
		total := *warm + *n
		for i := range total {
			switch i % 10 {
			case 8, 9:
				press('3')
				time.Sleep(*frame)
				if i%10 == 8 {
					key(fyne.KeyReturn)
				} else {
					key(fyne.KeyEscape)
				}
			case 6, 7:
				press('2')
			default:
				press('1')
			}
			time.Sleep(*frame) // the thanks screen
			clock.Advance(10 * time.Second)
			time.Sleep(*frame) // the rating screen again
			done := i + 1
			if done >= *warm && (done-*warm)%*every == 0 {
				readings = append(readings, read(done))
			}
		}
		count, err := stored(db)
		if err == nil && count != total {
			err = fmt.Errorf("%d responses stored for %d ratings", count, total)
		}
		failure = err
	}()
	w.ShowAndRun()
	if failure != nil {
		log.Fatal(failure)
	}
	report(readings, *n)
}

// demoPhotos serves the demo centre's photos, as the kiosk's photo cache
// does for a configuration file.
func demoPhotos(cfg survey.Config) func(string) fyne.Resource {
	photos := map[string]fyne.Resource{}
	for _, o := range cfg.Officers {
		if b, name, err := config.PhotoBytes(cfg, o.ID); err == nil && b != nil {
			photos[o.ID] = fyne.NewStaticResource(name, b)
		}
	}
	return func(id string) fyne.Resource { return photos[id] }
}

func stored(db *localdb.DB) (int, error) {
	now := time.Now()
	rs, err := db.Responses(context.Background(), now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0))
	return len(rs), err
}
