package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// What a centre's kiosks offer and how they map a rating to a legal level
// is set per centre on the server and sent in the configuration, so it is
// versioned with it: every rating is checked against the version its kiosk
// was sent (scoring/kioskapi/trust.go).

// defaultWord resets a centre's reasons or mapping to the defaults.
const defaultWord = "default"

// centreListFlags are the centre settings `centre add` and `centre set`
// share: --reasons, --mapping, --tz, --hours and --webhook.
type centreListFlags struct {
	reasons, mapping *string
	tz               *string    // the centre's time zone (rollups.go)
	hours            *setString // opening hours, in scoring.ParseOpeningHours's text form
	webhook          *setString
}

// setString is a string flag that knows whether it was given, so that
// --webhook "" (remove it) differs from no --webhook (keep it), and
// --hours "" is refused as empty rather than ignored.
type setString struct {
	value string
	set   bool
}

func (s *setString) String() string {
	if s == nil {
		return ""
	}
	return s.value
}

func (s *setString) Set(v string) error { s.value, s.set = v, true; return nil }

func addCentreListFlags(fs *flag.FlagSet) centreListFlags {
	f := centreListFlags{
		reasons: fs.String("reasons", "", "reasons file (TOML [[reasons]] or JSON list of code, vi, en); \"default\" for the standard six"),
		mapping: fs.String("mapping", "", "raw=level pairs over the scale's default mapping, e.g. 2=dissatisfied; \"default\" for none"),
		tz:      fs.String("tz", "", "IANA time zone whose days the centre's reports count in (default "+scoring.DefaultTimeZone+")"),
		hours:   &setString{},
		webhook: &setString{},
	}
	fs.Var(f.hours, "hours", "opening hours, e.g. \"mon-fri 07:30-11:30,13:00-17:00; sat 07:30-11:30\"; \"default\" for "+
		scoring.DefaultOpeningHours().String())
	fs.Var(f.webhook, "webhook", "http(s) URL the centre's alerts are POSTed to as JSON; \"\" removes it")
	return f
}

// given reports whether any of the flags was given.
func (f centreListFlags) given() bool {
	return *f.reasons != "" || *f.mapping != "" || *f.tz != "" || f.hours.set || f.webhook.set
}

// apply sets c's reasons, mapping, time zone, opening hours and webhook
// from the flags given; a flag left out keeps what c has.
func (f centreListFlags) apply(c *scoring.Centre) error {
	if *f.tz != "" {
		if _, err := scoring.LoadZone(*f.tz); err != nil {
			return usageError{"--tz: " + err.Error()}
		}
		c.TimeZone = *f.tz
	}
	switch {
	case !f.hours.set:
	case f.hours.value == defaultWord:
		c.Hours = scoring.OpeningHours{}
	default:
		h, err := scoring.ParseOpeningHours(f.hours.value)
		if err != nil {
			return usageError{"--hours: " + err.Error()}
		}
		c.Hours = h
	}
	if f.webhook.set {
		if err := scoring.CheckWebhookURL(f.webhook.value); err != nil {
			return usageError{"--webhook: " + err.Error()}
		}
		c.Webhook = f.webhook.value
	}
	switch *f.reasons {
	case "":
	case defaultWord:
		c.Reasons = nil
	default:
		data, err := os.ReadFile(*f.reasons)
		if err != nil {
			return fmt.Errorf("--reasons: %w", err)
		}
		if c.Reasons, err = scoring.ParseReasons(*f.reasons, data); err != nil {
			return usageError{err.Error()}
		}
	}
	switch *f.mapping {
	case "":
	case defaultWord:
		c.Mapping = nil
	default:
		m, err := scoring.ParseMapping(c.Scale, *f.mapping)
		if err != nil {
			return usageError{"--mapping: " + err.Error()}
		}
		c.Mapping = m
	}
	if err := scoring.CheckMapping(c.Scale, c.Mapping); err != nil {
		return usageError{err.Error() + " (give --mapping for the new scale, or --mapping default)"}
	}
	return nil
}

// runCentreSet changes a centre's scale, reasons, mapping, time zone,
// opening hours or webhook and keeps the rest, PINs included.
func runCentreSet(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("centre set", getenv, stderr)
	id := fs.String("id", "", "centre id")
	scale := fs.String("scale", "", "rating scale: legal3, face4 or star5 (a new scale drops the mapping unless --mapping is given)")
	lists := addCentreListFlags(fs)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := required("centre set", map[string]string{"id": *id}); err != nil {
		return err
	}
	if *scale == "" && !lists.given() {
		return usageError{"centre set needs --scale, --reasons, --mapping, --tz, --hours or --webhook"}
	}
	return withRoster(ctx, *db, func(st scoring.RosterStore) error {
		c, _, err := st.Roster(ctx, *id)
		if errors.Is(err, scoring.ErrNotFound) {
			return fmt.Errorf("no centre %q (add it with `scoring-server centre add`)", *id)
		}
		if err != nil {
			return err
		}
		if *scale != "" && *scale != c.Scale {
			c.Scale = *scale
			c.Mapping = nil
			if _, err := survey.NewScale(c.Scale); err != nil {
				return usageError{"--scale: " + err.Error()}
			}
		}
		if err := lists.apply(&c); err != nil {
			return err
		}
		c.UpdatedAt = time.Now()
		if _, err := st.SaveCentre(ctx, c); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "centre\t%s\tupdated\n", c.ID)
		return nil
	})
}

// runOfficerRemove takes an officer off a centre's roster. Their ratings
// stay, and a kiosk still sends the ratings it took under a configuration
// that listed them.
func runOfficerRemove(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("officer remove", getenv, stderr)
	centre := fs.String("centre", "", "centre id")
	id := fs.String("id", "", "officer id")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if err := required("officer remove", map[string]string{"centre": *centre, "id": *id}); err != nil {
		return err
	}
	return withRoster(ctx, *db, func(st scoring.RosterStore) error {
		if err := st.RemoveOfficer(ctx, *centre, *id); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "officer\t%s/%s\tremoved\n", *centre, *id)
		return nil
	})
}
