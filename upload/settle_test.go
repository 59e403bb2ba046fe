package upload

import (
	"log/slog"
	"slices"
	"testing"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// TestSettleMatchesResultsByPositionOrID: results in the batch's order,
// reversed, with one missing and with one for an id not in the batch all
// settle each item by its own id.
func TestSettleMatchesResultsByPositionOrID(t *testing.T) {
	items := []item{{r: survey.Response{ID: "a"}}, {r: survey.Response{ID: "b"}}, {r: survey.Response{ID: "c"}}, {r: survey.Response{ID: "d"}}}
	ok := func(id string) protocol.ItemResult {
		return protocol.ItemResult{ID: id, Status: protocol.StatusAccepted}
	}
	dup := func(id string) protocol.ItemResult {
		return protocol.ItemResult{ID: id, Status: protocol.StatusDuplicate}
	}
	bad := func(id string) protocol.ItemResult {
		return protocol.ItemResult{ID: id, Status: protocol.StatusRejected, Reason: protocol.ReasonConflict}
	}
	for _, tt := range []struct {
		name        string
		results     []protocol.ItemResult
		acked, quar []string
	}{
		{"in order", []protocol.ItemResult{ok("a"), dup("b"), bad("c"), ok("d")}, []string{"a", "b", "d"}, []string{"c"}},
		{"reversed", []protocol.ItemResult{ok("d"), bad("c"), dup("b"), ok("a")}, []string{"a", "b", "d"}, []string{"c"}},
		{"second swapped", []protocol.ItemResult{ok("a"), bad("c"), dup("b"), ok("d")}, []string{"a", "b", "d"}, []string{"c"}},
		{"one missing", []protocol.ItemResult{ok("a"), ok("b"), ok("d")}, []string{"a", "b", "d"}, nil},
		{"a stranger", []protocol.ItemResult{ok("a"), ok("x"), ok("c"), ok("d")}, []string{"a", "c", "d"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u := &Uploader{log: slog.New(slog.DiscardHandler)}
			var o outcome
			u.settle(items, protocol.BatchResult{Results: tt.results}, &o)
			var quar []string
			for _, s := range o.quarantine {
				quar = append(quar, s.it.r.ID)
			}
			slices.Sort(o.acked)
			if !slices.Equal(o.acked, tt.acked) || !slices.Equal(quar, tt.quar) {
				t.Errorf("acked %v, quarantined %v; want %v and %v", o.acked, quar, tt.acked, tt.quar)
			}
		})
	}
}
