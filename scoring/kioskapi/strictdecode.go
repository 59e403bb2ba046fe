package kioskapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// strictDecodeBatch decodes any batch the fast decoder leaves, with
// encoding/json and the checks encoding/json does not make, so that what
// is stored is exactly what was hashed (docs/API.md §6):
//
//   - the body must be valid UTF-8 (encoding/json would replace bad bytes
//     with U+FFFD, and two different bodies would share one hash);
//   - the batch must be an object with batch_id a string and responses an
//     array, each once; other members are ignored;
//   - each item must be an object with exactly the record's members, each
//     once and none null, no lone surrogate escape in any string (which
//     encoding/json also replaces with U+FFFD), and every member of its
//     type. An item that is not is returned in refused, by index, with why,
//     so that it spoils only itself.
func strictDecodeBatch(body []byte) (b protocol.Batch, refused map[int]string, err error) {
	if err := checkUTF8(body); err != nil {
		return protocol.Batch{}, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return protocol.Batch{}, nil, fail(protocol.CodeBadRequest, "the body is not a JSON object: want {\"batch_id\":…,\"responses\":[…]}")
	}
	var items []json.RawMessage
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return protocol.Batch{}, nil, fail(protocol.CodeBadRequest, "the body is not JSON: %v", err)
		}
		key, _ := tok.(string) // a key is always a string
		if seen[key] {
			return protocol.Batch{}, nil, fail(protocol.CodeBadRequest, "the batch has %q twice", scoring.Clip(key, 40))
		}
		seen[key] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return protocol.Batch{}, nil, fail(protocol.CodeBadRequest, "the body is not JSON: %v", err)
		}
		switch key {
		case "batch_id":
			if raw[0] != '"' || json.Unmarshal(raw, &b.BatchID) != nil {
				return protocol.Batch{}, nil, fail(protocol.CodeBadRequest, "batch_id is not a string")
			}
		case "responses":
			if raw[0] != '[' || json.Unmarshal(raw, &items) != nil {
				return protocol.Batch{}, nil, fail(protocol.CodeBadRequest, "responses is not an array")
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return protocol.Batch{}, nil, fail(protocol.CodeBadRequest, "the body is not JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return protocol.Batch{}, nil, fail(protocol.CodeBadRequest, "the body has data after the batch")
	}
	if !seen["batch_id"] || !seen["responses"] {
		return protocol.Batch{}, nil, fail(protocol.CodeBadRequest, "batch_id and responses are required")
	}
	b.Responses = make([]survey.Response, len(items))
	for i, raw := range items {
		if msg := decodeRecord(raw, &b.Responses[i]); msg != "" {
			if refused == nil {
				refused = map[int]string{}
			}
			refused[i] = msg
		}
	}
	return b, refused, nil
}

// checkUTF8 refuses a request body that is not valid UTF-8: encoding/json
// would quietly replace the bad bytes with U+FFFD (docs/API.md §1).
func checkUTF8(body []byte) error {
	if !utf8.Valid(body) {
		return fail(protocol.CodeBadRequest, "the body is not valid UTF-8")
	}
	return nil
}

// decodeRecord decodes one response record strictly into r, and returns
// why it is not a record, or "". On failure r holds at most the record's
// id, when it can be read, so the kiosk can tell which item it was.
func decodeRecord(raw json.RawMessage, r *survey.Response) string {
	*r = survey.Response{}
	if raw[0] != '{' {
		return "not a response record: not a JSON object"
	}
	var id string
	defer func() {
		if r.ID == "" {
			r.ID = id
		}
	}()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.Token() // the '{' seen above
	seen := 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "not a response record: " + err.Error()
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return "not a response record: " + err.Error()
		}
		f := responseField([]byte(key))
		switch {
		case f < 0 && loneSurrogate(raw):
			return surrogateMsg
		case f < 0:
			return fmt.Sprintf("not a response record: unknown member %q (a record has exactly the members of docs/RESPONSE.md)", scoring.Clip(key, 40))
		case seen&(1<<f) != 0:
			return fmt.Sprintf("not a response record: member %q twice", key)
		case string(v) == "null":
			return fmt.Sprintf("not a response record: %s is null", key)
		}
		seen |= 1 << f
		if f == 0 && v[0] == '"' {
			_ = json.Unmarshal(v, &id) // best effort, for the answer
		}
	}
	if seen != allResponseFields {
		var missing []string
		for f, name := range responseFieldNames {
			if seen&(1<<f) == 0 {
				missing = append(missing, name)
			}
		}
		return "not a response record: missing " + strings.Join(missing, ", ")
	}
	if loneSurrogate(raw) {
		return surrogateMsg
	}
	if err := json.Unmarshal(raw, r); err != nil {
		*r = survey.Response{}
		return "not a response record: " + err.Error()
	}
	return ""
}

