package survey

import (
	"errors"
	"fmt"
	"time"
)

// Trigger modes (SPEC §4).
const (
	TriggerOpen   = "open"   // the rating tiles are always live while an officer is signed in
	TriggerInvite = "invite" // the rating opens only when the officer invites it
)

// Dossier-code modes.
const (
	DossierOff      = "off"
	DossierOptional = "optional"
	DossierRequired = "required"
)

// Config is everything a kiosk needs to know about its centre, counter,
// roster, scale and timings. It is loaded from TOML by package config, or
// later pulled from the scoring server.
type Config struct {
	Version        string // config_version stamped on every response
	CentreID       string
	CentreName     string // shown on every citizen screen
	CounterID      string
	CounterName    string // e.g. "Quầy 1"
	Officers       []Officer
	Scale          Scale
	ReasonLevels   []Level // levels that open the reasons screen
	Reasons        []Reason
	Trigger        string // TriggerOpen or TriggerInvite
	Dossier        string // DossierOff, DossierOptional or DossierRequired
	Timings        Timings
	LocalAPI       LocalAPI
	ManagerPIN     string // argon2id (or legacy bcrypt) hash; "" for none
	TechnicianPIN  string // argon2id (or legacy bcrypt) hash
	Demo           bool   // the embedded demo centre: sign the first officer in on first start
	RetentionDays  int
	InviteHotkey   string // key name, "F9" by default
	MaxReasonCount int
}

// Officer is one member of the counter's roster.
type Officer struct {
	ID      string
	Name    string
	Title   string
	Photo   string // path of a PNG/JPEG/SVG file, "" for initials
	PINHash string // argon2id (or legacy bcrypt) hash of the officer's PIN
}

// Reason is one reason for unhappiness the citizen can pick.
type Reason struct {
	Code string
	VI   string
	EN   string
}

// Timings are the kiosk's timeouts (SPEC §4).
type Timings struct {
	RatingTimeout  time.Duration // rating screen untouched → idle
	ReasonsTimeout time.Duration // reasons/dossier screen untouched → saved as it is
	Thanks         time.Duration // how long the thanks screen shows
	InvitationTTL  time.Duration // an invitation expires after this
	RepeatWindow   time.Duration // a rating this soon after the last thanks is flagged
	LongPress      time.Duration // press on the logo that opens staff screens
	PINLockAfter   int           // wrong PINs before the pad locks
	PINLockFor     time.Duration
}

// LocalAPI configures the kiosk's HTTP API on 127.0.0.1.
type LocalAPI struct {
	Port   int    // 0 disables the API
	Secret string // shared secret for queue systems; "" refuses officer changes
}

// DefaultTimings are the timings of SPEC §4.
func DefaultTimings() Timings {
	return Timings{
		RatingTimeout:  30 * time.Second,
		ReasonsTimeout: 30 * time.Second,
		Thanks:         4 * time.Second,
		InvitationTTL:  60 * time.Second,
		RepeatWindow:   5 * time.Second,
		LongPress:      3 * time.Second,
		PINLockAfter:   5,
		PINLockFor:     5 * time.Minute,
	}
}

// DefaultReasons are the reasons of SPEC §4.
func DefaultReasons() []Reason {
	return []Reason{
		{Code: "rude", VI: "Thái độ chưa lịch sự", EN: "Impolite attitude"},
		{Code: "unclear", VI: "Hướng dẫn chưa rõ ràng, phải bổ sung nhiều lần", EN: "Unclear guidance, had to resubmit several times"},
		{Code: "wait", VI: "Thời gian chờ lâu", EN: "Long waiting time"},
		{Code: "late", VI: "Trả kết quả trễ hẹn", EN: "Result returned late"},
		{Code: "extra_papers", VI: "Yêu cầu giấy tờ ngoài quy định", EN: "Asked for papers beyond the rules"},
		{Code: "other", VI: "Khác", EN: "Other"},
	}
}

// MaxReasons is how many reasons fit on the reasons screen.
const MaxReasons = 8

// Officer returns the roster entry with that id.
func (c *Config) Officer(id string) (Officer, bool) {
	for _, o := range c.Officers {
		if o.ID == id {
			return o, true
		}
	}
	return Officer{}, false
}

// NeedsReasons reports whether level l opens the reasons screen.
func (c *Config) NeedsReasons(l Level) bool {
	for _, x := range c.ReasonLevels {
		if x == l {
			return true
		}
	}
	return false
}

// Validate checks the configuration as a whole.
func (c *Config) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if c.CentreID == "" || c.CentreName == "" {
		bad("centre id and name are required")
	}
	if c.CounterID == "" {
		bad("counter id is required")
	}
	if len(c.Officers) == 0 {
		bad("the roster has no officer")
	}
	seen := map[string]bool{}
	for _, o := range c.Officers {
		if o.ID == "" || o.Name == "" {
			bad("every officer needs an id and a name")
		}
		if seen[o.ID] {
			bad("officer id %q appears twice", o.ID)
		}
		seen[o.ID] = true
		if !LooksLikePINHash(o.PINHash) {
			bad("officer %q: pin_hash is not a PIN hash (make one with: kiosk hash-pin --officer)", o.ID)
		}
	}
	if len(c.Scale.Choices) == 0 {
		bad("no scale")
	}
	if len(c.Reasons) == 0 || len(c.Reasons) > MaxReasons {
		bad("between 1 and %d reasons are needed, got %d", MaxReasons, len(c.Reasons))
	}
	codes := map[string]bool{}
	for _, r := range c.Reasons {
		if r.Code == "" || r.VI == "" || r.EN == "" {
			bad("every reason needs a code, vi and en text")
		}
		if codes[r.Code] {
			bad("reason code %q appears twice", r.Code)
		}
		codes[r.Code] = true
	}
	if c.Trigger != TriggerOpen && c.Trigger != TriggerInvite {
		bad("trigger %q: want open or invite", c.Trigger)
	}
	if c.Dossier != DossierOff && c.Dossier != DossierOptional && c.Dossier != DossierRequired {
		bad("dossier_code %q: want off, optional or required", c.Dossier)
	}
	if !LooksLikePINHash(c.TechnicianPIN) {
		bad("technician_pin_hash is not a PIN hash (make one with: kiosk hash-pin)")
	}
	if c.ManagerPIN != "" && !LooksLikePINHash(c.ManagerPIN) {
		bad("manager_pin_hash is not a PIN hash (make one with: kiosk hash-pin)")
	}
	if c.LocalAPI.Port < 0 || c.LocalAPI.Port > 65535 {
		bad("local_api port %d out of range", c.LocalAPI.Port)
	}
	t := c.Timings
	if t.RatingTimeout <= 0 || t.ReasonsTimeout <= 0 || t.Thanks <= 0 || t.InvitationTTL <= 0 || t.RepeatWindow < 0 || t.LongPress <= 0 || t.PINLockAfter < 1 || t.PINLockFor <= 0 {
		bad("timings must be positive")
	}
	errs = append(errs, c.recordFieldErrors()...)
	return errors.Join(errs...)
}
