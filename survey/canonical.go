package survey

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"unicode/utf8"
)

// canonicalSize is room for a typical response's JSON (about 600 bytes),
// so that encoding it allocates once.
const canonicalSize = 768

// Canonical returns the bytes the hash chain covers: the response as compact
// JSON in field order, with "hash" set to "" and reasons never null, no HTML
// escaping, no trailing newline. docs/RESPONSE.md §4 defines these bytes
// without reference to Go (an escaping table), and docs/test-vectors.json
// holds examples that TestPublishedVectors recomputes.
//
// For valid UTF-8 the bytes are what encoding/json's Encoder writes for the
// struct with SetEscapeHTML(false) (Go 1.22 or later, minus its newline),
// which is how the chain was first defined; a fuzz test holds the two
// encoders to the same output. Invalid UTF-8, which Validate refuses and is
// therefore never hashed in a valid chain, is written \ufffd per bad byte
// (Go 1.27's encoder writes a raw U+FFFD: the reason the table, not
// encoding/json, is the definition). It is written by hand because the
// reflection-based encoder cost the scoring server a third of its ingest
// time, where every response of every batch is hashed again.
func (r Response) Canonical() []byte {
	r.Hash = ""
	return r.AppendJSON(make([]byte, 0, canonicalSize))
}

// ComputeHash returns the hex SHA-256 of the canonical encoding.
func (r Response) ComputeHash() string {
	var buf [canonicalSize]byte
	r.Hash = ""
	sum := sha256.Sum256(r.AppendJSON(buf[:0]))
	var h [2 * sha256.Size]byte
	hex.Encode(h[:], sum[:])
	return string(h[:])
}

// AppendJSON appends the response as it travels and as Canonical encodes
// it, hash included: compact JSON in field order, reasons never null,
// strings escaped by the table of docs/RESPONSE.md §4 (as encoding/json
// escapes valid UTF-8 without HTML escaping). encoding/json decodes it into
// the same Response.
func (r Response) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"id":`...)
	dst = appendString(dst, r.ID)
	dst = append(dst, `,"kiosk_id":`...)
	dst = appendString(dst, r.KioskID)
	dst = append(dst, `,"seq":`...)
	dst = strconv.AppendInt(dst, r.Seq, 10)
	dst = append(dst, `,"prev_hash":`...)
	dst = appendString(dst, r.PrevHash)
	dst = append(dst, `,"hash":`...)
	dst = appendString(dst, r.Hash)
	dst = append(dst, `,"centre_id":`...)
	dst = appendString(dst, r.CentreID)
	dst = append(dst, `,"counter_id":`...)
	dst = appendString(dst, r.CounterID)
	dst = append(dst, `,"officer_id":`...)
	dst = appendString(dst, r.OfficerID)
	dst = append(dst, `,"scale":`...)
	dst = appendString(dst, r.Scale)
	dst = append(dst, `,"raw_value":`...)
	dst = strconv.AppendInt(dst, int64(r.RawValue), 10)
	dst = append(dst, `,"level":`...)
	dst = appendString(dst, string(r.Level))
	dst = append(dst, `,"reasons":[`...)
	for i, s := range r.Reasons {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, s)
	}
	dst = append(dst, `],"outcome":`...)
	dst = appendString(dst, string(r.Outcome))
	dst = append(dst, `,"filter_reason":`...)
	dst = appendString(dst, r.FilterReason)
	dst = append(dst, `,"invitation_id":`...)
	dst = appendString(dst, r.InvitationID)
	dst = append(dst, `,"ticket":`...)
	dst = appendString(dst, r.Ticket)
	dst = append(dst, `,"dossier_code":`...)
	dst = appendString(dst, r.DossierCode)
	dst = append(dst, `,"lang":`...)
	dst = appendString(dst, r.Lang)
	dst = append(dst, `,"created_at":`...)
	dst = appendString(dst, r.CreatedAt)
	dst = append(dst, `,"duration_ms":`...)
	dst = strconv.AppendInt(dst, r.DurationMS, 10)
	dst = append(dst, `,"app_version":`...)
	dst = appendString(dst, r.AppVersion)
	dst = append(dst, `,"config_version":`...)
	dst = appendString(dst, r.ConfigVersion)
	return append(dst, '}')
}

// plain marks the ASCII bytes a JSON string carries as they are, as
// encoding/json decides without HTML escaping: printable ASCII and DEL,
// except the quote and the backslash.
var plain = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\'
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s as a JSON string, escaped by the table of
// docs/RESPONSE.md §4 (invalid UTF-8 as \ufffd).
func AppendJSONString(dst []byte, s string) []byte { return appendString(dst, s) }

// appendString appends s as a JSON string, escaped by the table of
// docs/RESPONSE.md §4: \" \\ \b \f \n \r \t, other control bytes as
// \u00xx (lowercase hex), U+2028 and U+2029 as \u2028 and \u2029, and each
// byte of invalid UTF-8 as \ufffd. Everything else, DEL and non-ASCII
// included, is copied as it is.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if plain[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xf])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
