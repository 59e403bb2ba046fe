package demodata

import (
	"cmp"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// Options say what to make.
type Options struct {
	// Days of ratings, the day of Now included: from 1 to MaxDays.
	Days int
	// Seed chooses the data: the same seed (and Now, and configurations)
	// makes the same data.
	Seed uint64
	// Now is the end of the data: ratings are made up to it, never after.
	Now time.Time
	// World is the centres Seed makes; nil makes World(). Generate takes
	// its world as an argument and ignores this.
	World []Centre
}

// world is the centres o asks for.
func (o Options) world() []Centre {
	if o.World == nil {
		return World()
	}
	return o.World
}

// DefaultDays is the demo's usual span; MaxDays bounds it (a year and a
// month: about 150,000 ratings).
const (
	DefaultDays = 60
	MaxDays     = 400
)

func (o Options) check() error {
	if o.Days < 1 || o.Days > MaxDays {
		return fmt.Errorf("demo data: days must be from 1 to %d, not %d", MaxDays, o.Days)
	}
	if o.Now.IsZero() {
		return errors.New("demo data: no end instant (Now)")
	}
	if y := o.Now.AddDate(0, 0, -o.Days).Year(); y < survey.MinYear {
		return fmt.Errorf("demo data: ratings would start in %d; a created_at must be from %d on", y, survey.MinYear)
	}
	return nil
}

// Setup is one demo kiosk and the configuration it was sent: every
// response it makes names that configuration's version and agrees with it
// (its centre and counter, roster, scale and mapping, reasons and the
// levels that ask for them).
type Setup struct {
	Kiosk  scoring.Kiosk
	Config scoring.IssuedConfig
}

// KioskData is what one demo kiosk made and how it reached the server.
type KioskData struct {
	Kiosk scoring.Kiosk
	// Responses is the kiosk's whole chain, seq 1 on, in order.
	Responses []survey.Response
	// Batches are the uploads that reached the server, in order; the
	// responses in none of them are still pending on the kiosk.
	Batches []Batch
	// Heartbeat is the kiosk's last heartbeat.
	Heartbeat scoring.HeartbeatRecord
	// Invitations are the invitation counts the kiosk reported, one per
	// local day and officer with invitations, in day order: at the
	// invite-mode counter only (InviteCentre's InviteCounter).
	Invitations []scoring.InvitationCount
}

// Batch is one upload of at most maxBatch responses.
type Batch struct {
	ID         string
	Responses  []survey.Response
	ReceivedAt time.Time
}

// Events are when the demo's named situations happened (zero when the
// span of days does not reach them).
type Events struct {
	// BadAfternoon is the start of the bad afternoon at BadCentre's
	// BadCounter (14:00 local, for two and a half hours).
	BadAfternoon time.Time
	// LateFrom and LateTo bound the outage of LateCentre's LateCounter:
	// ratings made then reached the server at LateTo.
	LateFrom, LateTo time.Time
	// SilentSince is when SilentCentre's SilentCounter last reached the
	// server.
	SilentSince time.Time
}

// maxBatch is the most responses a kiosk sends in one upload (SPEC §6).
const maxBatch = 500

// uploadEvery is how often, at most, a demo kiosk uploads. A real kiosk
// sends each rating within seconds; grouping an hour's ratings makes the
// same rows in a tenth of the transactions, and every rating still
// reaches the server within the hour it was made.
const uploadEvery = time.Hour

// rating is one press on a kiosk, before it is chained.
type rating struct {
	at       time.Time
	officer  string
	level    survey.Level
	reasons  []string
	outcome  survey.Outcome
	repeat   bool
	lang     string
	duration int64
	id       [16]byte
	// invitation and ticket: the invitation the rating answered, at the
	// invite-mode counter only.
	invitation string
	ticket     string
}

// Generate makes the ratings of every kiosk in setups (one per counter of
// each centre of world) from o.Days days before o.Now to o.Now, and how
// they were uploaded. It reads no clock and no global random source.
func Generate(world []Centre, setups []Setup, o Options) ([]KioskData, Events, error) {
	if err := o.check(); err != nil {
		return nil, Events{}, err
	}
	g := newGenerator(o)
	bySetup := map[[2]string]Setup{}
	for _, s := range setups {
		bySetup[[2]string{s.Kiosk.CentreID, s.Kiosk.CounterID}] = s
	}
	var out []KioskData
	for _, c := range world {
		var kiosks []Setup
		for i := range c.Counters {
			s, ok := bySetup[[2]string{c.ID, fmt.Sprint(i + 1)}]
			if !ok {
				return nil, Events{}, fmt.Errorf("demo data: no kiosk set up at counter %d of centre %s", i+1, c.ID)
			}
			if err := checkSetup(c, s); err != nil {
				return nil, Events{}, err
			}
			kiosks = append(kiosks, s)
		}
		ratings := g.centre(c, kiosks)
		for i, s := range kiosks {
			var counts []scoring.InvitationCount
			if inviteMode(s.Kiosk) {
				counts = g.invite(s.Kiosk, ratings[i]) // before chaining: the ids are in the hash
			}
			k := g.kiosk(s, ratings[i])
			k.Invitations = counts
			out = append(out, k)
		}
	}
	return out, g.events, nil
}

// checkSetup checks that a kiosk's configuration offers what the
// generator uses: the centre's officers and the three levels.
func checkSetup(c Centre, s Setup) error {
	for _, o := range c.Officers {
		if !slices.Contains(s.Config.Officers, o.ID) {
			return fmt.Errorf("demo data: officer %s is not in configuration %s of kiosk %s", o.ID, s.Config.Version, s.Kiosk.ID)
		}
	}
	for _, l := range survey.Levels {
		if _, ok := rawValue(s.Config, l); !ok {
			return fmt.Errorf("demo data: scale %s of kiosk %s has no raw value for %s", s.Config.Scale, s.Kiosk.ID, l)
		}
	}
	if len(c.Officers) < c.Counters {
		return fmt.Errorf("demo data: centre %s has %d counters and only %d officers", c.ID, c.Counters, len(c.Officers))
	}
	return nil
}

// rawValue is the smallest raw value of the configuration's scale that
// maps to level l.
func rawValue(c scoring.IssuedConfig, l survey.Level) (int, bool) {
	best, ok := 0, false
	for raw, lv := range c.Levels {
		if lv == l && (!ok || raw < best) {
			best, ok = raw, true
		}
	}
	return best, ok
}

// generator holds what every centre shares: the options, the days and
// the named situations.
type generator struct {
	o          Options
	first      time.Time // midnight local of the first day
	today      time.Time // midnight local of the day of Now
	badFrom    time.Time // the bad afternoon, zero when out of range
	badTo      time.Time
	badPeak    time.Time // its worst quarter hour
	lateFrom   time.Time // the late kiosk's outage, zero when out of range
	lateTo     time.Time
	silentFrom time.Time
	events     Events
}

func newGenerator(o Options) *generator {
	now := o.Now.In(Zone)
	g := &generator{o: o, today: time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, Zone)}
	g.first = g.today.AddDate(0, 0, -(o.Days - 1))
	// The bad afternoon: the last weekday before today, within the span.
	for d := g.today.AddDate(0, 0, -1); !d.Before(g.first); d = d.AddDate(0, 0, -1) {
		if wd := d.Weekday(); wd >= time.Monday && wd <= time.Friday {
			g.badFrom = d.Add(14 * time.Hour)
			g.badTo, g.badPeak = g.badFrom.Add(150*time.Minute), g.badFrom.Add(30*time.Minute)
			g.events.BadAfternoon = g.badFrom
			break
		}
	}
	// The outage: about two weeks ago, for three days.
	if from := g.today.AddDate(0, 0, -16).Add(9 * time.Hour); !from.Before(g.first) {
		g.lateFrom, g.lateTo = from, g.today.AddDate(0, 0, -13).Add(15*time.Hour)
		g.events.LateFrom, g.events.LateTo = g.lateFrom, g.lateTo
	}
	g.silentFrom = o.Now.Add(-SilentFor)
	g.events.SilentSince = g.silentFrom
	return g
}

