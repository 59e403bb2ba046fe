//go:build migrated_fynedo

package kioskapp

// fyneDoMigrated: this binary was built with the migrated_fynedo tag, so
// Fyne runs in its fyneDo threading mode (goroutines reach widgets only
// through fyne.Do, and Fyne does no locking of its own for them), as
// FyneApp.toml's [Migrations] asks. The Makefile, scripts and tests all
// pass the tag; doctor and the start log say which mode a binary runs in.
const fyneDoMigrated = true
