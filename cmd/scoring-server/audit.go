package main

import (
	"context"
	"fmt"
	"io"
	"os/user"
	"strings"
	"time"
	"unicode/utf8"

	"hailong/kiosk/scoring"
)

// cliActor is who the audit trail says ran a command: "cli:<os user>".
func cliActor(getenv func(string) string) string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	if name := getenv("USER"); name != "" {
		return "cli:" + name
	}
	return "cli:unknown"
}

// auditColumns is the header of `audit`.
var auditColumns = []string{"at", "actor", "action", "subject", "detail"}

// runAudit lists the audit trail, tab-separated, oldest first.
func runAudit(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, db := newFlags("audit", getenv, stderr)
	since := fs.String("since", "", "only entries at or after this day (YYYY-MM-DD, UTC) or instant (RFC 3339)")
	kiosk := fs.String("kiosk", "", "only the entries of this kiosk id")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	f := scoring.AuditFilter{}
	if *since != "" {
		t, err := parseSince(*since)
		if err != nil {
			return usageError{err.Error()}
		}
		f.Since = t
	}
	if *kiosk != "" {
		f.Subject = scoring.SubjectKiosk(*kiosk)
	}
	return withAudit(ctx, *db, func(st scoring.AuditStore) error {
		entries, err := st.AuditTrail(ctx, f)
		if err != nil {
			return err
		}
		var b strings.Builder
		b.WriteString(strings.Join(auditColumns, "\t") + "\n")
		for _, e := range entries {
			fields := []string{when(e.At), e.Actor, e.Action, e.Subject, dash(e.Detail)}
			for i, s := range fields {
				fields[i] = escapeField(s)
			}
			b.WriteString(strings.Join(fields, "\t") + "\n")
		}
		_, err = io.WriteString(stdout, b.String())
		return err
	})
}

// parseSince reads --since: a UTC day or an RFC 3339 instant.
func parseSince(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--since %q: want YYYY-MM-DD or an RFC 3339 time", s)
}

// escapeField makes s safe for one tab-separated field: a backslash, a
// tab, a line break or any other control character (and bytes that are
// not UTF-8) is written as a backslash escape, so that what a kiosk sent
// (a hostname) can neither add a column nor forge a line. Only audit uses
// it; `kiosk list` has its own.
func escapeField(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}
