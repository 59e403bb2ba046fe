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

// centreListFlags are --reasons and --mapping, for `centre add` and
// `centre set`.
type centreListFlags struct {
	reasons, mapping *string
	tz               *string // the centre's time zone (rollups.go)
}

func addCentreListFlags(fs *flag.FlagSet) centreListFlags {
	return centreListFlags{
		reasons: fs.String("reasons", "", "reasons file (TOML [[reasons]] or JSON list of code, vi, en); \"default\" for the standard six"),
		mapping: fs.String("mapping", "", "raw=level pairs over the scale's default mapping, e.g. 2=dissatisfied; \"default\" for none"),
		tz:      fs.String("tz", "", "IANA time zone whose days the centre's reports count in (default "+scoring.DefaultTimeZone+")"),
	}
}

// apply sets c's reasons, mapping and time zone from the flags given; a
// flag left empty keeps what c has.
func (f centreListFlags) apply(c *scoring.Centre) error {
	if *f.tz != "" {
		if _, err := scoring.LoadZone(*f.tz); err != nil {
			return usageError{"--tz: " + err.Error()}
		}
		c.TimeZone = *f.tz
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

// runCentreSet changes a centre's scale, reasons or mapping and keeps the
// rest, PINs included.
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
	if *scale == "" && *lists.reasons == "" && *lists.mapping == "" && *lists.tz == "" {
		return usageError{"centre set needs --scale, --reasons, --mapping or --tz"}
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
