package screens

import (
	"context"
	"errors"
	"log/slog"
	"strings"
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

// TestServerPhotoThatIsNotAnImage: a server that sends garbage as a PNG
// leaves the initials and one log line, and the garbage is not shown.
func TestServerPhotoThatIsNotAnImage(t *testing.T) {
	var logged strings.Builder
	fetch := func(context.Context, string) ([]byte, string, error) {
		return []byte("<html>proxy login</html>"), "image/png", nil
	}
	p := NewPhotoCache(t.TempDir())
	changed := p.LoadServer(context.Background(), []OfficerPhoto{{ID: "a", PhotoURL: protocol.PathPhotos + "a?v=1"}},
		fetch, slog.New(slog.NewTextHandler(&logged, nil)))
	if changed || p.Get("a") != nil {
		t.Fatalf("changed=%v photo=%v; want the initials", changed, p.Get("a"))
	}
	if n := strings.Count(strings.TrimSpace(logged.String()), "\n") + 1; n != 1 || !strings.Contains(logged.String(), "not a PNG or JPEG") {
		t.Fatalf("log: %q", logged.String())
	}
}
