package upload

import (
	"bytes"
	"context"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	"hailong/kiosk/protocol"
)

// The heartbeat carries the kiosk's latest self-checks, without any entry
// the server would refuse (logged instead), and none when there are none
// yet, so that the server keeps what it had.
func TestHeartbeatCarriesChecks(t *testing.T) {
	var logs bytes.Buffer
	var checks protocol.Checks
	h := newHarness(t, func(o *Options) {
		o.Checks = func() protocol.Checks { return checks }
		o.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	ctx := context.Background()
	if _, _, err := h.u.Heartbeat(ctx); err != nil {
		t.Fatal(err)
	}
	checks = protocol.Checks{"disk": "low", "database": "ok", "Bad Name": "ok"}
	if _, _, err := h.u.Heartbeat(ctx); err != nil {
		t.Fatal(err)
	}
	h.srv.mu.Lock()
	defer h.srv.mu.Unlock()
	if len(h.srv.heartbeats) != 2 || h.srv.heartbeats[0].Checks != nil {
		t.Fatalf("heartbeats %+v, the first without checks", h.srv.heartbeats)
	}
	if got := h.srv.heartbeats[1].Checks; !reflect.DeepEqual(got, protocol.Checks{"disk": "low", "database": "ok"}) {
		t.Fatalf("checks sent %v", got)
	}
	if !strings.Contains(logs.String(), "heartbeat without a check") || !strings.Contains(logs.String(), "Bad Name") {
		t.Fatalf("the dropped check is not logged:\n%s", logs.String())
	}
}
