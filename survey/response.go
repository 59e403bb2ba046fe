package survey

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Outcome says how a rating ended (SPEC §4, HappyOrNot-style).
type Outcome string

// Outcomes.
const (
	OutcomeSubmitted      Outcome = "submitted"       // the citizen confirmed: no reasons screen, or Gửi with at least one reason
	OutcomeSkippedReasons Outcome = "skipped_reasons" // the citizen pressed Bỏ qua on the reasons screen
	OutcomeTimeout        Outcome = "timeout"         // a follow-up screen was left untouched and saved as it was
)

// FilterRepeat marks a response made too soon after the previous thanks; it
// is stored and uploaded but excluded from scores.
const FilterRepeat = "repeat"

// TimeLayout is how CreatedAt is written: RFC 3339 with milliseconds and the
// kiosk's UTC offset. Parsing with it is more lenient than the rule;
// CheckCreatedAt checks the exact one.
const TimeLayout = "2006-01-02T15:04:05.000Z07:00"

// GenesisHash is the prev_hash of a kiosk's first response.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// Response is one citizen's rating, as stored on the kiosk and as sent to
// the scoring server. The JSON field order is the canonical order hashed by
// the chain; see docs/RESPONSE.md.
type Response struct {
	ID            string   `json:"id"`
	KioskID       string   `json:"kiosk_id"`
	Seq           int64    `json:"seq"`
	PrevHash      string   `json:"prev_hash"`
	Hash          string   `json:"hash"`
	CentreID      string   `json:"centre_id"`
	CounterID     string   `json:"counter_id"`
	OfficerID     string   `json:"officer_id"`
	Scale         string   `json:"scale"`
	RawValue      int      `json:"raw_value"`
	Level         Level    `json:"level"`
	Reasons       []string `json:"reasons"`
	Outcome       Outcome  `json:"outcome"`
	FilterReason  string   `json:"filter_reason"`
	InvitationID  string   `json:"invitation_id"`
	Ticket        string   `json:"ticket"`
	DossierCode   string   `json:"dossier_code"`
	Lang          string   `json:"lang"`
	CreatedAt     string   `json:"created_at"`
	DurationMS    int64    `json:"duration_ms"`
	AppVersion    string   `json:"app_version"`
	ConfigVersion string   `json:"config_version"`
}

// Time parses CreatedAt.
func (r Response) Time() (time.Time, error) {
	return time.Parse(TimeLayout, r.CreatedAt)
}

