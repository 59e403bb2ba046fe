package kioskapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// The heartbeat's invitation counts (docs/API.md §7) are decoded strictly,
// as a response record is, while the rest of the heartbeat keeps its
// lenient rules: a count replaces what the server holds, so it must say
// exactly one thing. Malformed counts (not an array, too many, an entry
// that is not exactly the five members of their types, a negative count)
// make the heartbeat 400 bad_request, like a negative pending; an entry
// well formed but not to be believed (an officer not on the roster, a day
// too old or to come, more than plausible) is ignored, and the answer says
// which and why.

// invitationMembers are the members of an entry, each required once.
var invitationMembers = [...]string{"day", "officer_id", "issued", "used", "expired"}

// decodeInvitations finds the member "invitations" of a heartbeat body,
// already known to be a valid JSON object, and decodes it strictly. Absent
// or null is none.
func decodeInvitations(body []byte) ([]protocol.InvitationCount, error) {
	raw, err := topMember(body, "invitations")
	if err != nil || raw == nil || string(raw) == "null" {
		return nil, err
	}
	if raw[0] != '[' {
		return nil, fail(protocol.CodeBadRequest, "invitations is not an array")
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fail(protocol.CodeBadRequest, "invitations is not an array: %v", err)
	}
	if len(items) > protocol.MaxInvitationCounts {
		return nil, fail(protocol.CodeBadRequest, "invitations has %d entries; at most %d (the last %d days, per officer)",
			len(items), protocol.MaxInvitationCounts, protocol.InvitationDays)
	}
	out := make([]protocol.InvitationCount, len(items))
	for i, it := range items {
		if msg := decodeInvitationCount(it, &out[i]); msg != "" {
			return nil, fail(protocol.CodeBadRequest, "invitations[%d]: %s", i, msg)
		}
	}
	return out, nil
}

// topMember returns the value of the member name of the JSON object body,
// nil when absent; twice is an error (which one would count?).
func topMember(body []byte, name string) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fail(protocol.CodeBadRequest, "the body is not a JSON object")
	}
	var found json.RawMessage
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fail(protocol.CodeBadRequest, "the body is not JSON: %v", err)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fail(protocol.CodeBadRequest, "the body is not JSON: %v", err)
		}
		if key, _ := tok.(string); key == name {
			if found != nil {
				return nil, fail(protocol.CodeBadRequest, "the heartbeat has %q twice", name)
			}
			found = v
		}
	}
	return found, nil
}

// decodeInvitationCount decodes one entry strictly into c and returns why
// it is not an entry, or "".
func decodeInvitationCount(raw json.RawMessage, c *protocol.InvitationCount) string {
	if raw[0] != '{' {
		return "not an object"
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	dec.Token() // the '{' seen above
	seen := 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err.Error()
		}
		key, _ := tok.(string)
		f := -1
		for i, m := range invitationMembers {
			if m == key {
				f = i
			}
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err.Error()
		}
		switch {
		case f < 0:
			return fmt.Sprintf("unknown member %q (an entry has exactly day, officer_id, issued, used and expired)", scoring.Clip(key, 40))
		case seen&(1<<f) != 0:
			return fmt.Sprintf("member %q twice", key)
		case string(v) == "null":
			return key + " is null"
		}
		seen |= 1 << f
		if msg := decodeInvitationMember(key, v, c); msg != "" {
			return msg
		}
	}
	if seen != 1<<len(invitationMembers)-1 {
		var missing []string
		for f, name := range invitationMembers {
			if seen&(1<<f) == 0 {
				missing = append(missing, name)
			}
		}
		return "missing " + strings.Join(missing, ", ")
	}
	return ""
}

