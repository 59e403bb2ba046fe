package scoring

import (
	"fmt"
	"strconv"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// IssuedConfig is what the server remembers of one configuration version it
// sent one kiosk: what a response made under it must agree with.
type IssuedConfig struct {
	KioskID   string
	Version   string
	CentreID  string
	CounterID string
	Scale     string
	// Levels maps every raw value of the scale to its level, the
	// configuration's mapping laid over the scale's default.
	Levels   map[int]survey.Level
	Officers []string // ids of the roster
	Reasons  []string // reason codes offered
	// ReasonsFor are the levels after which the kiosk asks for reasons.
	ReasonsFor []survey.Level
	At         time.Time
}

// IssuedFrom is what a kiosk is sent in cfg, to be remembered.
func IssuedFrom(k Kiosk, cfg protocol.KioskConfig, at time.Time) (IssuedConfig, error) {
	sc, err := protocol.ScaleWithMapping(cfg.Scale, cfg.Mapping)
	if err != nil {
		return IssuedConfig{}, fmt.Errorf("configuration %s of kiosk %s: %w", cfg.Version, k.ID, err)
	}
	ic := IssuedConfig{KioskID: k.ID, Version: cfg.Version, CentreID: cfg.Centre.ID, CounterID: cfg.Counter.ID,
		Scale: sc.Name, Levels: sc.Mapping, At: at}
	for _, o := range cfg.Officers {
		ic.Officers = append(ic.Officers, o.ID)
	}
	for _, r := range cfg.Reasons {
		ic.Reasons = append(ic.Reasons, r.Code)
	}
	for _, l := range cfg.ReasonsFor {
		ic.ReasonsFor = append(ic.ReasonsFor, survey.Level(l))
	}
	return ic, nil
}

// LevelsText is Levels as KioskConfig.Mapping writes a mapping, for
// stores that keep it as text.
func (c IssuedConfig) LevelsText() map[string]string {
	m := make(map[string]string, len(c.Levels))
	for raw, l := range c.Levels {
		m[strconv.Itoa(raw)] = string(l)
	}
	return m
}
