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

func TestEnrolGivesTokenAndValidConfig(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, er := f.enrol("kiosk-a", "c1", "3")
	if er.KioskID != "kiosk-a" || len(token) != 43 {
		t.Fatalf("kiosk %q token %q", er.KioskID, token)
	}
	cfg, err := er.Config.ToSurvey()
	if err != nil {
		t.Fatalf("the configuration of an enrolment does not validate: %v", err)
	}
	if cfg.CentreID != "c1" || cfg.CounterID != "3" || len(cfg.Officers) != 1 || cfg.Version == "" {
		t.Fatalf("config %+v", cfg)
	}
	if w := f.do("GET", protocol.PathConfig, token, nil, nil); w.Code != http.StatusOK {
		t.Fatalf("the new token does not work: %d %s", w.Code, w.Body)
	}
	k := f.kiosk("kiosk-a")
	if k.CentreID != "c1" || k.CounterID != "3" || k.Hostname != "kiosk-3" || k.AppVersion != "0.1.0" {
		t.Fatalf("stored kiosk %+v", k)
	}
}

func TestEnrolRefusesBadCodes(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	used := f.code("c1", "1")
	if w := f.do("POST", protocol.PathEnrol, "", jsonBody(t, protocol.EnrolRequest{Code: used, KioskID: "k1"}), nil); w.Code != http.StatusOK {
		t.Fatalf("first use: %d %s", w.Code, w.Body)
	}
	expired := f.code("c1", "2")
	f.clock.Advance(scoring.DefaultEnrolCodeTTL + time.Second)
	for name, code := range map[string]string{
		"already used": used,
		"expired":      expired,
		"unknown":      "ABCD-EFGH-JKMN",
	} {
		t.Run(name, func(t *testing.T) {
			w := f.do("POST", protocol.PathEnrol, "", jsonBody(t, protocol.EnrolRequest{Code: code, KioskID: "k2"}), nil)
			if w.Code != http.StatusBadRequest || errorCode(t, w) != protocol.CodeInvalidCode {
				t.Fatalf("%d %s", w.Code, w.Body)
			}
			if !strings.Contains(w.Body.String(), name) {
				t.Errorf("message does not say %s: %s", name, w.Body)
			}
		})
	}
	if ks, _ := f.st.Kiosks(t.Context()); len(ks) != 1 {
		t.Fatalf("%d kiosks, want only k1", len(ks))
	}
}

func TestEnrolCodeIsTypedLoosely(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	code := f.code("c1", "1")
	typed := " " + strings.ToLower(strings.ReplaceAll(code, "-", " ")) + " "
	if w := f.do("POST", protocol.PathEnrol, "", jsonBody(t, protocol.EnrolRequest{Code: typed, KioskID: "k1"}), nil); w.Code != http.StatusOK {
		t.Fatalf("%q: %d %s", typed, w.Code, w.Body)
	}
}

func TestEnrolAgainRevokesTheOldToken(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	old, _ := f.enrol("k1", "c1", "1")
	fresh, er := f.enrol("k1", "c1", "2")
	if er.Config.Counter.ID != "2" {
		t.Fatalf("counter %q after moving the kiosk", er.Config.Counter.ID)
	}
	if w := f.do("GET", protocol.PathConfig, old, nil, nil); w.Code != http.StatusUnauthorized {
		t.Fatalf("old token: %d", w.Code)
	}
	if w := f.do("GET", protocol.PathConfig, fresh, nil, nil); w.Code != http.StatusOK {
		t.Fatalf("new token: %d", w.Code)
	}
}

func TestEnrolKioskOfAnotherCentre(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	f.enrol("k1", "c1", "1")
	code := f.code("c2", "1")
	w := f.do("POST", protocol.PathEnrol, "", jsonBody(t, protocol.EnrolRequest{Code: code, KioskID: "k1"}), nil)
	if w.Code != http.StatusConflict || errorCode(t, w) != protocol.CodeKioskTaken {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	// The refused enrolment did not spend the code.
	if w := f.do("POST", protocol.PathEnrol, "", jsonBody(t, protocol.EnrolRequest{Code: code, KioskID: "k2"}), nil); w.Code != http.StatusOK {
		t.Fatalf("code after a refused enrolment: %d %s", w.Code, w.Body)
	}
}

func TestEnrolWithoutKioskIDGetsOne(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	w := f.do("POST", protocol.PathEnrol, "", jsonBody(t, protocol.EnrolRequest{Code: f.code("c1", "1")}), nil)
	var er protocol.EnrolResponse
	decodeInto(t, w.Body.Bytes(), &er)
	if w.Code != http.StatusOK || len(er.KioskID) != 36 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
}

func TestEnrolBadRequests(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	for name, body := range map[string]string{
		"not json":     `{"code":`,
		"no code":      `{"kiosk_id":"k1"}`,
		"bad kiosk id": `{"code":"ABCD","kiosk_id":"a b/c"}`,
		"trailing":     `{"code":"ABCD"} {}`,
	} {
		t.Run(name, func(t *testing.T) {
			w := f.do("POST", protocol.PathEnrol, "", []byte(body), nil)
			if w.Code != http.StatusBadRequest || errorCode(t, w) != protocol.CodeBadRequest {
				t.Fatalf("%d %s", w.Code, w.Body)
			}
		})
	}
}