// Validate checks a response's fields by the rules of docs/RESPONSE.md
// §3, as the kiosk writes them and as a server must accept them: every
// field has a bound and a character rule, so that nothing a server would
// refuse is ever stored on a kiosk. It reports every problem at once.
//
// It does not allocate for a valid response: a server runs it for every
// response it receives.
func (r Response) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if !ValidUUID(r.ID) {
		bad("id %q is not a UUID in lowercase text form", clipText(r.ID))
	}
	if !ValidID(r.KioskID) {
		bad("kiosk_id %q: want 1 to %d letters, digits, '.', '_' or '-'", clipText(r.KioskID), MaxIDBytes)
	}
	if r.Seq < 1 || r.Seq > MaxSeq {
		bad("seq %d is not from 1 to %d", r.Seq, int64(MaxSeq))
	}
	if !isHexHash(r.PrevHash) {
		bad("prev_hash is not a hex SHA-256")
	}
	if !r.hashMatches() {
		bad("hash does not match the content")
	}
	for _, f := range [...]struct{ name, v string }{{"centre_id", r.CentreID}, {"counter_id", r.CounterID}, {"officer_id", r.OfficerID}} {
		if !ValidID(f.v) {
			bad("%s %q: want 1 to %d letters, digits, '.', '_' or '-'", f.name, clipText(f.v), MaxIDBytes)
		}
	}
	if sc, ok := defaultScales[r.Scale]; !ok {
		bad("unknown scale %q (want legal3, face4 or star5)", clipText(r.Scale))
	} else if _, err := sc.Level(r.RawValue); err != nil {
		bad("%v", err)
	}
	if !r.Level.Valid() {
		bad("unknown level %q", clipText(string(r.Level)))
	}
	// A nil Reasons is the empty list (it encodes as []); a JSON null is
	// refused by the server's decoders, before Validate.
	if len(r.Reasons) > MaxReasons {
		bad("%d reasons; at most %d", len(r.Reasons), MaxReasons)
	} else {
		for i, c := range r.Reasons {
			if !ValidReasonCode(c) {
				bad("reason %q: want 1 to %d bytes of UTF-8 without control characters", clipText(c), MaxTextBytes)
			}
			for _, d := range r.Reasons[:i] {
				if c == d {
					bad("reason %q appears twice", clipText(c))
				}
			}
		}
	}
	switch r.Outcome {
	case OutcomeSubmitted, OutcomeSkippedReasons, OutcomeTimeout:
	default:
		bad("unknown outcome %q", clipText(string(r.Outcome)))
	}
	if r.FilterReason != "" && r.FilterReason != FilterRepeat {
		bad("unknown filter_reason %q", clipText(r.FilterReason))
	}
	if r.InvitationID != "" && !ValidID(r.InvitationID) {
		bad("invitation_id %q: want empty, or 1 to %d letters, digits, '.', '_' or '-'", clipText(r.InvitationID), MaxIDBytes)
	}
	for _, f := range [...]struct{ name, v string }{{"ticket", r.Ticket}, {"dossier_code", r.DossierCode}} {
		if !ValidFreeText(f.v) {
			bad("%s %q: want at most %d bytes of UTF-8 without control characters other than TAB, LF and CR", f.name, clipText(f.v), MaxTextBytes)
		}
	}
	if r.Lang != "vi" && r.Lang != "en" {
		bad("unknown lang %q", clipText(r.Lang))
	}
	if err := CheckCreatedAt(r.CreatedAt); err != nil {
		bad("%w", err)
	}
	if r.DurationMS < 0 || r.DurationMS > MaxDurationMS {
		bad("duration_ms %d is not from 0 to %d", r.DurationMS, MaxDurationMS)
	}
	for _, f := range [...]struct{ name, v string }{{"app_version", r.AppVersion}, {"config_version", r.ConfigVersion}} {
		if !ValidVersionText(f.v) {
			bad("%s %q: want at most %d printable ASCII characters", f.name, clipText(f.v), MaxTextBytes)
		}
	}
	return errors.Join(errs...)
}

// hashMatches reports whether Hash is the hash of the content, as
// ComputeHash computes it but without allocating its string.
func (r Response) hashMatches() bool {
	var buf [canonicalSize]byte
	hash := r.Hash
	r.Hash = ""
	sum := sha256.Sum256(r.AppendJSON(buf[:0]))
	var h [2 * sha256.Size]byte
	hex.Encode(h[:], sum[:])
	return string(h[:]) == hash
}

func isHexHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	return strings.Trim(s, "0123456789abcdef") == ""
}

// VerifyChain checks that rs (one kiosk's responses in seq order) have no
// gap, each hash matches its content and each prev_hash is its predecessor's
// hash. first is the prev_hash expected of rs[0]: GenesisHash when rs starts
// at seq 1.
func VerifyChain(rs []Response, first string) error {
	prev := first
	for i, r := range rs {
		if i > 0 && r.Seq != rs[i-1].Seq+1 {
			return fmt.Errorf("gap: seq %d follows %d", r.Seq, rs[i-1].Seq)
		}
		if r.PrevHash != prev {
			return fmt.Errorf("seq %d: prev_hash does not match the previous hash", r.Seq)
		}
		if got := r.ComputeHash(); got != r.Hash {
			return fmt.Errorf("seq %d: hash %s does not match content (%s)", r.Seq, r.Hash, got)
		}
		prev = r.Hash
	}
	return nil
}
