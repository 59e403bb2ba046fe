package kioskapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
)

func TestHeartbeatStoresHealthAndFlagsSkew(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, er := f.enrol("k1", "c1", "1")
	oldest := f.clock.Now().Add(-3 * time.Hour)
	hb := protocol.Heartbeat{AppVersion: "0.2.0", Pending: 1234, OldestPendingAt: &oldest, LastError: "dial tcp: timeout",
		DiskFree: 5 << 30, Clock: f.clock.Now().Add(10 * time.Minute), LastSeq: 99}
	w := f.do("POST", protocol.PathHeartbeat, token, jsonBody(t, hb), nil)
	if w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	var res protocol.HeartbeatResult
	decodeInto(t, w.Body.Bytes(), &res)
	if !res.ServerTime.Equal(f.clock.Now()) || res.ConfigVersion != er.Config.Version {
		t.Fatalf("%+v, config version %s", res, er.Config.Version)
	}
	k := f.kiosk("k1")
	if k.AppVersion != "0.2.0" || k.Pending != 1234 || !k.OldestPendingAt.Equal(oldest) || k.LastError != hb.LastError ||
		k.DiskFree != 5<<30 || k.ClockSkew != 10*time.Minute || !k.HeartbeatAt.Equal(f.clock.Now()) {
		t.Fatalf("%+v", k)
	}
	if !scoring.Skewed(k.ClockSkew, scoring.DefaultSkewLimit) {
		t.Fatal("10 minutes ahead is not flagged")
	}
	if !strings.Contains(f.logs.String(), "kiosk clock skewed") {
		t.Fatal("no log line for the skew")
	}
	metrics := f.do("GET", "/metrics", "", nil, nil).Body.String()
	if !strings.Contains(metrics, "hailong_heartbeats_clock_skewed_total 1") || !strings.Contains(metrics, "hailong_fleet_clock_skewed_kiosks 1") {
		t.Fatal("skew not in /metrics")
	}

	// A clock within the limit is not flagged.
	hb.Clock = f.clock.Now().Add(-4 * time.Minute)
	if w := f.do("POST", protocol.PathHeartbeat, token, jsonBody(t, hb), nil); w.Code != http.StatusOK {
		t.Fatalf("%d", w.Code)
	}
	if k := f.kiosk("k1"); k.ClockSkew != -4*time.Minute || scoring.Skewed(k.ClockSkew, scoring.DefaultSkewLimit) {
		t.Fatalf("skew %v", k.ClockSkew)
	}
	metrics = f.do("GET", "/metrics", "", nil, nil).Body.String()
	if !strings.Contains(metrics, "hailong_heartbeats_clock_skewed_total 1") || !strings.Contains(metrics, "hailong_heartbeats_total 2") ||
		!strings.Contains(metrics, "hailong_fleet_clock_skewed_kiosks 0") {
		t.Fatal("heartbeat counters wrong")
	}
}

func TestHeartbeatBadRequests(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	for name, body := range map[string]string{
		"no clock":     `{"pending":1}`,
		"negative":     `{"pending":-1,"clock":"2025-11-24T09:00:00+07:00"}`,
		"not json":     `{`,
		"wrong type":   `{"pending":"many","clock":"2025-11-24T09:00:00+07:00"}`,
		"not a record": `[]`,
	} {
		w := f.do("POST", protocol.PathHeartbeat, token, []byte(body), nil)
		if w.Code != http.StatusBadRequest || errorCode(t, w) != protocol.CodeBadRequest {
			t.Errorf("%s: %d %s", name, w.Code, w.Body)
		}
	}
}
