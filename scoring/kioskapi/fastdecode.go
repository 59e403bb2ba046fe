package kioskapi

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"unicode/utf8"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// fastDecodeBatch decodes the batches kiosks actually send about four
// times faster than encoding/json, which spends most of the ingest CPU
// otherwise. It takes only the plain shape of a valid batch: the two batch
// keys and every response key spelt exactly, each exactly once, strings
// without escapes in valid UTF-8, integers, no null. On anything else it
// returns false and the caller decodes with strictDecodeBatch, which is
// the reference and says what is wrong: FuzzDecoders checks that whenever
// this succeeds, strictDecodeBatch gives the same batch and refuses no
// item.
func fastDecodeBatch(data []byte) (protocol.Batch, bool) {
	d := fastDecoder{data: data, text: string(data)}
	var b protocol.Batch
	seen := 0
	ok := d.object(func(key []byte) bool {
		switch string(key) {
		case "batch_id":
			if seen&1 != 0 {
				return false
			}
			seen |= 1
			s, ok := d.str(-1)
			b.BatchID = s
			return ok
		case "responses":
			if seen&2 != 0 {
				return false
			}
			seen |= 2
			return d.responses(&b)
		}
		return false
	})
	d.space()
	if !ok || seen != 3 || d.pos != len(d.data) {
		return protocol.Batch{}, false
	}
	return b, true
}

// responseField numbers the JSON keys of survey.Response in order (a
// response's seen-mask has one bit per field); -1 for any other key. A
// switch compiles to a search on length and bytes, cheaper than a map.
func responseField(key []byte) int {
	switch string(key) {
	case "id":
		return 0
	case "kiosk_id":
		return 1
	case "seq":
		return 2
	case "prev_hash":
		return 3
	case "hash":
		return 4
	case "centre_id":
		return 5
	case "counter_id":
		return 6
	case "officer_id":
		return 7
	case "scale":
		return 8
	case "raw_value":
		return 9
	case "level":
		return 10
	case "reasons":
		return 11
	case "outcome":
		return 12
	case "filter_reason":
		return 13
	case "invitation_id":
		return 14
	case "ticket":
		return 15
	case "dossier_code":
		return 16
	case "lang":
		return 17
	case "created_at":
		return 18
	case "duration_ms":
		return 19
	case "app_version":
		return 20
	case "config_version":
		return 21
	}
	return -1
}

// fastDecoder is a cursor over a JSON document. Its methods return false on
// anything outside the plain shape.
type fastDecoder struct {
	data []byte
	// text is data as one string, copied once: string values are slices
	// of it rather than an allocation each (most of a batch's were).
	text string
	pos  int
	last [22]string // the last value of each response field, to share equal strings
}

func (d *fastDecoder) space() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// consume skips white space and then c.
func (d *fastDecoder) consume(c byte) bool {
	d.space()
	if d.pos < len(d.data) && d.data[d.pos] == c {
		d.pos++
		return true
	}
	return false
}

// object reads {"key": value, …}, calling field for each key with the
// cursor before the value.
func (d *fastDecoder) object(field func(key []byte) bool) bool {
	if !d.consume('{') {
		return false
	}
	if d.consume('}') {
		return true
	}
	for {
		d.space()
		key, ok := d.rawString()
		if !ok || !d.consume(':') || !field(key) {
			return false
		}
		if d.consume(',') {
			continue
		}
		return d.consume('}')
	}
}

// rawString reads a string without escapes and returns its bytes.
func (d *fastDecoder) rawString() ([]byte, bool) {
	if d.pos >= len(d.data) || d.data[d.pos] != '"' {
		return nil, false
	}
	start := d.pos + 1
	n := bytes.IndexByte(d.data[start:], '"')
	if n < 0 {
		return nil, false
	}
	s := d.data[start : start+n]
	if !plainText(s) {
		return nil, false
	}
	d.pos = start + n + 1
	return s, true
}

// plainText reports whether s, the inside of a JSON string up to its first
// quote, has no escape and no control character, and is valid UTF-8 (else
// encoding/json would replace the bad bytes). It tests eight bytes at a
// time: most of a batch's bytes are in hashes and ids.
func plainText(s []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	var seen uint64 // the bytes OR'ed together, for the non-ASCII test
	all := s
	for len(s) >= 8 {
		x := binary.LittleEndian.Uint64(s)
		// A byte below 0x20, or a byte equal to '\\' (zero after the
		// XOR): the classic has-less and has-zero word tests, exact as
		// yes/no answers.
		bs := x ^ (ones * '\\')
		if (x-ones*0x20)&^x&highs != 0 || (bs-ones)&^bs&highs != 0 {
			return false
		}
		seen |= x
		s = s[8:]
	}
	for _, c := range s {
		if c < 0x20 || c == '\\' {
			return false
		}
		seen |= uint64(c)
	}
	return seen&highs == 0 || utf8.Valid(all)
}

