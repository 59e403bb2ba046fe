package protocol

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestCheckNamesAndWords(t *testing.T) {
	for _, c := range []struct {
		s          string
		name, word bool
	}{
		{"disk", true, true},
		{"hash_chain-2", true, true},
		{"2fa", false, true},
		{"_x", false, true},
		{"", false, false},
		{"Disk", false, false},
		{"đĩa", false, false},
		{"a b", false, false},
		{"<script>", false, false},
		{strings.Repeat("a", MaxCheckWordBytes), true, true},
		{strings.Repeat("a", MaxCheckWordBytes+1), true, false},
		{strings.Repeat("a", MaxCheckNameBytes+1), false, false},
	} {
		if got := CheckName(c.s); got != c.name {
			t.Errorf("CheckName(%q) = %v", c.s, got)
		}
		if got := CheckWord(c.s); got != c.word {
			t.Errorf("CheckWord(%q) = %v", c.s, got)
		}
	}
}

// Sendable keeps what the server takes and says what it left out, so a
// kiosk never loses its heartbeat to one bad check.
func TestChecksSendable(t *testing.T) {
	c := Checks{"disk": "low", "database": "ok", "Bad Name": "ok", "clock": "way off"}
	for i := range MaxChecks {
		c["z"+strings.Repeat("x", i%20)+string(rune('a'+i/20))] = "ok"
	}
	got, dropped := c.Sendable()
	if len(got) != MaxChecks || got["disk"] != "low" || got["database"] != "ok" {
		t.Fatalf("sendable %d: %v", len(got), got)
	}
	if len(dropped) != 2+2 || !strings.Contains(dropped[0], "Bad Name") || !strings.Contains(dropped[1], "way off") {
		t.Fatalf("dropped %q", dropped)
	}
	if got, dropped := Checks(nil).Sendable(); got != nil || dropped != nil {
		t.Fatalf("nil: %v %v", got, dropped)
	}
}

// The field is omitted when there are no checks: the body an older server
// and an older kiosk know.
func TestHeartbeatChecksOnTheWire(t *testing.T) {
	b, _ := json.Marshal(Heartbeat{})
	if strings.Contains(string(b), "checks") {
		t.Fatalf("no checks: %s", b)
	}
	b, _ = json.Marshal(Heartbeat{Checks: Checks{"disk": "low", "database": "ok"}})
	if !strings.Contains(string(b), `"checks":{"database":"ok","disk":"low"}`) {
		t.Fatalf("checks: %s", b)
	}
	var hb Heartbeat
	if err := json.Unmarshal(b, &hb); err != nil || !reflect.DeepEqual(hb.Checks, Checks{"disk": "low", "database": "ok"}) {
		t.Fatalf("back: %+v %v", hb, err)
	}
}
