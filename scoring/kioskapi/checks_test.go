package kioskapi_test

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
)

// The heartbeat's checks are stored in name order, an unknown check and
// word included; a heartbeat without them (an older kiosk) is accepted and
// leaves them; the next report replaces them.
func TestHeartbeatStoresChecks(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	clock := `"clock":"2025-11-24T09:00:00+07:00"`
	beat := func(body string) {
		t.Helper()
		if w := f.do("POST", protocol.PathHeartbeat, token, []byte(body), nil); w.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", body, w.Code, w.Body)
		}
	}
	beat(`{` + clock + `,"checks":{"disk":"low","database":"ok","future-check_2":"wobbly"}}`)
	want := []scoring.KioskCheck{{Name: "database", Result: "ok"}, {Name: "disk", Result: "low"}, {Name: "future-check_2", Result: "wobbly"}}
	if k := f.kiosk("k1"); !reflect.DeepEqual(k.Checks, want) {
		t.Fatalf("checks %+v, want %+v", k.Checks, want)
	}
	beat(`{` + clock + `,"pending":3}`) // an older kiosk
	if k := f.kiosk("k1"); !reflect.DeepEqual(k.Checks, want) || k.Pending != 3 {
		t.Fatalf("a heartbeat without checks: %+v", k)
	}
	beat(`{` + clock + `,"checks":null}`)
	if k := f.kiosk("k1"); !reflect.DeepEqual(k.Checks, want) {
		t.Fatalf("checks null: %+v", k.Checks)
	}
	if m := f.do("GET", "/metrics", "", nil, nil).Body.String(); !strings.Contains(m, "hailong_fleet_failing_checks_kiosks 1") {
		t.Fatal("the failing kiosk is not counted in /metrics")
	}
	beat(`{` + clock + `,"checks":{"disk":"ok","database":"ok"}}`)
	if k := f.kiosk("k1"); len(k.Checks) != 2 || len(k.Failing()) != 0 {
		t.Fatalf("all ok: %+v", k.Checks)
	}
	if m := f.do("GET", "/metrics", "", nil, nil).Body.String(); !strings.Contains(m, "hailong_fleet_failing_checks_kiosks 0") {
		t.Fatal("the kiosk is still counted failing in /metrics")
	}
}

// Garbage checks are refused plainly, and nothing of the heartbeat is
// stored: the stored checks and backlog stay as they were.
func TestHeartbeatRefusesGarbageChecks(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	clock := `"clock":"2025-11-24T09:00:00+07:00"`
	if w := f.do("POST", protocol.PathHeartbeat, token, []byte(`{`+clock+`,"pending":1,"checks":{"disk":"ok"}}`), nil); w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	var many []string
	for i := range protocol.MaxChecks + 1 {
		many = append(many, fmt.Sprintf(`"c%d":"ok"`, i))
	}
	for name, c := range map[string]struct{ checks, says string }{
		"an array":         {`[]`, "not an object"},
		"a string":         {`"ok"`, "not an object"},
		"a number result":  {`{"disk":1}`, "not a string"},
		"an object result": {`{"disk":{"a":1}}`, "not a string"},
		"a null result":    {`{"disk":null}`, "not a string"},
		"markup name":      {`{"<script>alert(1)</script>":"ok"}`, "check name"},
		"markup result":    {`{"disk":"<b>low</b>"}`, "result"},
		"upper case":       {`{"Disk":"ok"}`, "check name"},
		"a space":          {`{"disk":"very low"}`, "result"},
		"vietnamese":       {`{"disk":"đầy"}`, "result"},
		"empty name":       {`{"":"ok"}`, "check name"},
		"empty result":     {`{"disk":""}`, "result"},
		"a long name":      {`{"` + strings.Repeat("a", protocol.MaxCheckNameBytes+1) + `":"ok"}`, "check name"},
		"a long result":    {`{"disk":"` + strings.Repeat("a", protocol.MaxCheckWordBytes+1) + `"}`, "result"},
		"twice":            {`{"disk":"ok","disk":"low"}`, "disk twice"},
		"too many":         {`{` + strings.Join(many, ",") + `}`, "more than 32"},
	} {
		body := `{` + clock + `,"pending":99,"checks":` + c.checks + `}`
		w := f.do("POST", protocol.PathHeartbeat, token, []byte(body), nil)
		if w.Code != http.StatusBadRequest || errorCode(t, w) != protocol.CodeBadRequest || !strings.Contains(w.Body.String(), c.says) {
			t.Errorf("%s: %d %s", name, w.Code, w.Body)
		}
	}
	w := f.do("POST", protocol.PathHeartbeat, token, []byte(`{`+clock+`,"checks":{"disk":"ok"},"checks":{"disk":"low"}}`), nil)
	if w.Code != http.StatusBadRequest {
		t.Errorf("checks twice: %d %s", w.Code, w.Body)
	}
	if k := f.kiosk("k1"); k.Pending != 1 || !reflect.DeepEqual(k.Checks, []scoring.KioskCheck{{Name: "disk", Result: "ok"}}) {
		t.Fatalf("a refused heartbeat changed the kiosk: %+v", k)
	}
}
