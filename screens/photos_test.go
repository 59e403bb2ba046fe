package screens

import (
	"context"
	"errors"
	"log/slog"
	"testing"

	"hailong/kiosk/protocol"
)

func TestServerPhotosAreCachedOnDisk(t *testing.T) {
	dir := t.TempDir()
	cfg := []OfficerPhoto{
		{ID: "a", PhotoURL: protocol.PathPhotos + "a?v=1"},
		{ID: "b"}, // no photo: initials
		{ID: "c", PhotoURL: protocol.PathPhotos + "c?v=1"},
	}
	calls := 0
	fetch := func(_ context.Context, url string) ([]byte, string, error) {
		calls++
		if url == protocol.PathPhotos+"c?v=1" {
			return nil, "", errors.New("unreachable")
		}
		return []byte("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 4 4'><rect width='4' height='4'/></svg>"), "image/svg+xml", nil
	}
	p := NewPhotoCache(dir)
	if !p.LoadServer(context.Background(), cfg, fetch, slog.New(slog.DiscardHandler)) {
		t.Fatal("no photo reported as changed")
	}
	if p.Get("a") == nil || p.Get("b") != nil || p.Get("c") != nil {
		t.Fatalf("photos a=%v b=%v c=%v", p.Get("a"), p.Get("b"), p.Get("c"))
	}
	// a restart offline: the photo comes from the disk, not the server
	p2 := NewPhotoCache(dir)
	offline := func(context.Context, string) ([]byte, string, error) { return nil, "", errors.New("offline") }
	p2.LoadServer(context.Background(), cfg, offline, slog.New(slog.DiscardHandler))
	if p2.Get("a") == nil {
		t.Fatal("cached photo not found after restart")
	}
	if calls != 2 {
		t.Fatalf("%d downloads, want 2", calls)
	}
}
