package protocol

import (
	"fmt"
	"maps"
	"slices"
)

// A kiosk's self-checks ride on the heartbeat (docs/API.md §7): the same
// checks `kiosk doctor` runs, each summed up in one word ("database":
// "ok", "disk": "low", "clock": "skewed"), so that the server's `kiosk
// list` and Fleet page show which check fails on which kiosk without
// anybody driving there. The server stores the words as they come: a
// newer kiosk may send a check or a word it does not know, and both are
// shown as they are.

// Bounds of Heartbeat.Checks: enough for every check of kiosk doctor and
// more to come, small enough that a hostile kiosk cannot fill a page.
const (
	MaxChecks         = 32 // entries of one heartbeat
	MaxCheckNameBytes = 32 // a check's name: CheckWord, starting with a letter
	MaxCheckWordBytes = 24 // a check's result: CheckWord
)

// CheckOK is the result of a check that passed; any other word names what
// is wrong.
const CheckOK = "ok"

// Names of the checks our kiosk sends (kioskapp/doctor.go), for the
// server's labels; other names are accepted and shown as they are.
const (
	CheckDatabase  = "database"  // ok, corrupt, error
	CheckChain     = "chain"     // ok, broken, error: the stored responses' hash chain
	CheckDisk      = "disk"      // ok, low, error: free space on the data disk
	CheckBacklog   = "backlog"   // ok, behind (oldest pending over a day), rejected (quarantined responses), error
	CheckClock     = "clock"     // ok, skewed (over a minute from the server's)
	CheckPINs      = "pins"      // ok, legacy (bcrypt staff PIN hashes)
	CheckThreading = "threading" // ok, compat (a binary built without the migrated_fynedo tag)
)

// CheckName reports whether s may name a check: 1 to MaxCheckNameBytes
// bytes of a–z, 0–9, '_' and '-', starting with a letter.
func CheckName(s string) bool {
	return len(s) <= MaxCheckNameBytes && len(s) > 0 && s[0] >= 'a' && s[0] <= 'z' && checkWord(s)
}

// CheckWord reports whether s may be a check's result: 1 to
// MaxCheckWordBytes bytes of a–z, 0–9, '_' and '-'.
func CheckWord(s string) bool {
	return len(s) <= MaxCheckWordBytes && len(s) > 0 && checkWord(s)
}

func checkWord(s string) bool {
	for i := range len(s) {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// CheckEntryError says why a check cannot go on a heartbeat, "" when it
// can: what the server answers 400 bad_request with, and what the kiosk
// drops before sending.
func CheckEntryError(name, word string) string {
	switch {
	case !CheckName(name):
		return fmt.Sprintf("check name %.40q is not 1 to %d bytes of a-z, 0-9, _ and - starting with a letter", name, MaxCheckNameBytes)
	case !CheckWord(word):
		return fmt.Sprintf("check %s: result %.40q is not 1 to %d bytes of a-z, 0-9, _ and -", name, word, MaxCheckWordBytes)
	}
	return ""
}

// Checks are the results of a kiosk's self-checks, by check name.
type Checks map[string]string

// Sendable returns the entries of c that may go on a heartbeat, the first
// MaxChecks of them by name, and one message per entry left out; nil when
// c is empty. A kiosk sends only these, so that a check of its own that
// went wrong never costs it the whole heartbeat.
func (c Checks) Sendable() (Checks, []string) {
	if len(c) == 0 {
		return nil, nil
	}
	out := Checks{}
	var dropped []string
	for _, name := range slices.Sorted(maps.Keys(c)) {
		switch msg := CheckEntryError(name, c[name]); {
		case msg != "":
			dropped = append(dropped, msg)
		case len(out) == MaxChecks:
			dropped = append(dropped, fmt.Sprintf("check %s: more than %d checks", name, MaxChecks))
		default:
			out[name] = c[name]
		}
	}
	return out, dropped
}