const surrogateMsg = `not a response record: a string holds a lone surrogate escape (\ud800 to \udfff not in a pair)`

// responseFieldNames are the record's members in canonical order, as
// responseField numbers them.
var responseFieldNames = [...]string{"id", "kiosk_id", "seq", "prev_hash", "hash", "centre_id", "counter_id",
	"officer_id", "scale", "raw_value", "level", "reasons", "outcome", "filter_reason", "invitation_id", "ticket",
	"dossier_code", "lang", "created_at", "duration_ms", "app_version", "config_version"}

// allResponseFields is the seen-mask of a record with every member.
const allResponseFields = 1<<len(responseFieldNames) - 1

// loneSurrogate reports whether raw, valid JSON, holds a \u escape of a
// UTF-16 surrogate that is not half of a pair: it names no character, and
// encoding/json would decode it as U+FFFD.
func loneSurrogate(raw []byte) bool {
	inString := false
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case c == '"':
			inString = !inString
		case c == '\\' && inString:
			if raw[i+1] != 'u' {
				i++ // a two-character escape
				continue
			}
			v := hex4(raw[i+2 : i+6])
			i += 5
			switch {
			case v >= 0xDC00 && v <= 0xDFFF:
				return true
			case v >= 0xD800 && v <= 0xDBFF:
				if i+6 >= len(raw) || raw[i+1] != '\\' || raw[i+2] != 'u' {
					return true
				}
				if w := hex4(raw[i+3 : i+7]); w < 0xDC00 || w > 0xDFFF {
					return true
				}
				i += 6
			}
		}
	}
	return false
}

// hex4 is the value of four hex digits, already checked by the JSON
// decoder.
func hex4(b []byte) int {
	v := 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | int(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | int(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | int(c-'A'+10)
		}
	}
	return v
}

// maxAhead is how far past the server's clock a created_at may be: a
// kiosk clock further ahead is broken (the heartbeat shows its skew), and
// its ratings would count in days that have not come (docs/API.md §6).
const maxAhead = 24 * time.Hour

// refuseFuture adds to refused (made if nil) each response whose
// created_at is more than maxAhead after now, and returns it. An earlier
// refusal of the same item stands. A created_at that does not parse is
// left to Validate. It parses a time only when the text's local date could
// be that late: most records are in the past, and cost a string compare.
func refuseFuture(rs []survey.Response, refused map[int]string, now time.Time) map[int]string {
	limit := now.Add(maxAhead)
	// A local time is at most 12 h behind UTC (offsets run from −12:00),
	// so a created_at whose local date is before the UTC date of
	// limit − 24 h cannot be after limit.
	earliest := limit.UTC().Add(-24 * time.Hour).Format("2006-01-02")
	for i := range rs {
		at := rs[i].CreatedAt
		if len(at) < 10 || at[:10] < earliest {
			continue
		}
		t, err := rs[i].Time()
		if err != nil || !t.After(limit) {
			continue
		}
		if _, ok := refused[i]; ok {
			continue
		}
		if refused == nil {
			refused = map[int]string{}
		}
		refused[i] = fmt.Sprintf("created_at %s is more than %v after the server's clock (%s): set the kiosk's clock",
			scoring.Clip(at, 40), maxAhead, now.UTC().Format(time.RFC3339))
	}
	return refused
}
