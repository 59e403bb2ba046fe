package kioskapp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"hailong/kiosk/assets"
	"hailong/kiosk/config"
	"hailong/kiosk/localdb"
	"hailong/kiosk/protocol"
	"hailong/kiosk/screens"
	"hailong/kiosk/survey"
)

// runKiosk runs the kiosk window until the technician quits it.
func (e *env) runKiosk(ctx context.Context, args []string) error {
	getenv, stderr := e.getenv, e.stderr
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

	if err := checkDisplay(getenv); err != nil {
		return err
	}

	// Three things at once, so that the first frame comes sooner: fonts and
	// the logo load on one goroutine, the database opens on another, and
	// the window is created on the main thread, as the GL driver requires.
	a := app.NewWithID(e.AppID)
	a.Settings().SetTheme(screens.NewTheme())
	prepared := make(chan struct{})
	go func() {
		defer close(prepared)
		screens.PrepareFonts()
		screens.Prepare(assets.Logo)
	}()
	opened := make(chan kioskData, 1)
	go func() { opened <- openKioskData(ctx, *dataDir, *cfgPath, log) }()
	a.SetIcon(assets.Icon)
	w := a.NewWindow("Hài Lòng")
	w.Resize(fyne.NewSize(1280, 800))
	w.SetFullScreen(!*windowed)
	w.SetPadded(false)
	data := <-opened
	if data.err != nil {
		if data.db != nil {
			data.db.Close()
		}
		return data.err
	}
	db, cfg, enrol, photos := data.db, data.cfg, data.enrol, data.photos
	logPINWarnings(log, cfg)
	w.SetTitle("Hài Lòng — " + cfg.CentreName)

	// From here on, everything is closed by sd.finish, in reverse order of
	// opening and within one deadline (shutdown.go).
	sd := newShutdown(log)
	var closing []func(context.Context)
	defer func() { slices.Reverse(closing); sd.finish(closing, db.Close) }()
	ctx, cancel := context.WithCancel(ctx)
	closing = append(closing, func(context.Context) { cancel() })
	var sy *syncer
	if enrol != nil {
		var err error
		if sy, err = newSyncer(db, *enrol, e.Version, log); err != nil {
			return fmt.Errorf("uploader: %w", err)
		}
		sy.up.SetRetentionDays(cfg.RetentionDays)
	}

	deps := screens.Deps{
		Window:     w,
		Config:     cfg,
		Recorder:   db,
		Photo:      photos.Get,
		AppVersion: e.Version,
		FullScreen: !*windowed,
		Quit:       func() { sd.begin(); a.Quit() },
		Log:        log,
		DiskFull:   localdb.IsDiskFull,
	}
	if sy != nil {
		deps.Sync, deps.SendNow, deps.OnSaved = sy.status, sy.up.SendNow, sy.up.Notify
	}
	k := screens.New(deps)
	var live atomic.Pointer[survey.Config] // the configuration in force, for the local API
	live.Store(&cfg)
	<-prepared
	if err := k.Start(); err != nil {
		return fmt.Errorf("start: %w", err)
	}
	// A busy port must not stop the ratings: the kiosk runs without its
	// local API and says why in the log.
	if stopAPI, err := serveLocalAPI(cfg, apiController{Kiosk: k, db: db, cfg: &live}, log); err != nil {
		log.Error("local API not started", "err", err)
	} else {
		closing = append(closing, stopAPI)
	}
	if sy != nil {
		sy.start(ctx, func(pc protocol.KioskConfig) error {
			c, err := pc.ToSurvey()
			if err == nil {
				logPINWarnings(log, c)
				k.ApplyConfig(c)
				live.Store(&c)
			}
			return err
		}, func(pc protocol.KioskConfig) {
			if *cfgPath == "" && photos.LoadServer(ctx, officerPhotos(pc), sy.up.FetchPhoto, log) {
				k.RefreshPhotos()
			}
		})
		closing = append(closing, sy.stop)
	}
	go func() {
		<-ctx.Done()
		sd.begin()
		defer func() { recover() }() // Fyne may have closed its queue already (it also handles SIGTERM)
		fyne.Do(a.Quit)
	}()
	log.Info("kiosk started", "version", e.Version, "threading", threadingMode(), "data_dir", *dataDir,
		"centre", cfg.CentreID, "counter", cfg.CounterID, "kiosk_id", db.KioskID())
	w.ShowAndRun()
	return nil
}

// kioskData is what the kiosk reads from its data directory before its
// first screen: the store, the configuration in force, the enrolment if
// any, and the officers' photos.
type kioskData struct {
	db     *localdb.DB
	cfg    survey.Config
	enrol  *localdb.Enrolment
	photos *screens.PhotoCache
	err    error
}

// openKioskData opens the store and reads the rest; on error, db is the
// store to close if it was opened. It starts decoding the signed-in
// officer's photo, which the first screen shows.
func openKioskData(ctx context.Context, dataDir, cfgPath string, log *slog.Logger) (d kioskData) {
	if d.db, d.err = openStore(dataDir); d.err != nil {
		if !errors.Is(d.err, errReadOnly) { // that one names the directory already
			d.err = fmt.Errorf("open the database in %s: %w", dataDir, d.err)
		}
		return d
	}
	if d.cfg, d.enrol, d.err = kioskConfig(ctx, cfgPath, d.db); d.err != nil {
		return d
	}
	d.photos = screens.NewPhotoCache(dataDir)
	d.photos.LoadFiles(d.cfg, log) // a bad or missing photo: initials and a log line
	if id, _, err := d.db.CurrentOfficer(ctx); err == nil {
		go screens.Prepare(d.photos.Get(id))
	}
	return d
}

// checkDisplay refuses to start the window without a display to show it
// on: the toolkit would panic with a stack trace. The technician gets a
// sentence instead, and nothing is written.
func checkDisplay(getenv func(string) string) error {
	if runtime.GOOS != "linux" || getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != "" {
		return nil
	}
	return errors.New("no display: DISPLAY and WAYLAND_DISPLAY are not set. " +
		"Start the kiosk from its desktop session (or under Xvfb for a test); " +
		"`kiosk doctor`, `kiosk export` and `kiosk enrol` need no display")
}

// logPINWarnings names legacy staff PIN hashes, which still work but may
// hide a 4-digit PIN (survey.Config.PINWarnings; kiosk doctor says it too).
func logPINWarnings(log *slog.Logger, cfg survey.Config) {
	for _, w := range cfg.PINWarnings() {
		log.Warn("weak staff PIN hash", "what", w)
	}
}

// officerPhotos lists where the server keeps the officers' photos.
func officerPhotos(pc protocol.KioskConfig) []screens.OfficerPhoto {
	out := make([]screens.OfficerPhoto, 0, len(pc.Officers))
	for _, o := range pc.Officers {
		out = append(out, screens.OfficerPhoto{ID: o.ID, PhotoURL: o.PhotoURL})
	}
	return out
}
