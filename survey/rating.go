package survey

import (
	"fmt"
	"slices"
	"time"
)

// Step is what a rating in progress needs next (SPEC §4): the reasons
// screen, the dossier-code screen, or nothing more, in which case the
// kiosk stores it and only then thanks the citizen.
type Step int

// Steps, in the order a rating goes through them.
const (
	StepReasons Step = iota + 1 // choose reasons (Gửi), skip them (Bỏ qua) or leave
	StepDossier                 // type or scan the mã hồ sơ, or skip it
	StepSave                    // complete: store it; no event changes it any more
)

func (s Step) String() string {
	switch s {
	case StepReasons:
		return "reasons"
	case StepDossier:
		return "dossier"
	case StepSave:
		return "save"
	}
	return fmt.Sprintf("Step(%d)", int(s))
}

// MaxDossierCode bounds a typed or scanned dossier code, in bytes; real
// codes ("000.00.00.H22-241124-0001-XYZ/2024") have 34.
const MaxDossierCode = 40

// RatingRules are the parts of the configuration that shape a rating's
// steps. A rating keeps the rules it started with, even if the
// configuration changes before it is saved.
type RatingRules struct {
	Scale        Scale
	ReasonLevels []Level       // levels that open the reasons step
	Dossier      string        // DossierOff, DossierOptional or DossierRequired
	Trigger      string        // TriggerOpen or TriggerInvite
	RepeatWindow time.Duration // open mode: a tap this soon after the last thanks is a repeat
}

// RatingRules returns the rating rules of c.
func (c *Config) RatingRules() RatingRules {
	return RatingRules{Scale: c.Scale, ReasonLevels: slices.Clone(c.ReasonLevels), Dossier: c.Dossier,
		Trigger: c.Trigger, RepeatWindow: c.Timings.RepeatWindow}
}

// Tap is a citizen's tap on a tile (or digit key), with what the kiosk
// knows at that moment.
type Tap struct {
	Raw        int         // the tile's raw value on the scale
	At         time.Time   // when the tap happened: the response's created_at
	ShownAt    time.Time   // when the rating screen opened, or the invitation was made
	LastThanks time.Time   // when the previous thanks screen ended; zero if none
	Invitation *Invitation // the invitation this rating answers (invite mode), or nil
	Lang       string      // "vi" or "en", the language on show
}

// Rating is one citizen's rating between the tap on a tile and its save:
// a pure state machine, driven by the screens, that decides which step
// comes next and what is stored. Its methods report whether an event was
// taken; an event that does not belong to the current step changes nothing,
// so a late or repeated touch can never alter or duplicate a rating.
type Rating struct {
	rules       RatingRules
	tap         Tap
	level       Level
	filter      string
	reasons     []string
	outcome     Outcome
	dossier     string
	reasonsDone bool
	dossierDone bool
}

// NewRating starts a rating from a tap. It fails only if the tapped value
// is not on the scale.
func NewRating(rules RatingRules, t Tap) (*Rating, error) {
	level, err := rules.Scale.Level(t.Raw)
	if err != nil {
		return nil, fmt.Errorf("new rating: %w", err)
	}
	r := &Rating{rules: rules, tap: t, level: level, outcome: OutcomeSubmitted}
	if rules.Trigger == TriggerOpen && !t.LastThanks.IsZero() && t.At.Sub(t.LastThanks) < rules.RepeatWindow {
		r.filter = FilterRepeat
	}
	if t.Invitation != nil && t.Invitation.DossierCode != "" {
		// the queue system already sent the code: no need to ask for it
		r.dossier = t.Invitation.DossierCode
		r.dossierDone = true
	}
	return r, nil
}

// Step returns what the rating needs next.
func (r *Rating) Step() Step {
	switch {
	case !r.reasonsDone && slices.Contains(r.rules.ReasonLevels, r.level):
		return StepReasons
	case !r.dossierDone && r.rules.Dossier != DossierOff:
		return StepDossier
	}
	return StepSave
}

// Level is the legal level of the tapped tile.
func (r *Rating) Level() Level { return r.level }

// Invitation is the invitation the rating answers, or nil.
func (r *Rating) Invitation() *Invitation { return r.tap.Invitation }

// Reasons are the reason codes chosen so far, in the order chosen.
func (r *Rating) Reasons() []string { return slices.Clone(r.reasons) }

