package survey_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"hailong/kiosk/survey"
)

// testPIN and its hash are made once: HashPIN is deliberately slow.
var (
	testPIN     = "246813"
	testPINHash string
)

func TestMain(m *testing.M) {
	h, err := survey.HashPIN(testPIN)
	if err != nil {
		panic(err)
	}
	testPINHash = h
	os.Exit(m.Run())
}

func goodConfig() survey.Config {
	sc, err := survey.NewScale(survey.ScaleLegal3)
	if err != nil {
		panic(err)
	}
	return survey.Config{
		Version:     "cfg-7",
		CentreID:    "hn-bachkhoa",
		CentreName:  "Trung tâm Phục vụ hành chính công phường Bách Khoa",
		CounterID:   "q1",
		CounterName: "Quầy 1",
		Officers: []survey.Officer{
			{ID: "cb-007", Name: "Nguyễn Thị Lan", Title: "Chuyên viên", PINHash: testPINHash},
			{ID: "cb-008", Name: "Trần Văn Minh", Title: "Chuyên viên", PINHash: testPINHash},
		},
		Scale:          sc,
		ReasonLevels:   []survey.Level{survey.Dissatisfied},
		Reasons:        survey.DefaultReasons(),
		Trigger:        survey.TriggerOpen,
		Dossier:        survey.DossierOff,
		Timings:        survey.DefaultTimings(),
		LocalAPI:       survey.LocalAPI{Port: 8731},
		ManagerPIN:     testPINHash,
		TechnicianPIN:  testPINHash,
		RetentionDays:  90,
		InviteHotkey:   "F9",
		MaxReasonCount: survey.MaxReasons,
	}
}

