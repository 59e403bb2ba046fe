package sqlitedurable

import "testing"

// SQLite wants a drive letter after an empty authority, with slashes.
func TestURIWindowsDrive(t *testing.T) {
	got := URI(`C:\ProgramData\HaiLong\kiosk\kiosk.db`, "_txlock=immediate")
	if want := "file:///C:/ProgramData/HaiLong/kiosk/kiosk.db?_txlock=immediate"; got != want {
		t.Errorf("URI = %q, want %q", got, want)
	}
}
