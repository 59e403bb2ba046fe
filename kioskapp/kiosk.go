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
	hideOwnConsole()

	// Three things at once, so that the first frame comes sooner: fonts and
	// the logo load on one goroutine, the database opens on another, and
	// the window is created on the main thread, as the GL driver requires.
	// The window shows "Đang khởi động…" at once; the kiosk's screens
	// replace it when the database is open (boot, below). On a first start
	// over a slow eMMC, the database alone takes seconds.
	a := app.NewWithID(e.AppID)
	a.Settings().SetTheme(screens.NewTheme())
	b := &boot{
		env: e, log: log, app: a, dataDir: *dataDir, cfgPath: *cfgPath, windowed: *windowed,
		prepared: make(chan struct{}), opened: make(chan kioskData, 1),
		stopped: make(chan struct{}), sd: newShutdown(log),
	}
	go func() {
		defer close(b.prepared)
		screens.PrepareFonts()
		screens.Prepare(assets.Logo)
	}()
	go func() { b.opened <- openKioskData(ctx, *dataDir, *cfgPath, log) }()
	a.SetIcon(assets.Icon)
	b.w = a.NewWindow("Hài Lòng")
	b.w.Resize(fyne.NewSize(1280, 800))
	b.w.SetFullScreen(!*windowed)
	b.w.SetPadded(false)
	b.w.SetContent(screens.Starting())

	booted := make(chan struct{})
	go func() { defer close(booted); b.run(ctx) }()
	go func() {
		select {
		case <-ctx.Done():
		case <-b.stopped:
			return
		}
		b.sd.begin()
		defer func() { recover() }() // Fyne may have closed its queue already (it also handles SIGTERM)
		fyne.Do(a.Quit)
	}()
	b.w.ShowAndRun()
	close(b.stopped)
	b.sd.begin() // the one deadline also covers a database still opening
	<-booted
	if b.db != nil {
		// Everything is closed in reverse order of opening and within the
		// one deadline (shutdown.go).
		slices.Reverse(b.closing)
		b.sd.finish(b.closing, b.db.Close)
	}
	return b.err
}

// boot is one kiosk run from its data directory opening to its window
// closing. run fills it off the main thread; runKiosk reads it back after
// the window loop ends and run has returned.
type boot struct {
	env               *env
	log               *slog.Logger
	app               fyne.App
	w                 fyne.Window
	dataDir, cfgPath  string
	windowed          bool
	prepared, stopped chan struct{}
	opened            chan kioskData
	sd                *shutdown

	db      *localdb.DB             // closed last, once the window loop ends
	closing []func(context.Context) // in order of opening
	err     error                   // why the kiosk could not start
}

// fail ends the window loop with err.
func (b *boot) fail(err error) {
	b.err = err
	defer func() { recover() }() // the window loop may have ended already
	fyne.Do(b.app.Quit)
}

// run waits for the database, builds the screens on the main thread and
// then starts the local API and the uploader. It returns early when the
// window loop has ended already.
func (b *boot) run(ctx context.Context) {
	data := <-b.opened
	if data.err != nil {
		if data.db != nil {
			data.db.Close()
		}
		b.fail(data.err)
		return
	}
	db, cfg, enrol, photos := data.db, data.cfg, data.enrol, data.photos
	b.db = db
	logPINWarnings(b.log, cfg)
	ctx, cancel := context.WithCancel(ctx)
	b.closing = append(b.closing, func(context.Context) { cancel() })
	var sy *syncer
	if enrol != nil {
		var err error
		if sy, err = newSyncer(db, *enrol, b.env.Version, b.log); err != nil {
			b.fail(fmt.Errorf("uploader: %w", err))
			return
		}
		sy.up.SetRetentionDays(cfg.RetentionDays)
	}
	deps := screens.Deps{
		Window:     b.w,
		Config:     cfg,
		Recorder:   db,
		Photo:      photos.Get,
		AppVersion: b.env.Version,
		FullScreen: !b.windowed,
		Quit:       func() { b.sd.begin(); b.app.Quit() },
		Log:        b.log,
		DiskFull:   localdb.IsDiskFull,
	}
	if sy != nil {
		deps.Sync, deps.SendNow, deps.OnSaved = sy.status, sy.up.SendNow, sy.up.Notify
	}
	<-b.prepared
	var k *screens.Kiosk
	started := make(chan error, 1)
	fyne.Do(func() {
		k = screens.New(deps)
		err := k.Start()
		if err == nil {
			b.w.SetTitle("Hài Lòng — " + cfg.CentreName)
		}
		started <- err
	})
	select {
	case err := <-started:
		if err != nil {
			b.fail(fmt.Errorf("start: %w", err))
			return
		}
	case <-b.stopped:
		return
	}
	var live atomic.Pointer[survey.Config] // the configuration in force, for the local API
	live.Store(&cfg)
	// A busy port must not stop the ratings: the kiosk runs without its
	// local API and says why in the log.
	if stopAPI, err := serveLocalAPI(cfg, apiController{Kiosk: k, db: db, cfg: &live}, b.log); err != nil {
		b.log.Error("local API not started", "err", err)
	} else {
		b.closing = append(b.closing, stopAPI)
	}
	if sy != nil {
		sy.start(ctx, func(pc protocol.KioskConfig) error {
			c, err := pc.ToSurvey()
			if err == nil {
				logPINWarnings(b.log, c)
				k.ApplyConfig(c)
				live.Store(&c)
			}
			return err
		}, func(pc protocol.KioskConfig) {
			if b.cfgPath == "" && photos.LoadServer(ctx, officerPhotos(pc), sy.up.FetchPhoto, b.log) {
				k.RefreshPhotos()
			}
		})
		b.closing = append(b.closing, sy.stop)
	}
	b.log.Info("kiosk started", "version", b.env.Version, "threading", threadingMode(), "data_dir", b.dataDir,
		"centre", cfg.CentreID, "counter", cfg.CounterID, "kiosk_id", db.KioskID())
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