func TestConfigValidate(t *testing.T) {
	reasons := func(n int) []survey.Reason {
		rs := make([]survey.Reason, n)
		for i := range rs {
			rs[i] = survey.Reason{Code: string(rune('a' + i)), VI: "Lý do", EN: "Reason"}
		}
		return rs
	}
	tests := []struct {
		name    string
		mutate  func(*survey.Config)
		wantErr string // "" means valid
	}{
		{name: "good", mutate: func(*survey.Config) {}},
		{name: "no manager PIN", mutate: func(c *survey.Config) { c.ManagerPIN = "" }},
		{name: "invite, dossier required", mutate: func(c *survey.Config) { c.Trigger, c.Dossier = survey.TriggerInvite, survey.DossierRequired }},
		{name: "dossier optional", mutate: func(c *survey.Config) { c.Dossier = survey.DossierOptional }},
		{name: "local API off", mutate: func(c *survey.Config) { c.LocalAPI.Port = 0 }},
		{name: "local API top port", mutate: func(c *survey.Config) { c.LocalAPI.Port = 65535 }},
		{name: "no repeat filter", mutate: func(c *survey.Config) { c.Timings.RepeatWindow = 0 }},
		{name: "one reason", mutate: func(c *survey.Config) { c.Reasons = reasons(1) }},
		{name: "eight reasons", mutate: func(c *survey.Config) { c.Reasons = reasons(survey.MaxReasons) }},
		{name: "one officer", mutate: func(c *survey.Config) { c.Officers = c.Officers[:1] }},

		{name: "no centre id", mutate: func(c *survey.Config) { c.CentreID = "" }, wantErr: "centre"},
		{name: "no centre name", mutate: func(c *survey.Config) { c.CentreName = "" }, wantErr: "centre"},
		{name: "no counter id", mutate: func(c *survey.Config) { c.CounterID = "" }, wantErr: "counter"},
		{name: "no officers", mutate: func(c *survey.Config) { c.Officers = nil }, wantErr: "no officer"},
		{name: "officer without id", mutate: func(c *survey.Config) { c.Officers[1].ID = "" }, wantErr: "id and a name"},
		{name: "officer without name", mutate: func(c *survey.Config) { c.Officers[1].Name = "" }, wantErr: "id and a name"},
		{name: "officer twice", mutate: func(c *survey.Config) { c.Officers[1].ID = c.Officers[0].ID }, wantErr: "appears twice"},
		{name: "officer plain PIN", mutate: func(c *survey.Config) { c.Officers[0].PINHash = "2468" }, wantErr: "pin_hash"},
		{name: "officer no PIN", mutate: func(c *survey.Config) { c.Officers[1].PINHash = "" }, wantErr: "pin_hash"},
		{name: "no scale", mutate: func(c *survey.Config) { c.Scale = survey.Scale{} }, wantErr: "scale"},
		{name: "no reasons", mutate: func(c *survey.Config) { c.Reasons = nil }, wantErr: "reasons"},
		{name: "nine reasons", mutate: func(c *survey.Config) { c.Reasons = reasons(survey.MaxReasons + 1) }, wantErr: "got 9"},
		{name: "reason without code", mutate: func(c *survey.Config) { c.Reasons[0].Code = "" }, wantErr: "code, vi and en"},
		{name: "reason without vi", mutate: func(c *survey.Config) { c.Reasons[2].VI = "" }, wantErr: "code, vi and en"},
		{name: "reason without en", mutate: func(c *survey.Config) { c.Reasons[5].EN = "" }, wantErr: "code, vi and en"},
		{name: "reason twice", mutate: func(c *survey.Config) { c.Reasons[1].Code = c.Reasons[0].Code }, wantErr: "appears twice"},
		{name: "bad trigger", mutate: func(c *survey.Config) { c.Trigger = "always" }, wantErr: "trigger"},
		{name: "empty trigger", mutate: func(c *survey.Config) { c.Trigger = "" }, wantErr: "trigger"},
		{name: "bad dossier", mutate: func(c *survey.Config) { c.Dossier = "yes" }, wantErr: "dossier_code"},
		{name: "no technician PIN", mutate: func(c *survey.Config) { c.TechnicianPIN = "" }, wantErr: "technician"},
		{name: "plain technician PIN", mutate: func(c *survey.Config) { c.TechnicianPIN = "0000" }, wantErr: "technician"},
		{name: "plain manager PIN", mutate: func(c *survey.Config) { c.ManagerPIN = "1234" }, wantErr: "manager"},
		{name: "port negative", mutate: func(c *survey.Config) { c.LocalAPI.Port = -1 }, wantErr: "port"},
		{name: "port too big", mutate: func(c *survey.Config) { c.LocalAPI.Port = 65536 }, wantErr: "port"},
		{name: "rating timeout 0", mutate: func(c *survey.Config) { c.Timings.RatingTimeout = 0 }, wantErr: "timings"},
		{name: "reasons timeout negative", mutate: func(c *survey.Config) { c.Timings.ReasonsTimeout = -time.Second }, wantErr: "timings"},
		{name: "thanks 0", mutate: func(c *survey.Config) { c.Timings.Thanks = 0 }, wantErr: "timings"},
		{name: "invitation TTL 0", mutate: func(c *survey.Config) { c.Timings.InvitationTTL = 0 }, wantErr: "timings"},
		{name: "repeat window negative", mutate: func(c *survey.Config) { c.Timings.RepeatWindow = -time.Second }, wantErr: "timings"},
		{name: "long press 0", mutate: func(c *survey.Config) { c.Timings.LongPress = 0 }, wantErr: "timings"},
		{name: "PIN lock after 0", mutate: func(c *survey.Config) { c.Timings.PINLockAfter = 0 }, wantErr: "timings"},
		{name: "PIN lock for 0", mutate: func(c *survey.Config) { c.Timings.PINLockFor = 0 }, wantErr: "timings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := goodConfig()
			tt.mutate(&c)
			err := c.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Validate() = nil, want an error")
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Validate() = %q, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestConfigValidateReportsEveryProblem(t *testing.T) {
	var c survey.Config
	err := c.Validate()
	if err == nil {
		t.Fatal("the zero Config is valid")
	}
	for _, w := range []string{"centre", "counter", "no officer", "scale", "reasons", "trigger", "dossier_code", "technician", "timings"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("Validate() of the zero Config = %q, want it to mention %q", err, w)
		}
	}
}

func TestDefaultTimings(t *testing.T) {
	got := survey.DefaultTimings()
	want := survey.Timings{
		RatingTimeout:  30 * time.Second,
		ReasonsTimeout: 30 * time.Second,
		Thanks:         4 * time.Second,
		InvitationTTL:  60 * time.Second,
		RepeatWindow:   5 * time.Second,
		LongPress:      3 * time.Second,
		PINLockAfter:   5,
		PINLockFor:     5 * time.Minute,
	}
	if got != want {
		t.Errorf("DefaultTimings() = %+v, want SPEC §4's %+v", got, want)
	}
}

func TestDefaultReasons(t *testing.T) {
	want := []string{
		"Thái độ chưa lịch sự",
		"Hướng dẫn chưa rõ ràng, phải bổ sung nhiều lần",
		"Thời gian chờ lâu",
		"Trả kết quả trễ hẹn",
		"Yêu cầu giấy tờ ngoài quy định",
		"Khác",
	}
	got := survey.DefaultReasons()
	if len(got) != len(want) {
		t.Fatalf("%d default reasons, want %d", len(got), len(want))
	}
	for i, r := range got {
		if r.VI != want[i] {
			t.Errorf("reason %d = %q, want %q", i, r.VI, want[i])
		}
		if !norm.NFC.IsNormalString(r.VI) {
			t.Errorf("reason %q is not NFC", r.VI)
		}
		if r.Code == "" || r.EN == "" {
			t.Errorf("reason %d lacks a code or English text: %+v", i, r)
		}
	}
}

func TestNeedsReasons(t *testing.T) {
	tests := []struct {
		name   string
		levels []survey.Level
		want   map[survey.Level]bool
	}{
		{"default", []survey.Level{survey.Dissatisfied},
			map[survey.Level]bool{survey.VerySatisfied: false, survey.Satisfied: false, survey.Dissatisfied: true}},
		{"satisfied too", []survey.Level{survey.Satisfied, survey.Dissatisfied},
			map[survey.Level]bool{survey.VerySatisfied: false, survey.Satisfied: true, survey.Dissatisfied: true}},
		{"never", nil,
			map[survey.Level]bool{survey.VerySatisfied: false, survey.Satisfied: false, survey.Dissatisfied: false}},
	}
	for _, tt := range tests {
		c := goodConfig()
		c.ReasonLevels = tt.levels
		for l, want := range tt.want {
			if got := c.NeedsReasons(l); got != want {
				t.Errorf("%s: NeedsReasons(%q) = %v, want %v", tt.name, l, got, want)
			}
		}
		if c.NeedsReasons("") {
			t.Errorf("%s: NeedsReasons(\"\") = true", tt.name)
		}
	}
}

func TestConfigOfficer(t *testing.T) {
	c := goodConfig()
	tests := []struct {
		id       string
		wantName string
		wantOK   bool
	}{
		{"cb-007", "Nguyễn Thị Lan", true},
		{"cb-008", "Trần Văn Minh", true},
		{"cb-009", "", false},
		{"", "", false},
		{"CB-007", "", false},
	}
	for _, tt := range tests {
		o, ok := c.Officer(tt.id)
		if ok != tt.wantOK || o.Name != tt.wantName {
			t.Errorf("Officer(%q) = %+v, %v; want name %q, %v", tt.id, o, ok, tt.wantName, tt.wantOK)
		}
		if ok && o.ID != tt.id {
			t.Errorf("Officer(%q) returned officer %q", tt.id, o.ID)
		}
	}
}
