package main

import (
	"context"
	"io"
	"strings"

	"hailong/kiosk/scoring"
)

// centreColumns is the header of `centre list`.
var centreColumns = []string{"id", "name", "scale", "time_zone", "opening_hours", "webhook"}

// runCentreList prints every centre with the settings a technician sets
// on it: what `centre set` changes, so that a change can be checked.
// Default values are written out ("default: …") rather than left blank.
// The webhook is printed whole: whoever runs this holds the database
// anyway (the audit trail, which the dashboard shows, has its host only).
func runCentreList(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("centre list", getenv, stderr)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	return withRoster(ctx, *db, func(st scoring.RosterStore) error {
		cs, err := st.Centres(ctx)
		if err != nil {
			return err
		}
		var b strings.Builder
		b.WriteString(tsvLine(centreColumns...))
		for _, c := range cs {
			zone, hours := c.TimeZone, c.Hours.String()
			if zone == "" {
				zone = "default: " + scoring.DefaultTimeZone
			}
			if c.Hours.IsZero() {
				hours = "default: " + scoring.DefaultOpeningHours().String()
			}
			b.WriteString(tsvLine(c.ID, c.Name, c.Scale, zone, hours, dash(c.Webhook)))
		}
		_, err = io.WriteString(stdout, b.String())
		return err
	})
}
