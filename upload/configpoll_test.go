package upload

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"hailong/kiosk/protocol"
)

// TestConfigPoller: a poke fetches with the current ETag; a new
// configuration is applied, stored and becomes the version the heartbeat
// reports; a refused one changes nothing; "not modified" changes nothing.
func TestConfigPoller(t *testing.T) {
	type answer struct {
		cfg         protocol.KioskConfig
		etag        string
		notModified bool
		err         error
	}
	answers := make(chan answer, 1)
	var mu sync.Mutex
	var etagsAsked, saved, applied []string
	done := make(chan string, 1) // the version in force after each fetch
	p := NewConfigPoller(ConfigPollerOptions{
		Fetch: func(_ context.Context, etag string) (protocol.KioskConfig, string, bool, error) {
			mu.Lock()
			etagsAsked = append(etagsAsked, etag)
			mu.Unlock()
			a := <-answers
			return a.cfg, a.etag, a.notModified, a.err
		},
		Apply: func(c protocol.KioskConfig) error {
			if c.Version == "bad" {
				return errors.New("refused")
			}
			return nil
		},
		Save: func(_ context.Context, c protocol.KioskConfig, etag string) error {
			mu.Lock()
			saved = append(saved, c.Version+"@"+etag)
			mu.Unlock()
			return nil
		},
		Applied: func(c protocol.KioskConfig) {
			mu.Lock()
			applied = append(applied, c.Version)
			mu.Unlock()
		},
		Current: protocol.KioskConfig{Version: "v1"},
		ETag:    `"v1"`,
		Every:   time.Hour,
		Logger:  slog.New(slog.DiscardHandler),
	})
	p.fetched = func() { done <- p.Version() }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go p.Run(ctx)
	step := func(a answer) string {
		t.Helper()
		answers <- a
		p.Poke()
		select {
		case v := <-done:
			return v
		case <-time.After(10 * time.Second):
			t.Fatal("no fetch after a poke")
			return ""
		}
	}
	if v := step(answer{notModified: true}); v != "v1" {
		t.Fatalf("after not modified: version %q", v)
	}
	if v := step(answer{cfg: protocol.KioskConfig{Version: "bad"}, etag: `"bad"`}); v != "v1" {
		t.Fatalf("after a refused configuration: version %q", v)
	}
	if v := step(answer{cfg: protocol.KioskConfig{Version: "v2"}, etag: `"v2"`}); v != "v2" {
		t.Fatalf("after a new configuration: version %q", v)
	}
	if v := step(answer{err: errors.New("offline")}); v != "v2" {
		t.Fatalf("after a failed fetch: version %q", v)
	}
	step(answer{notModified: true})
	mu.Lock()
	defer mu.Unlock()
	wantAsked := []string{`"v1"`, `"v1"`, `"v1"`, `"v2"`, `"v2"`}
	if len(etagsAsked) != len(wantAsked) {
		t.Fatalf("ETags asked %q, want %q", etagsAsked, wantAsked)
	}
	for i := range wantAsked {
		if etagsAsked[i] != wantAsked[i] {
			t.Fatalf("ETags asked %q, want %q", etagsAsked, wantAsked)
		}
	}
	if len(saved) != 1 || saved[0] != `v2@"v2"` {
		t.Errorf("saved %q, want only v2", saved)
	}
	if len(applied) != 2 || applied[0] != "v1" || applied[1] != "v2" {
		t.Errorf("Applied ran with %q, want the start's v1, then v2", applied)
	}
}
