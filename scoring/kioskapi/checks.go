package kioskapi

import (
	"bytes"
	"encoding/json"
	"slices"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
)

// The heartbeat's checks (docs/API.md §7) are what the Fleet page and
// `kiosk list` show of a kiosk's health, so they are read strictly: an
// object of at most protocol.MaxChecks members, each name and each result
// one short word of a–z, 0–9, '_' and '-' (protocol.CheckName and
// CheckWord), each name once. Anything else makes the heartbeat 400
// bad_request, naming what is wrong, and nothing of it is stored: our kiosk
// never sends such a check (protocol.Checks.Sendable), so it is a broken or
// hostile client, and a page must not show its words. A well-formed check
// or word the server does not know is stored and shown as it is.

// decodeChecks finds the member "checks" of a heartbeat body, already
// known to be a valid JSON object, and decodes it strictly, in name
// order. Absent or null is nil: the stored checks stay.
func decodeChecks(body []byte) ([]scoring.KioskCheck, error) {
	raw, err := topMember(body, "checks")
	if err != nil || raw == nil || string(raw) == "null" {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fail(protocol.CodeBadRequest, "checks is not an object of check names and results")
	}
	out := []scoring.KioskCheck{}
	seen := map[string]bool{}
	for dec.More() {
		if len(out) == protocol.MaxChecks {
			return nil, fail(protocol.CodeBadRequest, "checks has more than %d members", protocol.MaxChecks)
		}
		tok, err := dec.Token()
		if err != nil {
			return nil, fail(protocol.CodeBadRequest, "checks is not JSON: %v", err)
		}
		name, _ := tok.(string)
		tok, err = dec.Token()
		if err != nil {
			return nil, fail(protocol.CodeBadRequest, "checks is not JSON: %v", err)
		}
		word, ok := tok.(string)
		if !ok {
			return nil, fail(protocol.CodeBadRequest, "checks: the result of %.40q is not a string", name)
		}
		if msg := protocol.CheckEntryError(name, word); msg != "" {
			return nil, fail(protocol.CodeBadRequest, "checks: %s", msg)
		}
		if seen[name] {
			return nil, fail(protocol.CodeBadRequest, "checks: %s twice", name)
		}
		seen[name] = true
		out = append(out, scoring.KioskCheck{Name: name, Result: word})
	}
	slices.SortFunc(out, func(a, b scoring.KioskCheck) int {
		if a.Name < b.Name {
			return -1
		}
		return 1 // names are unique
	})
	return out, nil
}
