package kioskapp

// threadingModeOf names Fyne's threading mode, for the start log and kiosk
// doctor.
func threadingModeOf(migrated bool) string {
	if migrated {
		return "fyneDo (built with -tags migrated_fynedo)"
	}
	return "compatibility (built without -tags migrated_fynedo)"
}

// threadingMode names Fyne's threading mode of this binary.
func threadingMode() string { return threadingModeOf(fyneDoMigrated) }