func decodeInvitationMember(key string, v json.RawMessage, c *protocol.InvitationCount) string {
	switch key {
	case "day", "officer_id":
		var s string
		if v[0] != '"' || json.Unmarshal(v, &s) != nil {
			return key + " is not a string"
		}
		if key == "day" {
			if _, err := scoring.ParseDate(s); err != nil {
				return fmt.Sprintf("day %q is not a date YYYY-MM-DD", scoring.Clip(s, 40))
			}
			c.Day = s
			return ""
		}
		if !survey.ValidID(s) {
			return fmt.Sprintf("officer_id %q: want 1 to %d letters, digits, '.', '_' or '-'", scoring.Clip(s, 40), survey.MaxIDBytes)
		}
		c.OfficerID = s
		return ""
	}
	// A count: a JSON integer (no fraction, no exponent), not negative.
	if bytes.ContainsAny(v, ".eE") || v[0] == '"' || v[0] == '[' || v[0] == '{' || v[0] == 't' || v[0] == 'f' {
		return key + " is not an integer"
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	switch {
	case err != nil:
		return key + " is not an integer from 0 to 2^63 − 1"
	case n < 0:
		return key + " is negative"
	case n > protocol.MaxInvitationsPerDay:
		n = protocol.MaxInvitationsPerDay + 1 // implausible: checkInvitation ignores it
	}
	switch key {
	case "issued":
		c.Issued = int(n)
	case "used":
		c.Used = int(n)
	case "expired":
		c.Expired = int(n)
	}
	return ""
}

// acceptInvitations sorts decoded entries into the counts to store and
// the ones ignored, by the roster of the kiosk's centre (officers) and the
// centre's today: a day more than protocol.InvitationDaysBack days before
// it, or after its tomorrow (a kiosk clock a day ahead is broken), is not
// stored. An entry whose day and officer come twice is ignored both times.
func acceptInvitations(in []protocol.InvitationCount, officers map[string]bool, today scoring.Date) ([]scoring.InvitationCount, []protocol.IgnoredCount) {
	type key struct{ day, officer string }
	times := map[key]int{}
	for _, c := range in {
		times[key{c.Day, c.OfficerID}]++
	}
	oldest, latest := today.AddDays(-protocol.InvitationDaysBack), today.AddDays(1)
	var ok []scoring.InvitationCount
	var ignored []protocol.IgnoredCount
	for i, c := range in {
		day, _ := scoring.ParseDate(c.Day) // checked by decodeInvitationCount
		reason, detail := "", ""
		switch {
		case times[key{c.Day, c.OfficerID}] > 1:
			reason, detail = protocol.IgnoredDuplicate, fmt.Sprintf("%s %s comes %d times", c.Day, c.OfficerID, times[key{c.Day, c.OfficerID}])
		case !officers[c.OfficerID]:
			reason, detail = protocol.IgnoredUnknownOfficer, fmt.Sprintf("officer %s is not on the centre's roster", c.OfficerID)
		case day.Before(oldest):
			reason, detail = protocol.IgnoredOldDay, fmt.Sprintf("%s is more than %d days before the centre's today %s", c.Day, protocol.InvitationDaysBack, today)
		case latest.Before(day):
			reason, detail = protocol.IgnoredFutureDay, fmt.Sprintf("%s is after the centre's tomorrow %s: check the kiosk's clock", c.Day, latest)
		case c.Issued > protocol.MaxInvitationsPerDay:
			reason, detail = protocol.IgnoredImplausible, fmt.Sprintf("more than %d invitations in a day", protocol.MaxInvitationsPerDay)
		case c.Used+c.Expired > c.Issued:
			reason, detail = protocol.IgnoredImplausible, fmt.Sprintf("used %d + expired %d is more than issued %d", c.Used, c.Expired, c.Issued)
		}
		if reason != "" {
			ignored = append(ignored, protocol.IgnoredCount{Index: i, Reason: reason, Detail: detail})
			continue
		}
		ok = append(ok, scoring.InvitationCount{OfficerID: c.OfficerID, Day: day, Issued: c.Issued, Used: c.Used, Expired: c.Expired})
	}
	return ok, ignored
}
