package scoring

import "hailong/kiosk/protocol"

// KioskCheck is one of a kiosk's self-checks as its last heartbeat that
// carried them reported it (protocol.Checks): a name and one word,
// protocol.CheckOK when it passed.
type KioskCheck struct {
	Name, Result string
}

// OK reports whether the check passed.
func (c KioskCheck) OK() bool { return c.Result == protocol.CheckOK }

// Failing returns the checks of k that did not pass, in name order.
func (k KioskStatus) Failing() []KioskCheck {
	var out []KioskCheck
	for _, c := range k.Checks {
		if !c.OK() {
			out = append(out, c)
		}
	}
	return out
}
