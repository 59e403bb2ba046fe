package scoring

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"hailong/kiosk/score"
)

// AlertEvalStore is what EvaluateAlerts reads and writes.
type AlertEvalStore interface {
	AlertStore
	FleetStore
	RosterStore
}

// DefaultAlertEvery is how often the server evaluates the alerts.
const DefaultAlertEvery = time.Minute

// AlertPass is what one EvaluateAlerts pass did.
type AlertPass struct {
	Opened  []Alert // alerts opened by this pass
	Cleared int     // alerts whose condition ended
}

// alertKey identifies a condition: a kind at a subject of a centre.
type alertKey struct{ centre, kind, subject string }

// condition is a condition that holds at now, with its detail.
type condition struct {
	key    alertKey
	detail AlertDetail
}

// EvaluateAlerts checks every condition at now and opens, clears and
// closes alerts as the file comment of alerts.go says. It reads the last
// UnhappyWindow of responses, the kiosk list and the latest alerts: a few
// queries per pass, none per response, so it never holds up ingest.
// A kiosk's silence counts in its centre's opening hours (its own, or
// DefaultOpeningHours), in the centre's time zone.
func EvaluateAlerts(ctx context.Context, st AlertEvalStore, now time.Time) (AlertPass, error) {
	var pass AlertPass
	conds, err := conditions(ctx, st, now)
	if err != nil {
		return pass, err
	}
	latest, err := st.LatestAlerts(ctx)
	if err != nil {
		return pass, fmt.Errorf("evaluate alerts: %w", err)
	}
	last := map[alertKey]Alert{}
	for _, a := range latest {
		last[alertKey{a.CentreID, a.Kind, a.Subject}] = a
	}
	sys := WithActor(ctx, SystemActor)
	holds := map[alertKey]bool{}
	for _, c := range conds {
		holds[c.key] = true
		l, ok := last[c.key]
		if ok && l.Active() && !l.ClearedAt.IsZero() && now.Sub(l.ClearedAt) < AlertQuiet {
			// Back within AlertQuiet: the same episode.
			if err := st.ResumeAlert(ctx, l.ID); err != nil {
				return pass, fmt.Errorf("evaluate alerts: %w", err)
			}
			continue
		}
		if ok && !newEpisode(l, c.detail) {
			continue
		}
		a, opened, err := st.OpenAlert(sys, Alert{CentreID: c.key.centre, Kind: c.key.kind, Subject: c.key.subject,
			OpenedAt: now, Detail: c.detail})
		if err != nil {
			return pass, fmt.Errorf("evaluate alerts: %w", err)
		}
		if opened {
			pass.Opened = append(pass.Opened, a)
		}
	}
	for k, l := range last {
		if !holds[k] && l.ClearedAt.IsZero() {
			// The condition ended: mark it.
			if err := st.ClearAlert(sys, l.ID, now); err != nil {
				return pass, fmt.Errorf("evaluate alerts: %w", err)
			}
			pass.Cleared++
		}
	}
	// An acknowledged alert whose condition has stayed away for
	// AlertQuiet is done: close it.
	acked, err := st.Alerts(ctx, AlertFilter{State: AlertAcknowledged})
	if err != nil {
		return pass, fmt.Errorf("evaluate alerts: %w", err)
	}
	for _, a := range acked {
		if !a.ClearedAt.IsZero() && now.Sub(a.ClearedAt) >= AlertQuiet {
			if _, err := st.CloseAlert(sys, a.ID, SystemActor, now); err != nil {
				return pass, fmt.Errorf("evaluate alerts: %w", err)
			}
		}
	}
	return pass, nil
}

// newEpisode reports whether a condition that holds now is news beside the
// latest alert l of its key: the condition ended since l opened (whatever
// l's state), or l is closed and, for a chain alert, the kiosk's problems
// grew beyond l's. While l's condition holds and l is active, nothing is
// news: no duplicates.
func newEpisode(l Alert, d AlertDetail) bool {
	if !l.ClearedAt.IsZero() {
		return true
	}
	if l.Active() {
		return false
	}
	return l.Kind == AlertChain &&
		(d.Missing > l.Detail.Missing || d.Breaks > l.Detail.Breaks || d.VerifyProblems > l.Detail.VerifyProblems)
}

// conditions lists every condition that holds at now.
func conditions(ctx context.Context, st AlertEvalStore, now time.Time) ([]condition, error) {
	var out []condition
	// The window is (now − 15 min, now], to the millisecond stores keep.
	counts, err := st.CounterCounts(ctx, now.Add(-UnhappyWindow+time.Millisecond), now.Add(time.Millisecond))
	if err != nil {
		return nil, fmt.Errorf("evaluate alerts: %w", err)
	}
	for _, c := range counts {
		if c.Unhappy() {
			pct := score.PercentOf(c.Dissatisfied, c.N).Value() // SPEC §7's one decimal
			out = append(out, condition{alertKey{c.CentreID, AlertUnhappyCounter, c.CounterID},
				AlertDetail{N: c.N, Dissatisfied: c.Dissatisfied, Percent: pct}})
		}
	}
	centres, err := st.Centres(ctx)
	if err != nil {
		return nil, fmt.Errorf("evaluate alerts: %w", err)
	}
	zones := map[string]*time.Location{}
	hours := map[string]OpeningHours{}
	for _, c := range centres {
		loc, err := LoadZone(c.TimeZone)
		if err != nil {
			loc, _ = LoadZone("")
		}
		zones[c.ID] = loc
		hours[c.ID] = c.HoursOrDefault()
	}
	ks, err := st.Kiosks(ctx)
	if err != nil {
		return nil, fmt.Errorf("evaluate alerts: %w", err)
	}
	for _, k := range ks {
		if !k.RevokedAt.IsZero() {
			continue // a revoked kiosk is meant to be silent; its chain is history
		}
		loc := zones[k.CentreID]
		if loc == nil {
			loc, _ = LoadZone("")
		}
		h, ok := hours[k.CentreID]
		if !ok {
			h = DefaultOpeningHours()
		}
		if KioskSilent(k, h, loc, now) {
			last := k.LastSeenAt
			if last.IsZero() {
				last = k.EnrolledAt
			}
			out = append(out, condition{alertKey{k.CentreID, AlertSilentKiosk, k.ID},
				AlertDetail{LastSeen: last, Counter: k.CounterID}})
		}
		if k.Missing() > 0 || k.Breaks > 0 || k.VerifyProblems > 0 {
			out = append(out, condition{alertKey{k.CentreID, AlertChain, k.ID},
				AlertDetail{Counter: k.CounterID, Missing: k.Missing(), Breaks: k.Breaks, VerifyProblems: k.VerifyProblems}})
		}
	}
	return out, nil
}

// RunAlerts evaluates the alerts every every (DefaultAlertEvery when not
// positive) until ctx ends, logging what opened. It runs beside the
// server on its own goroutine: a slow pass delays the next pass, never a
// request.
func RunAlerts(ctx context.Context, log *slog.Logger, st AlertEvalStore, every time.Duration, now func() time.Time) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if every <= 0 {
		every = DefaultAlertEvery
	}
	if now == nil {
		now = time.Now
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		pass, err := EvaluateAlerts(ctx, st, now())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("alert evaluation failed", "err", err)
		case err == nil:
			for _, a := range pass.Opened {
				log.Warn("alert opened", "id", a.ID, "centre", a.CentreID, "kind", a.Kind, "subject", a.Subject,
					"detail", a.Detail.JSON())
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
