package protocol

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"hailong/kiosk/survey"
)

// KioskConfig is the configuration the server gives a kiosk (GET
// /api/v1/config, and with the enrolment). Version changes whenever any of
// it changes and is the ETag of GET /api/v1/config.
type KioskConfig struct {
	Version           string            `json:"version"`
	Centre            Place             `json:"centre"`
	Counter           Place             `json:"counter"`
	Officers          []Officer         `json:"officers"`
	Scale             string            `json:"scale"`
	Mapping           map[string]string `json:"mapping,omitempty"` // raw value → level, overriding the scale's default
	ReasonsFor        []string          `json:"reasons_for"`
	Reasons           []Reason          `json:"reasons"`
	Trigger           string            `json:"trigger"`
	InviteHotkey      string            `json:"invite_hotkey"`
	DossierCode       string            `json:"dossier_code"`
	Timings           Timings           `json:"timings"`
	ManagerPINHash    string            `json:"manager_pin_hash,omitempty"`
	TechnicianPINHash string            `json:"technician_pin_hash"`
	RetentionDays     int               `json:"retention_days"`
}

// Place is a centre or a counter.
type Place struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Officer is one member of the roster. PhotoURL, when set, is fetched with
// the kiosk's token.
type Officer struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Title    string `json:"title,omitempty"`
	PhotoURL string `json:"photo_url,omitempty"`
	PINHash  string `json:"pin_hash"`
}

// Reason is one reason for unhappiness.
type Reason struct {
	Code string `json:"code"`
	VI   string `json:"vi"`
	EN   string `json:"en"`
}

// Timings are in whole seconds.
type Timings struct {
	RatingTimeoutS  int `json:"rating_timeout_s"`
	ReasonsTimeoutS int `json:"reasons_timeout_s"`
	ThanksS         int `json:"thanks_s"`
	InvitationTTLS  int `json:"invitation_ttl_s"`
	RepeatWindowS   int `json:"repeat_window_s"`
	LongPressS      int `json:"long_press_s"`
	PINLockAfter    int `json:"pin_lock_after"`
	PINLockForS     int `json:"pin_lock_for_s"`
}

// DefaultConfig returns the defaults of SPEC §4 for a centre and counter,
// with no officer yet.
func DefaultConfig(centre, counter Place) KioskConfig {
	t := survey.DefaultTimings()
	c := KioskConfig{
		Centre: centre, Counter: counter, Scale: survey.ScaleLegal3,
		ReasonsFor: []string{string(survey.Dissatisfied)}, Trigger: survey.TriggerOpen,
		InviteHotkey: "F9", DossierCode: survey.DossierOff, RetentionDays: 90,
		Timings: FromTimings(t),
	}
	for _, r := range survey.DefaultReasons() {
		c.Reasons = append(c.Reasons, Reason{Code: r.Code, VI: r.VI, EN: r.EN})
	}
	return c
}

// FromTimings converts survey timings to whole seconds.
func FromTimings(t survey.Timings) Timings {
	s := func(d time.Duration) int { return int(d / time.Second) }
	return Timings{RatingTimeoutS: s(t.RatingTimeout), ReasonsTimeoutS: s(t.ReasonsTimeout), ThanksS: s(t.Thanks),
		InvitationTTLS: s(t.InvitationTTL), RepeatWindowS: s(t.RepeatWindow), LongPressS: s(t.LongPress),
		PINLockAfter: t.PINLockAfter, PINLockForS: s(t.PINLockFor)}
}

// ToSurvey turns the wire configuration into the kiosk's and validates it.
// Photos are not resolved here: the kiosk fetches PhotoURL itself.
func (c KioskConfig) ToSurvey() (survey.Config, error) {
	sc, err := ScaleWithMapping(c.Scale, c.Mapping)
	if err != nil {
		return survey.Config{}, err
	}
	sec := func(n int) time.Duration { return time.Duration(n) * time.Second }
	t := c.Timings
	cfg := survey.Config{
		Version: c.Version, CentreID: c.Centre.ID, CentreName: c.Centre.Name,
		CounterID: c.Counter.ID, CounterName: c.Counter.Name, Scale: sc,
		Trigger: c.Trigger, Dossier: c.DossierCode, InviteHotkey: c.InviteHotkey,
		ManagerPIN: c.ManagerPINHash, TechnicianPIN: c.TechnicianPINHash,
		RetentionDays: c.RetentionDays, MaxReasonCount: survey.MaxReasons,
		Timings: survey.Timings{RatingTimeout: sec(t.RatingTimeoutS), ReasonsTimeout: sec(t.ReasonsTimeoutS),
			Thanks: sec(t.ThanksS), InvitationTTL: sec(t.InvitationTTLS), RepeatWindow: sec(t.RepeatWindowS),
			LongPress: sec(t.LongPressS), PINLockAfter: t.PINLockAfter, PINLockFor: sec(t.PINLockForS)},
	}
	if cfg.CounterName == "" {
		cfg.CounterName = "Quầy " + cfg.CounterID
	}
	for _, l := range c.ReasonsFor {
		lv, err := survey.ParseLevel(l)
		if err != nil {
			return survey.Config{}, fmt.Errorf("reasons_for: %w", err)
		}
		cfg.ReasonLevels = append(cfg.ReasonLevels, lv)
	}
	for _, r := range c.Reasons {
		cfg.Reasons = append(cfg.Reasons, survey.Reason{Code: r.Code, VI: r.VI, EN: r.EN})
	}
	for _, o := range c.Officers {
		cfg.Officers = append(cfg.Officers, survey.Officer{ID: o.ID, Name: o.Name, Title: o.Title, PINHash: o.PINHash})
	}
	if err := cfg.Validate(); err != nil {
		return survey.Config{}, fmt.Errorf("configuration from the server: %w", err)
	}
	return cfg, nil
}

// ScaleWithMapping returns the named scale with mapping (raw value as
// decimal text → level name, as KioskConfig.Mapping carries it) laid over
// its default mapping: what a kiosk on that configuration stamps as level
// for each raw value.
func ScaleWithMapping(scale string, mapping map[string]string) (survey.Scale, error) {
	sc, err := survey.NewScale(scale)
	if err != nil {
		return survey.Scale{}, err
	}
	if len(mapping) == 0 {
		return sc, nil
	}
	m := map[int]survey.Level{}
	keys := make([]string, 0, len(mapping))
	for k := range mapping {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		raw, err := strconv.Atoi(k)
		if err != nil {
			return survey.Scale{}, fmt.Errorf("mapping key %q is not a raw value", k)
		}
		l, err := survey.ParseLevel(mapping[k])
		if err != nil {
			return survey.Scale{}, fmt.Errorf("mapping %s: %w", k, err)
		}
		m[raw] = l
	}
	return sc.WithMapping(m)
}
