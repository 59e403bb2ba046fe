package config

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"hailong/kiosk/survey"
)

// Defaults of the keys that survey has no default for.
const (
	DefaultPort          = 8765 // [local_api] port
	DefaultRetentionDays = 90
	DefaultHotkey        = "F9"
)

// Limits that catch typos (milliseconds written as seconds, a pasted essay)
// before they reach the kiosk.
const (
	maxSeconds       = 86400 // one day
	maxPINLockAfter  = 100
	maxRetentionDays = 3650
	maxIDLen         = 64
	minSecretLen     = 16
)

// builder turns a decoded document into a survey.Config, collecting every
// problem rather than stopping at the first, so one edit-and-retry fixes
// them all.
type builder struct {
	probs  []problem
	photos photoResolver
}

func (b *builder) bad(path string, atValue bool, format string, a ...any) {
	b.probs = append(b.probs, problem{path: path, atValue: atValue, msg: fmt.Sprintf(format, a...)})
}

func (b *builder) build(d document) survey.Config {
	c := survey.Config{
		Version:        b.version(d.ConfigVersion),
		CentreID:       b.id("centre.id", d.Centre.ID),
		CentreName:     b.text("centre.name", d.Centre.Name, true),
		CounterID:      b.id("counter.id", d.Counter.ID),
		CounterName:    b.text("counter.name", d.Counter.Name, false),
		Trigger:        b.choice("trigger", d.Trigger, survey.TriggerOpen, survey.TriggerOpen, survey.TriggerInvite),
		Dossier:        b.choice("dossier_code", d.DossierCode, survey.DossierOff, survey.DossierOff, survey.DossierOptional, survey.DossierRequired),
		InviteHotkey:   b.hotkey(d.InviteHotkey),
		ManagerPIN:     b.pinHash("manager_pin_hash", d.ManagerPINHash, false),
		TechnicianPIN:  b.pinHash("technician_pin_hash", d.TechnicianPINHash, true),
		RetentionDays:  b.number("retention_days", d.RetentionDays, DefaultRetentionDays, 1, maxRetentionDays),
		MaxReasonCount: survey.MaxReasons,
	}
	if c.CounterName == "" && c.CounterID != "" {
		c.CounterName = "Quầy " + c.CounterID
	}
	c.Officers = b.officers(d.Officers)
	c.Scale = b.scale(d.Scale)
	c.ReasonLevels = b.reasonLevels(d.ReasonsFor)
	c.Reasons = b.reasons(d.Reasons)
	c.Timings = b.timings(d.Timings)
	c.LocalAPI = survey.LocalAPI{
		Port:   b.number("local_api.port", d.LocalAPI.Port, DefaultPort, 0, 65535),
		Secret: b.secret(d.LocalAPI.Secret),
	}
	return c
}

// text normalises a human-readable string to NFC: Vietnamese typed on some
// keyboards arrives decomposed, and would then compare and render unlike the
// same words from elsewhere.
func (b *builder) text(path, s string, required bool) string {
	s = strings.TrimSpace(norm.NFC.String(s))
	if required && s == "" {
		b.bad(path, true, "is required")
	}
	return s
}

var idPattern = regexp.MustCompile(`^[\p{L}\p{N}._-]+$`)

// version checks config_version, which travels with every response.
func (b *builder) version(s string) string {
	s = strings.TrimSpace(norm.NFC.String(s))
	if len(s) > maxIDLen || strings.ContainsFunc(s, unicode.IsControl) {
		b.bad("config_version", true, "want at most %d printable characters", maxIDLen)
	}
	return s
}

// id checks an identifier stored with every response and sent to the server.
func (b *builder) id(path, s string) string {
	s = norm.NFC.String(s)
	switch {
	case s == "":
		b.bad(path, true, "is required")
	case len(s) > maxIDLen || !idPattern.MatchString(s):
		b.bad(path, true, "%q: want at most %d letters, digits, '.', '_' or '-'", s, maxIDLen)
	}
	return s
}

// choice checks a value that must be one of want, taking def when absent.
func (b *builder) choice(path, s, def string, want ...string) string {
	if s == "" {
		return def
	}
	for _, w := range want {
		if s == w {
			return s
		}
	}
	b.bad(path, true, "unknown value %q (want %s)", s, orList(want))
	return s
}

func (b *builder) hotkey(s string) string {
	if s == "" {
		return DefaultHotkey
	}
	if n, err := strconv.Atoi(strings.TrimPrefix(s, "F")); err != nil || !strings.HasPrefix(s, "F") || n < 1 || n > 12 {
		b.bad("invite_hotkey", true, "unknown key %q (want F1 to F12)", s)
	}
	return s
}

// pinHash checks a PIN hash: an argon2id PHC string as kiosk hash-pin makes,
// or a legacy bcrypt hash, which still loads so that an upgraded kiosk in
// the field keeps starting (survey.Config.PINWarnings names it). The rule on
// a PIN's length is enforced where the PIN is chosen (kiosk hash-pin,
// scoring-server centre add): a hash does not tell how long its PIN is.
func (b *builder) pinHash(path, s string, required bool) string {
	how := "kiosk hash-pin"
	if strings.HasPrefix(path, "officers") {
		how += " --officer"
	}
	switch {
	case s == "" && !required:
	case s == "":
		b.bad(path, true, "is required (make one with: %s)", how)
	case !survey.LooksLikePINHash(s):
		b.bad(path, true, "not a PIN hash (make one with: %s)", how)
	}
	return s
}

// number checks an optional whole number, taking def when absent.
func (b *builder) number(path string, v *int, def, lo, hi int) int {
	if v == nil {
		return def
	}
	if *v < lo || *v > hi {
		b.bad(path, true, "%d is out of range (want %d to %d)", *v, lo, hi)
	}
	return *v
}

