//go:build !migrated_fynedo

package kioskapp

// fyneDoMigrated is false without the migrated_fynedo tag: Fyne then runs in
// its compatibility threading mode, which the kiosk is not tested in
// (threading.go).
const fyneDoMigrated = false
