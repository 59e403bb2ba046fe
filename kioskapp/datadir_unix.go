//go:build !windows

package kioskapp

import "path/filepath"

// defaultDataDir is the user's data directory for the kiosk. The Debian
// package passes --data-dir /var/lib/hailong-kiosk instead.
func defaultDataDir(getenv func(string) string) string {
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "hailong")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "hailong")
	}
	return "hailong-data"
}