func (b *builder) secret(s string) string {
	if s == "" {
		return ""
	}
	if len(s) < minSecretLen {
		b.bad("local_api.secret", true, "too short: want at least %d characters", minSecretLen)
	}
	for _, r := range s {
		if r < 0x21 || r > 0x7e {
			b.bad("local_api.secret", true, "want printable ASCII without spaces (it travels in an HTTP header)")
			break
		}
	}
	return s
}

func (b *builder) officers(in []officer) []survey.Officer {
	if len(in) == 0 {
		b.bad("officers", false, "the roster has no officer: add an [[officers]] table")
	}
	out := make([]survey.Officer, 0, len(in))
	seen := map[string]bool{}
	for i, o := range in {
		at := fmt.Sprintf("officers[%d]", i)
		so := survey.Officer{
			ID:      b.id(at+".id", o.ID),
			Name:    b.text(at+".name", o.Name, true),
			Title:   b.text(at+".title", o.Title, false),
			PINHash: b.pinHash(at+".pin_hash", o.PINHash, true),
		}
		if seen[so.ID] && so.ID != "" {
			b.bad(at+".id", true, "officer id %q appears twice", so.ID)
		}
		seen[so.ID] = true
		if o.Photo != "" {
			photo, err := b.photos.resolve(o.Photo)
			if err != nil {
				b.bad(at+".photo", true, "%v", err)
			}
			so.Photo = photo
		}
		out = append(out, so)
	}
	return out
}

func (b *builder) scale(in scale) survey.Scale {
	name := in.Name
	if name == "" {
		name = survey.ScaleLegal3
	}
	s, err := survey.NewScale(name)
	if err != nil {
		b.bad("scale.name", true, "%v", err)
		return survey.Scale{Name: name}
	}
	m := map[int]survey.Level{}
	for key, level := range in.Mapping {
		path := "scale.mapping." + key
		raw, err := strconv.Atoi(key)
		if _, ok := s.Mapping[raw]; err != nil || !ok {
			b.bad(path, false, "scale %s has no raw value %q (want %s)", name, key, rawValues(s))
			continue
		}
		l, err := survey.ParseLevel(level)
		if err != nil {
			b.bad(path, true, "%v", err)
			continue
		}
		m[raw] = l
	}
	s, err = s.WithMapping(m)
	if err != nil { // unreachable: every entry was checked above
		b.bad("scale.mapping", false, "%v", err)
	}
	return s
}

func (b *builder) reasonLevels(in *[]string) []survey.Level {
	if in == nil {
		return []survey.Level{survey.Dissatisfied}
	}
	out := make([]survey.Level, 0, len(*in))
	for i, s := range *in {
		l, err := survey.ParseLevel(s)
		if err != nil {
			b.bad(fmt.Sprintf("reasons_for[%d]", i), true, "%v", err)
			continue
		}
		out = append(out, l)
	}
	return out
}

var codePattern = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

func (b *builder) reasons(in *[]reason) []survey.Reason {
	if in == nil {
		return survey.DefaultReasons()
	}
	if len(*in) == 0 {
		b.bad("reasons", false, "at least one reason is needed (leave [[reasons]] out for the defaults)")
	}
	if len(*in) > survey.MaxReasons {
		b.bad(fmt.Sprintf("reasons[%d]", survey.MaxReasons), false, "too many reasons: at most %d fit on the screen, got %d", survey.MaxReasons, len(*in))
	}
	out := make([]survey.Reason, 0, len(*in))
	seen := map[string]bool{}
	for i, r := range *in {
		at := fmt.Sprintf("reasons[%d]", i)
		if !codePattern.MatchString(r.Code) {
			b.bad(at+".code", true, "%q: want 1 to 32 of a-z, 0-9 and _", r.Code)
		} else if seen[r.Code] {
			b.bad(at+".code", true, "reason code %q appears twice", r.Code)
		}
		seen[r.Code] = true
		out = append(out, survey.Reason{Code: r.Code, VI: b.text(at+".vi", r.VI, true), EN: b.text(at+".en", r.EN, true)})
	}
	return out
}

func (b *builder) timings(in timings) survey.Timings {
	def := survey.DefaultTimings()
	secs := func(key string, v *int, d time.Duration, lo int) time.Duration {
		if v == nil {
			return d
		}
		return time.Duration(b.number("timings."+key, v, 0, lo, maxSeconds)) * time.Second
	}
	return survey.Timings{
		RatingTimeout:  secs("rating_timeout_s", in.RatingTimeout, def.RatingTimeout, 1),
		ReasonsTimeout: secs("reasons_timeout_s", in.ReasonsTimeout, def.ReasonsTimeout, 1),
		Thanks:         secs("thanks_s", in.Thanks, def.Thanks, 1),
		InvitationTTL:  secs("invitation_ttl_s", in.InvitationTTL, def.InvitationTTL, 1),
		RepeatWindow:   secs("repeat_window_s", in.RepeatWindow, def.RepeatWindow, 0),
		LongPress:      secs("long_press_s", in.LongPress, def.LongPress, 1),
		PINLockAfter:   b.number("timings.pin_lock_after", in.PINLockAfter, def.PINLockAfter, 1, maxPINLockAfter),
		PINLockFor:     secs("pin_lock_for_s", in.PINLockFor, def.PINLockFor, 1),
	}
}

// rawValues lists a scale's raw values, "1, 2 or 3".
func rawValues(s survey.Scale) string {
	raws := slices.Sorted(maps.Keys(s.Mapping))
	vals := make([]string, len(raws))
	for i, r := range raws {
		vals[i] = strconv.Itoa(r)
	}
	return orList(vals)
}

// orList joins "a, b or c".
func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}
