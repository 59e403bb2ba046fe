package screens

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"hailong/kiosk/score"
	"hailong/kiosk/survey"
)

// managerReport is the manager screen's content as text, in one language:
// every figure comes from package score, formatted, so that the screen
// only lays it out and a test can read each figure by key.
type managerReport struct {
	title, place, note string
	cards              []reportCard
	levels             [][]string // header, one row per level, total
	reasons            [][]string // header, one row per reason; nil when none
	officers           [][]string // header, one row per officer
	err                string     // the figures could not be read
	text               map[string]string
}

// reportCard is one of the key figures at the top.
type reportCard struct {
	key, label, value, sub string
}

// newManagerReport formats a day's tally. now is in the centre's zone.
// When the tally could not be read (readErr), its counts show NoFigure,
// never a zero that looks like one; pending < 0 is unknown.
func newManagerReport(lang Lang, cfg *survey.Config, now time.Time, tally score.Tally, readErr error, pending int, pendingErr error) managerReport {
	pct := func(p score.Percent) string {
		if lang == LangEN {
			return p.EN()
		}
		return p.VI()
	}
	rp := managerReport{
		title: tr(lang, "mgr.title") + " — " + localDate(lang, now),
		place: cfg.CentreName + " · " + cfg.CounterName + " · " + tr(lang, "mgr.asof", now.Format("15:04")),
		note:  tr(lang, "mgr.note"),
		text:  map[string]string{"date": localDate(lang, now)},
	}
	set := func(key, v string) string { rp.text[key] = v; return v }
	if err := errors.Join(readErr, pendingErr); err != nil {
		rp.err = set("error", tr(lang, "mgr.error", err))
	}
	count := strconv.Itoa
	if readErr != nil {
		count = func(int) string { return score.NoFigure }
	}

	all := tally.All
	rate := all.Rate()
	interval := tr(lang, "mgr.nointerval")
	if rate.OK() {
		iv := rate.IntervalVI()
		if lang == LangEN {
			iv = rate.IntervalEN()
		}
		interval = tr(lang, "mgr.interval", iv)
	}
	pendingText := strconv.Itoa(pending)
	if pendingErr != nil || pending < 0 {
		pendingText = score.NoFigure
	}
	rp.cards = []reportCard{
		{"n", tr(lang, "mgr.n"), set("n", count(all.N())), ""},
		{"rate", tr(lang, "mgr.rate"), set("rate", pct(rate.Value)), set("interval", interval)},
		{"filtered", tr(lang, "mgr.filtered"), set("filtered", count(all.Filtered)), tr(lang, "mgr.filtered.sub")},
		{"pending", tr(lang, "mgr.pending"), set("pending", pendingText), tr(lang, "mgr.pending.sub")},
	}

	rp.levels = [][]string{{tr(lang, "mgr.level"), tr(lang, "mgr.count"), tr(lang, "mgr.share")}}
	for _, l := range survey.Levels {
		rp.levels = append(rp.levels, []string{
			tr(lang, levelKey(l)),
			set("level."+string(l)+".count", count(all.Of(l))),
			set("level."+string(l)+".pct", pct(all.Percent(l))),
		})
	}

	if rs := score.ReasonsByCount(tally.Reasons); len(rs) > 0 {
		rp.reasons = [][]string{{tr(lang, "mgr.reason"), tr(lang, "mgr.times")}}
		for i, rc := range rs {
			key := fmt.Sprintf("reason.%d", i+1)
			rp.reasons = append(rp.reasons, []string{set(key, reasonText(lang, cfg, rc.Code)), set(key+".count", strconv.Itoa(rc.Count))})
		}
	}

	rp.officers = [][]string{{tr(lang, "mgr.officer"), "n", tr(lang, "mgr.col.vs"), tr(lang, "mgr.col.s"), tr(lang, "mgr.col.d"), tr(lang, "mgr.col.rate", 95)}}
	for _, s := range score.Rank(officerGroups(cfg, tally), score.MinRankN) {
		key := "officer." + s.ID + "."
		name := s.ID
		if o, ok := cfg.Officer(s.ID); ok {
			name = o.Name
		}
		label := s.LabelVI()
		rateText := s.Rate.Value.VI() + "\n" + s.Rate.IntervalVI()
		if lang == LangEN {
			label = s.LabelEN()
			rateText = s.Rate.Value.EN() + "\n" + s.Rate.IntervalEN()
		}
		if !s.Rate.OK() {
			rateText = score.NoFigure
		}
		set(key+"name", name)
		rp.officers = append(rp.officers, []string{
			name + "\n" + set(key+"rank", label),
			set(key+"n", count(s.Counts.N())),
			set(key+"very_satisfied", pct(s.Counts.Percent(survey.VerySatisfied))),
			set(key+"satisfied", pct(s.Counts.Percent(survey.Satisfied))),
			set(key+"dissatisfied", pct(s.Counts.Percent(survey.Dissatisfied))),
			set(key+"rate", rateText),
		})
	}
	return rp
}

// levelKey is the catalog key of a level's name.
func levelKey(l survey.Level) string { return fmt.Sprintf("level.%s", l) }

// officerGroups is every officer with responses today and every officer
// on the roster, so that one with none shows with n = 0.
func officerGroups(cfg *survey.Config, tally score.Tally) []score.Group {
	groups := tally.Groups()
	for _, o := range cfg.Officers {
		if _, ok := tally.Officers[o.ID]; !ok {
			groups = append(groups, score.Group{ID: o.ID})
		}
	}
	return groups
}

// reasonText is a reason code's text in lang, or the code itself for a
// reason no longer in the configuration.
func reasonText(lang Lang, cfg *survey.Config, code string) string {
	for _, r := range cfg.Reasons {
		if r.Code == code {
			if lang == LangEN {
				return r.EN
			}
			return r.VI
		}
	}
	return code
}

// localDate is "Thứ Hai, 24/11/2025" or "Monday 24 November 2025".
func localDate(lang Lang, t time.Time) string {
	wd := tr(lang, fmt.Sprintf("weekday.%d", int(t.Weekday())))
	if lang == LangEN {
		return wd + " " + t.Format("2 January 2006")
	}
	return wd + ", " + t.Format("02/01/2006")
}
