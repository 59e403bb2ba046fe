package survey

import "time"

// ShiftChange returns the events that put officer to on duty at a counter
// where from is signed in ("" when the counter is closed), from source at
// at: the officer on duty signs out first when it is another, then to signs
// in; nothing when to is already on duty. The PIN pad, the local API and
// `kiosk sign-in` all follow it, so the shift record reads the same
// whichever way an officer came.
func ShiftChange(from, to, source string, at time.Time) []ShiftEvent {
	if from == to {
		return nil
	}
	var es []ShiftEvent
	if from != "" {
		es = append(es, ShiftEvent{OfficerID: from, Kind: ShiftSignOut, Source: source, At: at})
	}
	return append(es, ShiftEvent{OfficerID: to, Kind: ShiftSignIn, Source: source, At: at})
}