// rng returns the random source of one stream of the data: the seed and
// the stream's name choose it, so that centres and kiosks draw apart and
// adding a centre changes nothing of the others.
func (g *generator) rng(stream string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(stream))
	return rand.New(rand.NewPCG(g.o.Seed, h.Sum64()))
}

// centre makes the ratings of each counter of c, in time order.
func (g *generator) centre(c Centre, kiosks []Setup) [][]rating {
	rng := g.rng("centre " + c.ID)
	out := make([][]rating, c.Counters)
	last := make([]time.Time, c.Counters) // each counter's last press
	for day := g.first; !day.After(g.today); day = day.AddDate(0, 0, 1) {
		wd := day.Weekday()
		if weekdayLoad[wd] == 0 {
			continue
		}
		busy := 0.85 + 0.3*rng.Float64() // some days are busier than others
		// Who sits at which counter today.
		perm := rng.Perm(len(c.Officers))
		for k := range c.Counters {
			cfg := kiosks[k].Config
			officer := c.Officers[perm[k]]
			bad := c.ID == BadCentre && kiosks[k].Kiosk.CounterID == BadCounter
			invite := inviteMode(kiosks[k].Kiosk)
			for m := opens; m < closes; m += quarter {
				l := load(wd, m)
				if l == 0 {
					continue
				}
				start := day.Add(time.Duration(m) * time.Minute)
				inBad := bad && !g.badFrom.IsZero() && !start.Before(g.badFrom) && start.Before(g.badTo)
				lambda := c.Rate * l * busy
				if inBad {
					lambda *= 2.5 // the queue piled up behind a slow system
				}
				n := poisson(rng, lambda)
				peak := inBad && start.Equal(g.badPeak)
				if peak {
					n = max(n, 6)
				}
				offsets := make([]int, n)
				for i := range offsets {
					offsets[i] = rng.IntN(quarter * 60 * 1000)
				}
				slices.Sort(offsets)
				for i, off := range offsets {
					at := start.Add(time.Duration(off) * time.Millisecond)
					// A new citizen presses at least 15 s after the last
					// press: thanks shows 4 s, and the repeat filter takes
					// presses within 5 s of it.
					if !last[k].IsZero() && at.Sub(last[k]) < 15*time.Second {
						at = last[k].Add(15*time.Second + time.Duration(rng.IntN(20000))*time.Millisecond)
					}
					if at.After(g.o.Now) || !Open(at) {
						break // pushed past closing (or past the end)
					}
					mood := moodOf(officer, l)
					if inBad {
						mood = badMood(peak && i%3 != 2)
					}
					r := g.press(rng, cfg, c, officer.ID, at, mood)
					out[k] = append(out[k], r)
					last[k] = at
					// Now and then a second press right after the thanks:
					// the kiosk keeps it, filtered as a repeat.
					// In invite mode the second press finds no invitation
					// open and the kiosk ignores it: nothing is saved (it
					// is still drawn, so that the other counters' ratings
					// are those of a centre without an invite-mode counter).
					if rng.Float64() < 0.025 {
						rep := at.Add(4*time.Second + time.Duration(300+rng.IntN(4200))*time.Millisecond)
						if rep.After(g.o.Now) || !Open(rep) {
							continue
						}
						second := g.repeat(rng, cfg, officer.ID, rep)
						if !invite {
							out[k] = append(out[k], second)
						}
						last[k] = rep
					}
				}
			}
		}
	}
	return out
}