// str reads a string value; slot ≥ 0 shares the string with the previous
// response's value of the same field when equal, which keeps the many
// repeated values (kiosk, centre, scale, versions) from pinning text.
func (d *fastDecoder) str(slot int) (string, bool) {
	d.space()
	b, ok := d.rawString()
	if !ok {
		return "", false
	}
	shared := slot >= 0 && slot < len(d.last)
	if shared && string(b) == d.last[slot] {
		return d.last[slot], true
	}
	end := d.pos - 1 // the closing quote
	s := d.text[end-len(b) : end]
	if shared {
		d.last[slot] = s
	}
	return s, true
}

// int reads an integer in [min, max] as encoding/json reads one into an
// int field: digits, an optional minus, no fraction or exponent.
func (d *fastDecoder) int(bits int) (int64, bool) {
	d.space()
	start := d.pos
	if d.pos < len(d.data) && d.data[d.pos] == '-' {
		d.pos++
	}
	digits := d.pos
	for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
		d.pos++
	}
	if d.pos == digits || (d.data[digits] == '0' && d.pos-digits > 1) {
		return 0, false
	}
	if d.pos < len(d.data) {
		switch d.data[d.pos] {
		case '.', 'e', 'E':
			return 0, false
		}
	}
	n, err := strconv.ParseInt(string(d.data[start:d.pos]), 10, bits)
	return n, err == nil
}

// minResponseJSON is about the smallest JSON of a valid response: its keys,
// id, hashes and time alone take more.
const minResponseJSON = 400

// responses reads the array of responses.
func (d *fastDecoder) responses(b *protocol.Batch) bool {
	if !d.consume('[') {
		return false
	}
	// Room for as many responses as the rest could hold, up to the limit:
	// growing the slice by doubling copied a batch's records three times.
	b.Responses = make([]survey.Response, 0, min(protocol.MaxBatchResponses, (len(d.data)-d.pos)/minResponseJSON+1))
	if d.consume(']') {
		return true
	}
	for {
		var r survey.Response
		if !d.response(&r) {
			return false
		}
		b.Responses = append(b.Responses, r)
		if d.consume(',') {
			continue
		}
		return d.consume(']')
	}
}

// response reads one response object, with every member.
func (d *fastDecoder) response(r *survey.Response) bool {
	seen := 0
	strs := [...]*string{0: &r.ID, 1: &r.KioskID, 3: &r.PrevHash, 4: &r.Hash, 5: &r.CentreID, 6: &r.CounterID,
		7: &r.OfficerID, 8: &r.Scale, 13: &r.FilterReason, 14: &r.InvitationID, 15: &r.Ticket,
		16: &r.DossierCode, 17: &r.Lang, 18: &r.CreatedAt, 20: &r.AppVersion, 21: &r.ConfigVersion}
	return d.object(func(key []byte) bool {
		f := responseField(key)
		if f < 0 || seen&(1<<f) != 0 {
			return false
		}
		seen |= 1 << f
		var ok bool
		switch f {
		case 2:
			r.Seq, ok = d.int(64)
		case 19:
			r.DurationMS, ok = d.int(64)
		case 9:
			var n int64
			n, ok = d.int(strconv.IntSize)
			r.RawValue = int(n)
		case 10:
			var s string
			s, ok = d.str(f)
			r.Level = survey.Level(s)
		case 12:
			var s string
			s, ok = d.str(f)
			r.Outcome = survey.Outcome(s)
		case 11:
			ok = d.reasons(&r.Reasons)
		default:
			*strs[f], ok = d.str(f)
		}
		return ok
	}) && seen == allResponseFields
}

// reasons reads an array of strings.
func (d *fastDecoder) reasons(out *[]string) bool {
	if !d.consume('[') {
		return false
	}
	*out = []string{}
	if d.consume(']') {
		return true
	}
	for {
		s, ok := d.str(-1)
		if !ok {
			return false
		}
		*out = append(*out, s)
		if d.consume(',') {
			continue
		}
		return d.consume(']')
	}
}
