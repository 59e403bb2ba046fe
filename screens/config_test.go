package screens

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"hailong/kiosk/survey"
)

func TestApplyConfigWithoutRestart(t *testing.T) {
	r := newRig(t, nil)
	cfg := r.k.Config()
	cfg.Scale = mustScale(t, survey.ScaleStar5)
	cfg.Version = "v2"
	r.k.ApplyConfig(cfg)
	r.wantScreen(ScreenRating)
	if len(r.k.tiles) != 5 {
		t.Fatalf("%d tiles after switching to star5", len(r.k.tiles))
	}
	r.typeRunes("1") // five stars, best first
	if got := r.only(); got.Scale != "star5" || got.ConfigVersion != "v2" {
		t.Fatalf("stored scale %s config %s", got.Scale, got.ConfigVersion)
	}
}

func TestApplyConfigWaitsForTheRatingInProgress(t *testing.T) {
	r := newRig(t, nil)
	r.typeRunes("3") // reasons screen, legal3
	cfg := r.k.Config()
	cfg.Scale = mustScale(t, survey.ScaleFace4)
	cfg.Version = "v2"
	r.k.ApplyConfig(cfg)
	r.wantScreen(ScreenReasons)
	r.key("Escape")
	if got := r.only(); got.Scale != "legal3" || got.ConfigVersion == "v2" {
		t.Fatalf("the rating in progress was stored as %s %s", got.Scale, got.ConfigVersion)
	}
	r.advance(4 * time.Second)
	if len(r.k.tiles) != 4 {
		t.Fatalf("%d tiles after the rating; the new scale was not installed", len(r.k.tiles))
	}
}

func TestApplyConfigSignsOutARemovedOfficer(t *testing.T) {
	r := newRig(t, nil)
	cfg := r.k.Config()
	cfg.Officers = cfg.Officers[1:] // cb01, signed in, leaves the roster
	r.k.ApplyConfig(cfg)
	r.wantScreen(ScreenClosed)
}

func TestTechnicianShowsUploads(t *testing.T) {
	r := newRig(t, nil)
	sent := 0
	r.k.d.Sync = func() SyncStatus {
		return SyncStatus{Server: "https://hcc.example.vn", LastUpload: start.Add(-time.Minute), Pending: 7,
			OldestPending: start.Add(-2 * time.Hour), Quarantined: 1, LastError: "Không kết nối được máy chủ / Cannot reach the server", ClockOffset: 2 * time.Second}
	}
	r.k.d.SendNow = func() { sent++ }
	r.longPressLogo()
	test.Tap(r.k.staffBtn["staff.technician"])
	r.enterPIN("909090")
	info := r.k.techInfo
	if info["tech.server"] != "https://hcc.example.vn" || !strings.Contains(info["tech.uploaderror"], "Cannot reach") ||
		info["tech.lastupload"] != "2025-11-24 08:59:00" || info["tech.quarantined"] != "1" || info["tech.clock"] != "2s" {
		t.Fatalf("technician info %v", info)
	}
	test.Tap(r.k.staffBtn["tech.sendnow"])
	if sent != 1 {
		t.Fatal("send now did not reach the uploader")
	}
}

func TestSaveNotifiesTheUploader(t *testing.T) {
	r := newRig(t, nil)
	n := 0
	r.k.d.OnSaved = func() { n++ }
	r.typeRunes("1")
	if n != 1 {
		t.Fatalf("OnSaved called %d times", n)
	}
}
