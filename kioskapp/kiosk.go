package kioskapp

import (
	"context"
	"errors"
	"fmt"
	"io"
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
	cfgPath := fs.String("config", "", "configuration file (TOML); default: the server's, from enrolment")
	demo := fs.Bool("demo", false, "with no --config and no enrolment, run the embedded demo centre instead of the setup screen")
	provincePath := fs.String("province", provinceFileFor(runtime.GOOS, getenv), "the province's enrolment defaults ([enrol] server, ca_file); a missing file is fine")
	windowed := fs.Bool("windowed", false, "run in a 1280×800 window instead of full screen (development)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *cfgPath != "" { // a bad file stops the kiosk before anything is written
		if _, err := config.Load(*cfgPath); err != nil {
			return err
		}
	}

	if err := checkDisplay(getenv); err != nil {
		return err
	}
	// With its console hidden (Windows), the kiosk also logs to a file in
	// its data directory.
	var logOut io.Writer = stderr
	if hideOwnConsole() {
		if f, err := openLogFile(*dataDir); err == nil {
			defer f.Close()
			logOut = io.MultiWriter(stderr, f)
		}
	}
	log := slog.New(slog.NewTextHandler(logOut, nil))
	// A bad province file must not keep the kiosk from its setup screen:
	// it is logged, and the technician types the address by hand.
	province, warnings, err := readProvince(*provincePath)
	if err != nil {
		log.Error(err.Error())
	}
	for _, w := range warnings {
		log.Warn("province file", "what", w)
	}

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
		province: province, provincePath: *provincePath,
		prepared: make(chan struct{}), opened: make(chan kioskData, 1),
		stopped: make(chan struct{}), sd: newShutdown(log),
	}
	go func() {
		defer close(b.prepared)
		screens.PrepareFonts()
		screens.Prepare(assets.Logo)
	}()
	go func() { b.opened <- openKioskData(ctx, *dataDir, *cfgPath, *demo, log) }()
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
	if b.err == nil && b.sd.technicianQuit() {
		return errQuit // exit status ExitQuit: the unit does not restart the kiosk
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
	province          provinceDefaults
	provincePath      string
	prepared, stopped chan struct{}
	opened            chan kioskData
	sd                *shutdown

	db      *localdb.DB             // closed last, once the window loop ends
	closing []func(context.Context) // in order of opening
	err     error                   // why the kiosk could not start

	// Set by startCounter, for the poller and a re-enrolment.
	sync    syncSlot                         // the uploader and poller; a re-enrolment replaces them
	apply   func(protocol.KioskConfig) error // installs a configuration from the server
	photos  func(protocol.KioskConfig)       // fetches its officers' photos
	setSync func(*syncer)                    // shows a new syncer's state (UI thread)
	server  atomic.Value                     // string: the server in use, for Enrol again
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
	b.db = data.db
	ctx, cancel := context.WithCancel(ctx)
	b.closing = append(b.closing, func(context.Context) { cancel() })
	cfg, enrol := data.cfg, data.enrol
	if data.setup {
		// Not enrolled, no --config, no --demo: the setup screen, and the
		// counter once the kiosk is enrolled, without a restart.
		res, ok := b.firstEnrolment(ctx)
		if !ok {
			return
		}
		cfg, enrol = res.Config, &res.Enrolment
		data.photos.LoadFiles(cfg, b.log)
	}
	b.startCounter(ctx, cfg, enrol, data.photos)
}

// startCounter builds the kiosk's screens on the main thread and starts
// the local API and, for an enrolled kiosk, the uploader.
func (b *boot) startCounter(ctx context.Context, cfg survey.Config, enrol *localdb.Enrolment, photos *screens.PhotoCache) {
	db := b.db
	logPINWarnings(b.log, cfg)
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
		Quit:       func() { b.sd.quitByTechnician(); b.app.Quit() },
		Log:        b.log,
		DiskFull:   localdb.IsDiskFull,
		// Re-enrolment from the technician screen (reenrol.go).
		Reenrol:     func(server, code string) error { return b.reenrol(ctx, server, code) },
		EnrolServer: b.enrolServer,
	}
	if sy != nil {
		deps.Sync, deps.SendNow, deps.OnSaved = sy.status, sy.up.SendNow, sy.up.Notify
	}
	var k *screens.Kiosk
	var live atomic.Pointer[survey.Config] // the configuration in force, for the local API
	live.Store(&cfg)
	// Both run after the screens are up (the poller, a re-enrolment).
	b.apply = func(pc protocol.KioskConfig) error {
		c, err := pc.ToSurvey()
		if err == nil {
			logPINWarnings(b.log, c)
			k.ApplyConfig(c)
			live.Store(&c)
		}
		return err
	}
	b.photos = func(pc protocol.KioskConfig) {
		if s := b.sync.current(); s != nil && b.cfgPath == "" && photos.LoadServer(ctx, officerPhotos(pc), s.up.FetchPhoto, b.log) {
			k.RefreshPhotos()
		}
	}
	b.setSync = func(s *syncer) { k.SetSync(s.status, s.up.SendNow, s.up.Notify) }
	if enrol != nil {
		b.server.Store(enrol.Server)
	}
	<-b.prepared
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
	// A busy port must not stop the ratings: the kiosk runs without its
	// local API and says why in the log.
	if stopAPI, err := serveLocalAPI(cfg, apiController{Kiosk: k, db: db, cfg: &live}, b.log); err != nil {
		b.log.Error("local API not started", "err", err)
	} else {
		b.closing = append(b.closing, stopAPI)
	}
	b.closing = append(b.closing, b.sync.stop)
	if sy != nil {
		b.sync.replace(ctx, sy, func(s *syncer) { s.start(ctx, b.apply, b.photos) })
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
	setup  bool // nothing to run on yet: the setup screen
	err    error
}

// openKioskData opens the store and reads the rest; on error, db is the
// store to close if it was opened. It starts decoding the signed-in
// officer's photo, which the first screen shows.
func openKioskData(ctx context.Context, dataDir, cfgPath string, demo bool, log *slog.Logger) (d kioskData) {
	if d.db, d.err = openStore(dataDir); d.err != nil {
		if !errors.Is(d.err, errReadOnly) { // that one names the directory already
			d.err = fmt.Errorf("open the database in %s: %w", dataDir, d.err)
		}
		return d
	}
	d.photos = screens.NewPhotoCache(dataDir)
	d.cfg, d.enrol, d.err = kioskConfig(ctx, cfgPath, demo, d.db)
	if errors.Is(d.err, errNotEnrolled) {
		d.setup, d.err = true, nil
		return d
	}
	if d.err != nil {
		return d
	}
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
