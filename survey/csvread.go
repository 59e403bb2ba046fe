package survey

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Reading exports back (docs/EXPORT.md), so that a response's hash can be
// recomputed from its row alone. Go's encoding/csv cannot be used for
// this: it turns a CR LF inside a quoted field into LF, so a ticket holding
// "\r\n" would not come back as it was hashed.

// CSVReader reads RFC 4180 CSV exactly: fields separated by commas, records
// ended by CR LF (or a lone LF), a field in double quotes keeps every byte
// between them as it is (CR and LF included) with "" standing for one
// quote. A leading UTF-8 byte-order mark is skipped. Anything else (a quote
// inside an unquoted field, text after a closing quote, an unterminated
// quote, a bare CR outside quotes, invalid UTF-8) is an error.
type CSVReader struct {
	r    *bufio.Reader
	line int // the line the next record starts on, from 1
	bom  bool
}

// NewCSVReader returns a reader of r.
func NewCSVReader(r io.Reader) *CSVReader {
	return &CSVReader{r: bufio.NewReader(r), line: 1}
}

// Line is the line number the next record starts on.
func (c *CSVReader) Line() int { return c.line }

// Read returns the next record, or io.EOF after the last one.
func (c *CSVReader) Read() ([]string, error) {
	if !c.bom {
		c.bom = true
		if b, err := c.r.Peek(3); err == nil && string(b) == "\ufeff" {
			c.r.Discard(3)
		}
	}
	if _, err := c.r.Peek(1); err == io.EOF {
		return nil, io.EOF
	}
	start := c.line
	bad := func(format string, a ...any) error {
		return fmt.Errorf("csv line %d (record starting on line %d): %s", c.line, start, fmt.Sprintf(format, a...))
	}
	var rec []string
	var f strings.Builder
	for {
		f.Reset()
		b, err := c.r.ReadByte()
		quoted := err == nil && b == '"'
		if err == nil && !quoted {
			c.r.UnreadByte()
		}
		if quoted {
			for {
				b, err := c.r.ReadByte()
				if err != nil {
					return nil, bad("a quoted field is not closed")
				}
				if b == '\n' {
					c.line++
				}
				if b != '"' {
					f.WriteByte(b)
					continue
				}
				if next, err := c.r.Peek(1); err == nil && next[0] == '"' {
					c.r.Discard(1)
					f.WriteByte('"')
					continue
				}
				break
			}
		}
		// Unquoted text, or what follows a closing quote: up to the next
		// comma or record end.
		var end byte // ',' or '\n'; 0 at end of input
		for {
			b, err := c.r.ReadByte()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, bad("%v", err)
			}
			if b == ',' || b == '\n' {
				end = b
				break
			}
			if b == '\r' {
				if next, err := c.r.Peek(1); err == nil && next[0] == '\n' {
					continue // CR LF: the LF ends the record
				}
				return nil, bad("a carriage return outside quotes")
			}
			if quoted {
				return nil, bad("text after a closing quote")
			}
			if b == '"' {
				return nil, bad("a quote inside an unquoted field")
			}
			f.WriteByte(b)
		}
		s := f.String()
		if !utf8.ValidString(s) {
			return nil, bad("invalid UTF-8")
		}
		rec = append(rec, s)
		if end != ',' {
			if end == '\n' {
				c.line++
			}
			return rec, nil
		}
	}
}

// CSVUntext undoes CSVText: a cell that starts with the apostrophe loses
// exactly that one apostrophe.
func CSVUntext(s string) string { return strings.TrimPrefix(s, "'") }

// CSVColumns maps each column name of a header to its index, and fails
// unless every CSVHeader column is there exactly once.
func CSVColumns(header []string) (map[string]int, error) {
	col := map[string]int{}
	for i, h := range header {
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("column %q appears twice", h)
		}
		col[h] = i
	}
	var missing []string
	for _, h := range CSVHeader() {
		if _, ok := col[h]; !ok {
			missing = append(missing, h)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("columns missing: %s", strings.Join(missing, ", "))
	}
	return col, nil
}

// ResponseFromCSV rebuilds a response from an export row, col being
// CSVColumns of the header: text cells through CSVUntext, numbers in
// decimal, reasons from their JSON array. The result's ComputeHash is the
// hash the response had when it was exported, whatever its texts hold.
func ResponseFromCSV(col map[string]int, rec []string) (Response, error) {
	var errs []error
	cell := func(name string) string {
		i := col[name]
		if i >= len(rec) {
			errs = append(errs, fmt.Errorf("no %s cell", name))
			return ""
		}
		return rec[i]
	}
	text := func(name string) string { return CSVUntext(cell(name)) }
	num := func(name string) int64 {
		n, err := strconv.ParseInt(cell(name), 10, 64)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s %q is not a whole number", name, cell(name)))
		}
		return n
	}
	r := Response{
		ID: text("id"), KioskID: text("kiosk_id"), Seq: num("seq"), PrevHash: text("prev_hash"), Hash: text("hash"),
		CentreID: text("centre_id"), CounterID: text("counter_id"), OfficerID: text("officer_id"), Scale: text("scale"),
		RawValue: int(num("raw_value")), Level: Level(text("level")), Outcome: Outcome(text("outcome")),
		FilterReason: text("filter_reason"), InvitationID: text("invitation_id"), Ticket: text("ticket"),
		DossierCode: text("dossier_code"), Lang: text("lang"), CreatedAt: text("created_at"),
		DurationMS: num("duration_ms"), AppVersion: text("app_version"), ConfigVersion: text("config_version"),
	}
	if reasons := cell("reasons"); !strings.HasPrefix(reasons, "[") {
		errs = append(errs, fmt.Errorf("reasons %q is not a JSON array", reasons))
	} else if err := json.Unmarshal([]byte(reasons), &r.Reasons); err != nil || r.Reasons == nil {
		errs = append(errs, fmt.Errorf("reasons %q is not a JSON array of strings", reasons))
	}
	if len(errs) > 0 {
		return r, fmt.Errorf("response %s: %w", r.ID, errors.Join(errs...))
	}
	return r, nil
}
