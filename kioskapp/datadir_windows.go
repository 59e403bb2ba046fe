package kioskapp

import "path/filepath"

// defaultDataDir is the machine's data directory for the kiosk,
// %ProgramData%\HaiLong\kiosk: one per PC, not per Windows user, so the
// technician who enrols the kiosk or runs doctor from an administrator's
// account sees the same database as the kiosk's own account, and the
// ratings survive that account's profile being reset. Without ProgramData
// (never on a real Windows) it falls back to the user's local app data.
func defaultDataDir(getenv func(string) string) string {
	if d := getenv("ProgramData"); d != "" {
		return filepath.Join(d, "HaiLong", "kiosk")
	}
	if d := getenv("LOCALAPPDATA"); d != "" {
		return filepath.Join(d, "HaiLong", "kiosk")
	}
	return "hailong-data"
}
