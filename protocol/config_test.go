package protocol

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/survey"
)

var pinHash = func() string {
	h, err := survey.HashPIN("1234")
	if err != nil {
		panic(err)
	}
	return h
}()

func validConfig() KioskConfig {
	c := DefaultConfig(Place{ID: "qn-hcc", Name: "Trung tâm"}, Place{ID: "3"})
	c.Version = "v7"
	c.TechnicianPINHash = pinHash
	c.Officers = []Officer{{ID: "cb01", Name: "Nguyễn Thị Lan", PINHash: pinHash, PhotoURL: PathPhotos + "cb01"}}
	return c
}

func TestToSurvey(t *testing.T) {
	c := validConfig()
	c.Scale = survey.ScaleFace4
	c.Mapping = map[string]string{"2": "dissatisfied"}
	cfg, err := c.ToSurvey()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.CentreID != "qn-hcc" || cfg.CounterName != "Quầy 3" || cfg.Version != "v7" || len(cfg.Officers) != 1 {
		t.Fatalf("converted %+v", cfg)
	}
	if l, _ := cfg.Scale.Level(2); l != survey.Dissatisfied {
		t.Fatalf("mapping not applied: 2 → %s", l)
	}
	if cfg.Timings != survey.DefaultTimings() {
		t.Fatalf("timings %+v, want the defaults", cfg.Timings)
	}
	if len(cfg.Reasons) != len(survey.DefaultReasons()) || !cfg.NeedsReasons(survey.Dissatisfied) {
		t.Fatalf("reasons %v for %v", cfg.Reasons, cfg.ReasonLevels)
	}
}

func TestToSurveyRejects(t *testing.T) {
	cases := map[string]func(*KioskConfig){
		"unknown scale":       func(c *KioskConfig) { c.Scale = "star7" },
		"mapping key":         func(c *KioskConfig) { c.Mapping = map[string]string{"x": "satisfied"} },
		"mapping level":       func(c *KioskConfig) { c.Mapping = map[string]string{"1": "happy"} },
		"mapping raw":         func(c *KioskConfig) { c.Mapping = map[string]string{"9": "satisfied"} },
		"reasons_for":         func(c *KioskConfig) { c.ReasonsFor = []string{"angry"} },
		"no officer":          func(c *KioskConfig) { c.Officers = nil },
		"no technician PIN":   func(c *KioskConfig) { c.TechnicianPINHash = "" },
		"zero timings":        func(c *KioskConfig) { c.Timings = Timings{} },
		"bad trigger":         func(c *KioskConfig) { c.Trigger = "always" },
		"too many reasons":    func(c *KioskConfig) { c.Reasons = append(c.Reasons, c.Reasons...) },
		"officer without pin": func(c *KioskConfig) { c.Officers[0].PINHash = "" },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			c := validConfig()
			mutate(&c)
			if _, err := c.ToSurvey(); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestWireNames(t *testing.T) {
	b, err := json.Marshal(Batch{BatchID: "b1", Responses: []survey.Response{{ID: "x"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"batch_id":"b1"`, `"responses":[{"id":"x"`} {
		if !strings.Contains(string(b), want) {
			t.Fatalf("%s lacks %s", b, want)
		}
	}
	hb, _ := json.Marshal(Heartbeat{Clock: time.Date(2025, 11, 24, 9, 0, 0, 0, time.UTC)})
	if !strings.Contains(string(hb), `"clock":"2025-11-24T09:00:00Z"`) || strings.Contains(string(hb), "oldest_pending_at") {
		t.Fatalf("heartbeat %s", hb)
	}
	if FromTimings(survey.DefaultTimings()).RatingTimeoutS != 30 {
		t.Fatal("timings in seconds")
	}
}

// TestScaleWithMapping: the mapping a kiosk stamps levels with is the
// scale's default with the configuration's overrides; raw values off the
// scale and unknown levels are refused.
func TestScaleWithMapping(t *testing.T) {
	for _, c := range []struct {
		scale   string
		mapping map[string]string
		raw     int
		want    survey.Level
		bad     bool
	}{
		{scale: "face4", raw: 2, want: survey.Satisfied},
		{scale: "face4", mapping: map[string]string{"2": "dissatisfied"}, raw: 2, want: survey.Dissatisfied},
		{scale: "face4", mapping: map[string]string{"2": "dissatisfied"}, raw: 3, want: survey.Satisfied},
		{scale: "star5", raw: 3, want: survey.Dissatisfied},
		{scale: "star5", mapping: map[string]string{"3": "satisfied"}, raw: 3, want: survey.Satisfied},
		{scale: "legal3", mapping: map[string]string{"4": "satisfied"}, bad: true},
		{scale: "legal3", mapping: map[string]string{"x": "satisfied"}, bad: true},
		{scale: "face4", mapping: map[string]string{"2": "neutral"}, bad: true},
		{scale: "star7", bad: true},
	} {
		sc, err := ScaleWithMapping(c.scale, c.mapping)
		if c.bad {
			if err == nil {
				t.Errorf("%s %v: no error", c.scale, c.mapping)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %v: %v", c.scale, c.mapping, err)
			continue
		}
		if got, err := sc.Level(c.raw); err != nil || got != c.want {
			t.Errorf("%s %v: raw %d is %q (%v), want %q", c.scale, c.mapping, c.raw, got, err, c.want)
		}
	}
}
