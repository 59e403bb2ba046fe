package survey

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Outcome says how a rating ended (SPEC §4, HappyOrNot-style).
type Outcome string

// Outcomes.
const (
	OutcomeSubmitted      Outcome = "submitted"       // the citizen confirmed (with or without reasons)
	OutcomeSkippedReasons Outcome = "skipped_reasons" // the citizen pressed Bỏ qua on the reasons screen
	OutcomeTimeout        Outcome = "timeout"         // a follow-up screen was left untouched and saved as it was
)

// FilterRepeat marks a response made too soon after the previous thanks; it
// is stored and uploaded but excluded from scores.
const FilterRepeat = "repeat"

// TimeLayout is how CreatedAt is written: RFC 3339 with milliseconds and the
// kiosk's UTC offset.
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

// Validate checks a response's fields, as the kiosk writes them and as a
// server must accept them.
func (r Response) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if len(r.ID) != 36 {
		bad("id %q is not a UUID", r.ID)
	}
	if r.KioskID == "" {
		bad("kiosk_id is empty")
	}
	if r.Seq < 1 {
		bad("seq %d is not positive", r.Seq)
	}
	if !isHexHash(r.PrevHash) {
		bad("prev_hash is not a hex SHA-256")
	}
	if r.Hash != r.ComputeHash() {
		bad("hash does not match the content")
	}
	if r.CentreID == "" || r.CounterID == "" || r.OfficerID == "" {
		bad("centre_id, counter_id and officer_id are required")
	}
	if sc, ok := defaultScales[r.Scale]; !ok {
		_, err := NewScale(r.Scale)
		bad("%v", err)
	} else if _, err := sc.Level(r.RawValue); err != nil {
		bad("%v", err)
	}
	if !r.Level.Valid() {
		bad("unknown level %q", r.Level)
	}
	switch r.Outcome {
	case OutcomeSubmitted, OutcomeSkippedReasons, OutcomeTimeout:
	default:
		bad("unknown outcome %q", r.Outcome)
	}
	if r.FilterReason != "" && r.FilterReason != FilterRepeat {
		bad("unknown filter_reason %q", r.FilterReason)
	}
	if r.Lang != "vi" && r.Lang != "en" {
		bad("unknown lang %q", r.Lang)
	}
	if _, err := r.Time(); err != nil {
		bad("created_at: %v", err)
	}
	if r.DurationMS < 0 {
		bad("duration_ms is negative")
	}
	for _, s := range append([]string{r.Ticket, r.DossierCode}, r.Reasons...) {
		if len(s) > 64 || !utf8.ValidString(s) {
			bad("a reason, ticket or dossier code is longer than 64 bytes or not UTF-8")
			break
		}
	}
	// encoding/json writes invalid UTF-8 as U+FFFD, so the hash would not
	// cover those bytes and two different responses could share a hash.
	for _, f := range [][2]string{{"id", r.ID}, {"kiosk_id", r.KioskID}, {"prev_hash", r.PrevHash},
		{"hash", r.Hash}, {"centre_id", r.CentreID}, {"counter_id", r.CounterID}, {"officer_id", r.OfficerID},
		{"scale", r.Scale}, {"level", string(r.Level)}, {"outcome", string(r.Outcome)},
		{"filter_reason", r.FilterReason}, {"invitation_id", r.InvitationID}, {"lang", r.Lang},
		{"created_at", r.CreatedAt}, {"app_version", r.AppVersion}, {"config_version", r.ConfigVersion}} {
		if !utf8.ValidString(f[1]) {
			bad("%s is not UTF-8", f[0])
		}
	}
	return errors.Join(errs...)
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
