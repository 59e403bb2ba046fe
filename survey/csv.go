package survey

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// CSV exports, the kiosk's and the server's, share these columns and this
// encoding (docs/EXPORT.md). Two promises hold for every cell:
//
//   - Lossless: every hashed field is written so that it can be read back
//     exactly (reasons as a JSON array, CR and LF inside a quoted cell kept
//     as they are), so anyone can recompute each hash from the file alone.
//   - Inert: no text cell starts with a character that makes a spreadsheet
//     run it as a formula (= + - @, tab, CR). Such a cell, and a cell that
//     already starts with the apostrophe, gets one apostrophe in front;
//     reading strips exactly one (CSVUntext). Numeric columns are never
//     changed.

// CSVHeader names the columns of a response in exports: every field under
// its JSON name, in the canonical order. The kiosk's and the server's CSV
// exports start with these and add their own columns after.
func CSVHeader() []string {
	return []string{"id", "kiosk_id", "seq", "prev_hash", "hash", "centre_id", "counter_id", "officer_id",
		"scale", "raw_value", "level", "reasons", "outcome", "filter_reason", "invitation_id", "ticket",
		"dossier_code", "lang", "created_at", "duration_ms", "app_version", "config_version"}
}

// CSVRecord returns the response's fields in CSVHeader order as export
// cells: seq, raw_value and duration_ms in decimal, reasons as a compact
// JSON array (strings escaped as in the canonical encoding), every other
// field through CSVText.
func (r Response) CSVRecord() []string {
	return []string{CSVText(r.ID), CSVText(r.KioskID), strconv.FormatInt(r.Seq, 10), CSVText(r.PrevHash),
		CSVText(r.Hash), CSVText(r.CentreID), CSVText(r.CounterID), CSVText(r.OfficerID), CSVText(r.Scale),
		strconv.Itoa(r.RawValue), CSVText(string(r.Level)), ReasonsJSON(r.Reasons), CSVText(string(r.Outcome)),
		CSVText(r.FilterReason), CSVText(r.InvitationID), CSVText(r.Ticket), CSVText(r.DossierCode),
		CSVText(r.Lang), CSVText(r.CreatedAt), strconv.FormatInt(r.DurationMS, 10), CSVText(r.AppVersion),
		CSVText(r.ConfigVersion)}
}

// ReasonsJSON is reasons as a compact JSON array, [] when there are none,
// each string escaped as in the canonical encoding: exactly the bytes
// between "reasons": and ,"outcome" in Canonical.
func ReasonsJSON(reasons []string) string {
	b := append(make([]byte, 0, 2+16*len(reasons)), '[')
	for i, s := range reasons {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return string(append(b, ']'))
}

// csvFormulaStart holds the first characters that make a spreadsheet take
// a cell for a formula (OWASP's list), and the apostrophe, which CSVText
// adds and so must also escape for the change to be reversible.
const csvFormulaStart = "=+-@\t\r'"

// CSVText neutralises a text cell for spreadsheets: when s starts with
// = + - @, a tab, a CR or an apostrophe, it returns s with one apostrophe
// in front; otherwise s as it is. CSVUntext reverses it.
func CSVText(s string) string {
	if s != "" && strings.IndexByte(csvFormulaStart, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// CSVWriter writes RFC 4180 CSV: records ended by CR LF (what Excel
// expects), a cell quoted when it holds a comma, a quote, a CR or a LF or
// starts with a space or a tab, quotes doubled inside. Unlike
// encoding/csv's Writer with UseCRLF, it writes a LF or CR inside a quoted
// cell as it is, so the cell reads back byte for byte.
type CSVWriter struct {
	w   *bufio.Writer
	err error
}

// NewCSVWriter returns a writer to w; call Flush at the end.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{w: bufio.NewWriter(w)} }

// Write writes one record.
func (c *CSVWriter) Write(rec []string) error {
	if c.err != nil {
		return c.err
	}
	for i, f := range rec {
		if i > 0 {
			c.w.WriteByte(',')
		}
		if !csvNeedsQuotes(f) {
			c.w.WriteString(f)
			continue
		}
		c.w.WriteByte('"')
		for {
			j := strings.IndexByte(f, '"')
			if j < 0 {
				break
			}
			c.w.WriteString(f[:j+1])
			c.w.WriteByte('"')
			f = f[j+1:]
		}
		c.w.WriteString(f)
		c.w.WriteByte('"')
	}
	if _, err := c.w.WriteString("\r\n"); err != nil {
		c.err = fmt.Errorf("write csv: %w", err)
	}
	return c.err
}

// Flush writes what is buffered and returns the first error met.
func (c *CSVWriter) Flush() error {
	if c.err != nil {
		return c.err
	}
	if err := c.w.Flush(); err != nil {
		c.err = fmt.Errorf("write csv: %w", err)
	}
	return c.err
}

func csvNeedsQuotes(f string) bool {
	if f == "" {
		return false
	}
	return f[0] == ' ' || f[0] == '\t' || strings.ContainsAny(f, ",\"\r\n")
}
