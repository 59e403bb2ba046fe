package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"hailong/kiosk/assets"
	"hailong/kiosk/config"
	"hailong/kiosk/localdb"
	"hailong/kiosk/protocol"
	"hailong/kiosk/screens"
)

// runKiosk runs the kiosk window until the technician quits it.
func runKiosk(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := newFlags("kiosk", stderr)
	dataDir := fs.String("data-dir", defaultDataDir(getenv), "data directory (database, backups)")
	cfgPath := fs.String("config", "", "configuration file (TOML); default: the embedded demo centre")
	windowed := fs.Bool("windowed", false, "run in a 1280×800 window instead of full screen (development)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))

	if *cfgPath != "" { // a bad file stops the kiosk before anything is written
		if _, err := config.Load(*cfgPath); err != nil {
			return err
		}
	}
	db, err := localdb.Open(*dataDir)
	if err != nil {
		return fmt.Errorf("open the database in %s: %w", *dataDir, err)
	}
	defer db.Close()
	cfg, enrol, err := kioskConfig(ctx, *cfgPath, db)
	if err != nil {
		return err
	}
	photos := newPhotoCache(*dataDir)
	if err := photos.loadFiles(cfg); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var sy *syncer
	if enrol != nil {
		if sy, err = newSyncer(db, *enrol, log); err != nil {
			return fmt.Errorf("uploader: %w", err)
		}
		sy.up.SetRetentionDays(cfg.RetentionDays)
	}

	a := app.NewWithID(appID)
	a.SetIcon(assets.Icon)
	a.Settings().SetTheme(screens.NewTheme())
	w := a.NewWindow("Hài Lòng — " + cfg.CentreName)
	w.Resize(fyne.NewSize(1280, 800))
	w.SetFullScreen(!*windowed)
	w.SetPadded(false)

	deps := screens.Deps{
		Window:     w,
		Config:     cfg,
		Recorder:   db,
		Photo:      photos.get,
		AppVersion: version,
		FullScreen: !*windowed,
		Quit:       func() { exitIfStuck(log); a.Quit() },
		Log:        log,
		DiskFull:   localdb.IsDiskFull,
	}
	if sy != nil {
		deps.Sync, deps.SendNow, deps.OnSaved = sy.status, sy.up.SendNow, sy.up.Notify
	}
	k := screens.New(deps)
	if err := k.Start(); err != nil {
		return fmt.Errorf("start: %w", err)
	}
	// A busy port must not stop the ratings: the kiosk runs without its
	// local API and says why in the log.
	if stopAPI, err := serveLocalAPI(cfg, k, log); err != nil {
		log.Error("local API not started", "err", err)
	} else {
		defer stopAPI()
	}
	if sy != nil {
		sy.start(ctx, func(pc protocol.KioskConfig) error {
			c, err := pc.ToSurvey()
			if err == nil {
				k.ApplyConfig(c)
			}
			return err
		}, func(pc protocol.KioskConfig) {
			if *cfgPath == "" && photos.loadServer(ctx, pc, sy.up.FetchPhoto, log) {
				k.RefreshPhotos()
			}
		})
		defer sy.stop()
	}
	go func() {
		<-ctx.Done()
		exitIfStuck(log)
		defer func() { recover() }() // Fyne may have closed its queue already (it also handles SIGTERM)
		fyne.Do(a.Quit)
	}()
	log.Info("kiosk started", "version", version, "data_dir", *dataDir, "centre", cfg.CentreID, "counter", cfg.CounterID, "kiosk_id", db.KioskID())
	w.ShowAndRun()
	return nil
}

// quitGrace is how long Fyne gets to stop after a quit before the process
// exits by itself.
const quitGrace = 5 * time.Second

// exitIfStuck ends the process if Fyne has not stopped quitGrace after a
// quit. Fyne 2.7.1 can deadlock while shutting down when a window event is
// in flight (its event queue waits on a main loop that has ended); every
// response is already committed, so exiting loses nothing, and a kiosk that
// hangs instead of restarting would.
func exitIfStuck(log *slog.Logger) {
	time.AfterFunc(quitGrace, func() {
		log.Warn("the window toolkit did not stop in time; exiting", "grace", quitGrace)
		os.Exit(0)
	})
}