// Selected reports whether reason code is chosen.
func (r *Rating) Selected(code string) bool { return slices.Contains(r.reasons, code) }

// ToggleReason chooses or un-chooses a reason on the reasons step.
func (r *Rating) ToggleReason(code string) bool {
	if r.Step() != StepReasons {
		return false
	}
	if i := slices.Index(r.reasons, code); i >= 0 {
		r.reasons = slices.Delete(r.reasons, i, i+1)
	} else if len(r.reasons) < MaxReasons {
		r.reasons = append(r.reasons, code)
	}
	return true
}

// CanSendReasons reports whether Gửi is offered: only once a reason is
// chosen. A citizen who wants to give none presses Bỏ qua, which is stored
// as skipped_reasons, so that `submitted` always carries a reason.
func (r *Rating) CanSendReasons() bool { return r.Step() == StepReasons && len(r.reasons) > 0 }

// SendReasons ends the reasons step with the chosen reasons (Gửi). It is
// refused while none is chosen.
func (r *Rating) SendReasons() bool {
	if !r.CanSendReasons() {
		return false
	}
	r.outcome = OutcomeSubmitted
	r.reasonsDone = true
	return true
}

// SkipReasons ends the reasons step without reasons (Bỏ qua).
func (r *Rating) SkipReasons() bool {
	if r.Step() != StepReasons {
		return false
	}
	r.reasons = nil
	r.outcome = OutcomeSkippedReasons
	r.reasonsDone = true
	return true
}

// DossierCode is the dossier code typed, scanned or sent with the
// invitation so far.
func (r *Rating) DossierCode() string { return r.dossier }

// SetDossierCode replaces the code being typed on the dossier step; it is
// refused beyond MaxDossierCode bytes.
func (r *Rating) SetDossierCode(code string) bool {
	if r.Step() != StepDossier || len(code) > MaxDossierCode {
		return false
	}
	r.dossier = code
	return true
}

// CanSendDossier reports whether Gửi is offered on the dossier step: always,
// unless the code is required and none is typed yet.
func (r *Rating) CanSendDossier() bool {
	return r.Step() == StepDossier && (r.dossier != "" || r.rules.Dossier != DossierRequired)
}

// SendDossier ends the dossier step with the code typed.
func (r *Rating) SendDossier() bool {
	if !r.CanSendDossier() {
		return false
	}
	r.dossierDone = true
	return true
}

// CanSkipDossier reports whether Bỏ qua is offered on the dossier step.
func (r *Rating) CanSkipDossier() bool {
	return r.Step() == StepDossier && r.rules.Dossier != DossierRequired
}

// SkipDossier ends the dossier step without a code.
func (r *Rating) SkipDossier() bool {
	if !r.CanSkipDossier() {
		return false
	}
	r.dossier = ""
	r.dossierDone = true
	return true
}

// Timeout ends a follow-up step left untouched: the citizen has gone, so
// the rating is saved at once as it stands, with outcome timeout. Reasons
// chosen but not sent are dropped; reasons sent before a timed-out dossier
// step are kept; a half-typed code is dropped.
func (r *Rating) Timeout() bool {
	switch r.Step() {
	case StepReasons:
		r.reasons = nil
	case StepDossier:
		r.dossier = ""
	default:
		return false
	}
	r.outcome = OutcomeTimeout
	r.reasonsDone, r.dossierDone = true, true
	return true
}

// Response fills base (the kiosk's fields: centre, counter, officer,
// versions) with the rating's own fields. Call it at StepSave.
func (r *Rating) Response(base Response) Response {
	out := base
	out.Scale = r.rules.Scale.Name
	out.RawValue = r.tap.Raw
	out.Level = r.level
	out.Reasons = slices.Clone(r.reasons)
	out.Outcome = r.outcome
	out.FilterReason = r.filter
	out.DossierCode = r.dossier
	out.Lang = r.tap.Lang
	out.CreatedAt = r.tap.At.Format(TimeLayout)
	out.DurationMS = max(0, r.tap.At.Sub(r.tap.ShownAt).Milliseconds())
	if inv := r.tap.Invitation; inv != nil {
		out.InvitationID = inv.ID
		out.Ticket = inv.Ticket
	}
	return out
}

// Raw is the raw value of the tapped tile.
func (r *Rating) Raw() int { return r.tap.Raw }
