package survey

import "fmt"

// recordFieldErrors checks what a configuration lends to every response
// the kiosk records (centre, counter and officer ids, reason codes, the
// version) against the response's own rules (Response.Validate). A kiosk
// that took a configuration breaking them would fail to save every
// rating, or save ratings a server must reject; refusing the configuration
// keeps the one it has.
func (c *Config) recordFieldErrors() []error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	for _, f := range [...]struct{ name, v string }{{"centre id", c.CentreID}, {"counter id", c.CounterID}} {
		if f.v != "" && !ValidID(f.v) {
			bad("%s %q: want 1 to %d letters, digits, '.', '_' or '-'", f.name, clipText(f.v), MaxIDBytes)
		}
	}
	for _, o := range c.Officers {
		if o.ID != "" && !ValidID(o.ID) {
			bad("officer id %q: want 1 to %d letters, digits, '.', '_' or '-'", clipText(o.ID), MaxIDBytes)
		}
	}
	for _, r := range c.Reasons {
		if r.Code != "" && !ValidReasonCode(r.Code) {
			bad("reason code %q: want 1 to %d bytes without control characters", clipText(r.Code), MaxTextBytes)
		}
	}
	if !ValidVersionText(c.Version) {
		bad("version %q: want at most %d printable ASCII characters", clipText(c.Version), MaxTextBytes)
	}
	return errs
}
