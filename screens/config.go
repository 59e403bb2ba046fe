package screens

import (
	"fyne.io/fyne/v2"

	"hailong/kiosk/survey"
)

// ApplyConfig installs a new configuration (roster, scale, reasons,
// timings…) without a restart. It may be called from any goroutine. A rating
// in progress finishes under the configuration it started with; the new one
// takes effect at the next citizen screen.
func (k *Kiosk) ApplyConfig(cfg survey.Config) {
	fyne.Do(func() {
		if k.draft != nil || !k.isCitizenHome() {
			k.nextCfg = &cfg // installed by the next showHome
			return
		}
		k.install(cfg)
		k.showHome()
	})
}

// install switches to cfg. An officer who is no longer on the roster is
// signed out, so that no rating is given to a name the centre removed.
func (k *Kiosk) install(cfg survey.Config) {
	k.nextCfg = nil
	k.cfg = cfg
	k.forgetScreens()
	if k.officer == nil {
		return
	}
	o, ok := cfg.Officer(k.officer.ID)
	if !ok {
		if err := k.signOut("config"); err != nil {
			k.log.Error("sign out removed officer", "err", err)
		}
		return
	}
	k.officer = &o
}

// pendingConfig installs a configuration that arrived during a rating or
// a staff screen.
func (k *Kiosk) pendingConfig() {
	if k.nextCfg != nil {
		k.install(*k.nextCfg)
	}
}

// Config returns the configuration in force.
func (k *Kiosk) Config() survey.Config { return k.cfg }

// RefreshPhotos redraws a resting citizen screen after officer photos
// arrived from the server. It may be called from any goroutine.
func (k *Kiosk) RefreshPhotos() {
	fyne.Do(func() {
		k.forgetScreens()
		switch {
		case k.draft != nil:
		case k.screen == ScreenRating:
			k.showRating(false)
		case k.screen == ScreenIdle:
			k.showIdle()
		}
	})
}
