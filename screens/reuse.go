package screens

import "fyne.io/fyne/v2"

// The resting citizen screens (closed, idle, rating, thanks) are built once
// and shown again for every citizen. Building the rating screen costs about
// a millisecond of CPU (Fyne decodes the face and logo SVGs again for every
// new image, and measures every label) and leaves its garbage behind; a
// kiosk shows the same screen thousands of times a day, right before the
// save whose latency the citizen waits for. The screens that carry a
// citizen's input (reasons, dossier code) are built afresh each time.

// screenKey is what a reusable screen depends on besides the configuration
// and the officers' photos, whose change empties the whole set.
type screenKey struct {
	name    string
	lang    Lang
	officer string
}

// builtScreen is a citizen screen in its chrome, with its tiles if any.
type builtScreen struct {
	chrome *chrome
	tiles  []*RatingTile
}

// reusable returns the screen for key, building it with build (the body
// and its tiles) the first time.
func (k *Kiosk) reusable(name string, build func() (fyne.CanvasObject, []*RatingTile)) *builtScreen {
	key := screenKey{name: name, lang: k.lang}
	if k.officer != nil {
		key.officer = k.officer.ID
	}
	if s, ok := k.built[key]; ok {
		return s
	}
	body, tiles := build()
	s := &builtScreen{chrome: k.newChrome(body), tiles: tiles}
	if k.built == nil {
		k.built = map[screenKey]*builtScreen{}
	}
	k.built[key] = s
	return s
}

// forgetScreens drops the reusable screens, after a new configuration or
// new photos: the next showing builds them again.
func (k *Kiosk) forgetScreens() { k.built = nil }