// mood is the chances of each level for one press, and the reasons an
// unhappy citizen picks.
type mood struct {
	dissatisfied, satisfied float64
	reasons                 map[string]float64
	forced                  bool // Không hài lòng for sure
}

// moodOf is an officer's mood at load l: a busy quarter hour has more
// unhappy citizens (they waited), a quiet one fewer.
func moodOf(o Officer, l float64) mood {
	f := 0.75 + 0.25*l
	reasons := o.Reasons
	if reasons == nil {
		reasons = usualReasons
	}
	return mood{dissatisfied: o.Dissatisfied * f, satisfied: o.Satisfied, reasons: reasons}
}

// badMood is the mood of the bad afternoon: most citizens unhappy about
// the wait; forced makes this one unhappy for sure (its worst quarter
// hour, where two presses in three are).
func badMood(forced bool) mood {
	return mood{dissatisfied: 0.6, satisfied: 0.15, reasons: badAfternoonReasons, forced: forced}
}

// press makes one citizen's rating.
func (g *generator) press(rng *rand.Rand, cfg scoring.IssuedConfig, c Centre, officer string, at time.Time, m mood) rating {
	r := rating{at: at, officer: officer, outcome: survey.OutcomeSubmitted, lang: "vi",
		duration: int64(1200 + rng.IntN(5800)), id: uuidV7(rng, at)}
	switch u := rng.Float64(); {
	case m.forced || u < m.dissatisfied:
		r.level = survey.Dissatisfied
	case u < m.dissatisfied+m.satisfied:
		r.level = survey.Satisfied
	default:
		r.level = survey.VerySatisfied
	}
	if rng.Float64() < c.English {
		r.lang = "en"
	}
	if slices.Contains(cfg.ReasonsFor, r.level) {
		// The reasons screen: most pick one to three and send; some press
		// Bỏ qua; some walk away, and the kiosk saves what was ticked.
		switch u := rng.Float64(); {
		case u < 0.72:
			r.reasons = pickReasons(rng, cfg.Reasons, m.reasons, 1+weighted(rng, []float64{70, 25, 5}))
		case u < 0.86:
			r.outcome = survey.OutcomeSkippedReasons
		default:
			r.outcome = survey.OutcomeTimeout
			if rng.Float64() < 0.5 {
				r.reasons = pickReasons(rng, cfg.Reasons, m.reasons, 1)
			}
		}
	}
	return r
}

