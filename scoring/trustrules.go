package scoring

import (
	"fmt"
	"slices"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// TrustRules is an IssuedConfig compiled for look-ups: what a response
// made under that configuration must agree with. It is never changed once
// made, so batches share it without locks. The kiosk API checks each
// response of a batch against the rules of the version it names (issue 9,
// item 1); the look-ups cost no query per response.
type TrustRules struct {
	centre, counter, scale string
	levels                 map[int]survey.Level
	officers, reasons      map[string]struct{}
	reasonsFor             []survey.Level // at most the three levels: a scan beats a map
}

// CompileTrust compiles the rules of an issued configuration.
func CompileTrust(c IssuedConfig) *TrustRules {
	r := &TrustRules{centre: c.CentreID, counter: c.CounterID, scale: c.Scale, levels: c.Levels, reasonsFor: c.ReasonsFor,
		officers: make(map[string]struct{}, len(c.Officers)), reasons: make(map[string]struct{}, len(c.Reasons))}
	for _, o := range c.Officers {
		r.officers[o] = struct{}{}
	}
	for _, code := range c.Reasons {
		r.reasons[code] = struct{}{}
	}
	return r
}

// Check reports why resp, which names the configuration r was compiled
// from, could not have been made under it: a protocol rejection reason
// (protocol.Reason*) and a detail, or "" when it could. It allocates
// nothing for a response that passes.
func (r *TrustRules) Check(resp *survey.Response) (reason, detail string) {
	if resp.CentreID != r.centre || resp.CounterID != r.counter {
		return protocol.ReasonWrongPlace, fmt.Sprintf("counter_id %q is not counter %q, which configuration %s is for",
			resp.CounterID, r.counter, resp.ConfigVersion)
	}
	if resp.Scale != r.scale {
		return protocol.ReasonScaleMismatch, fmt.Sprintf("scale %q is not %q of configuration %s", resp.Scale, r.scale, resp.ConfigVersion)
	}
	if l, ok := r.levels[resp.RawValue]; !ok || l != resp.Level {
		return protocol.ReasonLevelMismatch, fmt.Sprintf("raw_value %d maps to %q under configuration %s, not %q",
			resp.RawValue, l, resp.ConfigVersion, resp.Level)
	}
	if _, ok := r.officers[resp.OfficerID]; !ok {
		return protocol.ReasonUnknownOfficer, fmt.Sprintf("officer_id %q is not in the roster of configuration %s", resp.OfficerID, resp.ConfigVersion)
	}
	if len(resp.Reasons) > 0 && (resp.Outcome == survey.OutcomeSkippedReasons || !slices.Contains(r.reasonsFor, resp.Level)) {
		return protocol.ReasonUnexpectedReasons, fmt.Sprintf("reasons with outcome %q and level %q, where configuration %s asks for none",
			resp.Outcome, resp.Level, resp.ConfigVersion)
	}
	for _, code := range resp.Reasons {
		if _, ok := r.reasons[code]; !ok {
			return protocol.ReasonUnknownReason, fmt.Sprintf("reason %q is not offered by configuration %s", code, resp.ConfigVersion)
		}
	}
	return "", ""
}