// repeat makes a second press right after a thanks: any level, quick,
// and never through the reasons screen to the end.
func (g *generator) repeat(rng *rand.Rand, cfg scoring.IssuedConfig, officer string, at time.Time) rating {
	r := rating{at: at, officer: officer, outcome: survey.OutcomeSubmitted, lang: "vi", repeat: true,
		level: survey.Levels[rng.IntN(len(survey.Levels))], duration: int64(300 + rng.IntN(1200)), id: uuidV7(rng, at)}
	if slices.Contains(cfg.ReasonsFor, r.level) {
		r.outcome = survey.OutcomeTimeout
		if rng.IntN(2) == 0 {
			r.outcome = survey.OutcomeSkippedReasons
		}
	}
	return r
}

// pickReasons draws n different reasons among those offered, by weight
// (a code without a weight weighs 1).
func pickReasons(rng *rand.Rand, offered []string, weights map[string]float64, n int) []string {
	left := slices.Clone(offered)
	var out []string
	for len(out) < n && len(left) > 0 {
		w := make([]float64, len(left))
		for i, code := range left {
			w[i] = cmp.Or(weights[code], 1)
		}
		i := weighted(rng, w)
		out = append(out, left[i])
		left = slices.Delete(left, i, i+1)
	}
	return out
}

// weighted draws an index of w with chance proportional to its weight.
func weighted(rng *rand.Rand, w []float64) int {
	var sum float64
	for _, x := range w {
		sum += x
	}
	u := rng.Float64() * sum
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	return len(w) - 1
}

// poisson draws from a Poisson distribution of mean lambda (Knuth's
// method: lambda is a handful here).
func poisson(rng *rand.Rand, lambda float64) int {
	limit, p, k := math.Exp(-lambda), 1.0, 0
	for {
		p *= rng.Float64()
		if p <= limit {
			return k
		}
		k++
	}
}

// uuidV7 makes a UUIDv7 for instant t (RFC 9562: 48 bits of Unix
// milliseconds, then random bits) from rng, so that ids are as a kiosk
// makes them and yet the same for the same seed.
func uuidV7(rng *rand.Rand, t time.Time) [16]byte {
	var u [16]byte
	ms := uint64(t.UnixMilli())
	for i := range 6 {
		u[i] = byte(ms >> (40 - 8*i))
	}
	a, b := rng.Uint64(), rng.Uint64()
	for i := range 8 {
		u[8+i] = byte(b >> (56 - 8*i))
	}
	u[6], u[7] = 0x70|byte(a>>8)&0x0f, byte(a)
	u[8] = 0x80 | u[8]&0x3f
	return u
}

// uuidText writes a UUID in its lowercase text form.
func uuidText(u [16]byte) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 0, 36)
	for i, x := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hex[x>>4], hex[x&0x0f])
	}
	return string(b)
}
