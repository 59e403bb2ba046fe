// Package rolluptest holds the rollup checks any store runs (a conformance
// test of scoring.ReportStore): centres in several time zones, kiosks at
// their counters, and random chains of responses sent late, out of order,
// twice, in conflict and partly rejected; the rollups must equal a plain
// computation over the stored rows. Test support: nothing in production
// imports it.
package rolluptest

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"hailong/kiosk/scoring"
	"hailong/kiosk/survey"
)

// RollupStore is what the rollup checks need of a store.
type RollupStore interface {
	scoring.Store
	scoring.ReportStore
}

// Pruner is a store that prunes (retention); the rollup checks prune when
// the store does.
type Pruner interface {
	Prune(ctx context.Context, o scoring.PruneOptions) ([]scoring.PruneResult, error)
}

// testPINHash stands for a technician PIN hash: stores keep it as given.
const testPINHash = "$argon2id$v=19$m=65536,t=1,p=1$dGVzdHNhbHQ$dGVzdGhhc2g"

// WorldCentres are the centres and their zones: the default one (given as
// ""), a DST-free zone half an hour off the hour, one behind UTC whose
// midnight is the afternoon in Vietnam, and one with daylight saving time.
var WorldCentres = map[string]string{
	"c-vn": "",
	"c-in": "Asia/Kolkata",
	"c-co": "America/Bogota",
	"c-de": "Europe/Berlin",
}

type worldKiosk struct {
	id, centre, counter string
}

// World is a store with WorldCentres, two kiosks each, and the responses
// Fill sent them.
type World struct {
	St        RollupStore
	kiosks    []worldKiosk
	zoneNames map[string]string // each centre's zone as saved
}

// NewWorld saves WorldCentres in st (which is empty) and enrols two
// kiosks at each.
func NewWorld(t *testing.T, st RollupStore) *World {
	t.Helper()
	ctx := context.Background()
	w := &World{St: st, zoneNames: maps.Clone(WorldCentres)}
	now := time.Now()
	for _, c := range slices.Sorted(maps.Keys(WorldCentres)) {
		if _, err := w.St.SaveCentre(ctx, scoring.Centre{ID: c, Name: c, Scale: "legal3", TechnicianPINHash: testPINHash,
			TimeZone: WorldCentres[c], UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
		for _, counter := range []string{"1", "2"} {
			k := worldKiosk{id: "k-" + c + "-" + counter, centre: c, counter: counter}
			code := "code-" + k.id
			if err := w.St.CreateEnrolCode(ctx, scoring.EnrolCode{Hash: code, CentreID: c, CounterID: counter, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			if _, err := w.St.Enrol(ctx, scoring.Enrolment{CodeHash: code, KioskID: k.id, TokenHash: "token-" + k.id, At: now}); err != nil {
				t.Fatal(err)
			}
			w.kiosks = append(w.kiosks, k)
		}
	}
	return w
}

// WorldReasons are the reason codes of the world: with ";", ",", quotes,
// backslashes, Vietnamese and U+2028.
var WorldReasons = []string{"wait", "rude", "unclear", "fee;a,b", `nói "không"\\ ok`, "Chờ lâu\u2028"}

// randomChain makes n chained responses of k from start, minutes to hours
// apart (so that they cross local midnights), with random officers,
// levels, outcomes, repeat filters, invitations and reasons, and created_at
// written in one of several offsets: the day must not depend on it.
func randomChain(rng *rand.Rand, k worldKiosk, n int, start time.Time) []survey.Response {
	offsets := []*time.Location{time.UTC, time.FixedZone("", 7*3600), time.FixedZone("", -5*3600), time.FixedZone("", 5*3600+1800)}
	out := make([]survey.Response, n)
	prev := survey.GenesisHash
	t := start
	for i := range out {
		t = t.Add(time.Duration(rng.IntN(4*3600)) * time.Second).Add(time.Duration(rng.IntN(1000)) * time.Millisecond)
		r := survey.Response{
			ID: uuid.Must(uuid.NewRandomFromReader(rngReader{rng})).String(), KioskID: k.id, Seq: int64(i + 1), PrevHash: prev,
			CentreID: k.centre, CounterID: k.counter, OfficerID: fmt.Sprintf("o%d", rng.IntN(3)+1),
			Scale: survey.ScaleLegal3, Lang: "vi", Reasons: []string{},
			CreatedAt:  t.In(offsets[rng.IntN(len(offsets))]).Format(survey.TimeLayout),
			DurationMS: 1000, AppVersion: "0.1.0-test", ConfigVersion: "test-1",
		}
		r.Level = survey.Levels[rng.IntN(3)]
		r.RawValue = 3 - slices.Index(survey.Levels, r.Level)
		r.Outcome = []survey.Outcome{survey.OutcomeSubmitted, survey.OutcomeSkippedReasons, survey.OutcomeTimeout}[rng.IntN(3)]
		if r.Outcome != survey.OutcomeSkippedReasons && (r.Level == survey.Dissatisfied || rng.IntN(4) == 0) {
			for _, reason := range WorldReasons {
				if rng.IntN(2) == 0 {
					r.Reasons = append(r.Reasons, reason)
				}
			}
		}
		if rng.IntN(6) == 0 {
			r.FilterReason = survey.FilterRepeat
		}
		if rng.IntN(3) == 0 {
			r.InvitationID = fmt.Sprintf("inv-%d", rng.IntN(1e6))
		}
		if rng.IntN(5) == 0 {
			r.DossierCode = fmt.Sprintf("000.00.23.H01-%06d", rng.IntN(1e6))
		}
		r.Hash = r.ComputeHash()
		prev = r.Hash
		out[i] = r
	}
	return out
}

// rngReader feeds uuid from rng, so that a seed makes the same world.
type rngReader struct{ rng *rand.Rand }

func (r rngReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r.rng.Uint32())
	}
	return len(p), nil
}

// Fill sends each kiosk's random chain in random batches, out of order,
// all kiosks at once (so that group commits mix them), some items
// rejected by the check, some batches sent twice, and a few conflicting
// versions of stored ids.
func (w *World) Fill(t *testing.T, seed uint64, perKiosk int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(w.kiosks))
	start := time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC)
	for ki, k := range w.kiosks {
		rng := rand.New(rand.NewPCG(seed, uint64(ki)))
		chain := randomChain(rng, k, perKiosk, start)
		var batches [][]survey.Response
		for i := 0; i < len(chain); {
			n := min(len(chain)-i, 1+rng.IntN(40))
			batches = append(batches, chain[i:i+n])
			i += n
		}
		rng.Shuffle(len(batches), func(i, j int) { batches[i], batches[j] = batches[j], batches[i] })
		for i := range len(batches) / 4 { // sent again: duplicates
			batches = append(batches, batches[i])
		}
		var conflicts []survey.Response
		for range 3 {
			r := chain[rng.IntN(len(chain))]
			r.Level, r.RawValue = survey.Dissatisfied, 1
			r.OfficerID = "o9"
			r.Hash = r.ComputeHash()
			conflicts = append(conflicts, r)
		}
		batches = append(batches, conflicts)
		rejects := make([]map[int]bool, len(batches))
		for i, b := range batches {
			rejects[i] = map[int]bool{}
			for j := range b {
				if rng.IntN(20) == 0 {
					rejects[i][j] = true
				}
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, b := range batches {
				_, err := w.St.Ingest(context.Background(), scoring.IngestBatch{KioskID: k.id, BatchID: fmt.Sprint(i), Responses: b,
					Check: func(j int) bool { return !rejects[i][j] }, ReceivedAt: time.Now()})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// stored reads every stored response.
func (w *World) stored(t *testing.T) []scoring.StoredResponse {
	t.Helper()
	var out []scoring.StoredResponse
	err := w.St.ExportResponses(context.Background(), scoring.ExportFilter{From: time.Unix(0, 0), To: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)},
		func(r scoring.StoredResponse) error {
			out = append(out, r)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// zones reads each world centre's zone back from the store.
func (w *World) zones(t *testing.T) map[string]*time.Location {
	t.Helper()
	out := map[string]*time.Location{}
	for c := range WorldCentres {
		centre, _, err := w.St.Roster(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		name := centre.TimeZone
		if name != w.zoneNames[c] {
			t.Fatalf("centre %s reads back with zone %q, saved with %q", c, name, w.zoneNames[c])
		}
		if name == "" {
			name = scoring.DefaultTimeZone
		}
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatalf("centre %s: zone %q: %v", c, name, err)
		}
		out[c] = loc
	}
	return out
}

// plainRollup counts the stored responses the plain way: parse created_at,
// take its day and hour in the centre's zone.
func plainRollup(t *testing.T, rs []scoring.StoredResponse, zones map[string]*time.Location) (map[scoring.CountRow]int64, map[scoring.ReasonRow]int64) {
	t.Helper()
	counts, reasons := map[scoring.CountRow]int64{}, map[scoring.ReasonRow]int64{}
	for _, r := range rs {
		at, err := time.Parse(time.RFC3339, r.CreatedAt)
		if err != nil {
			t.Fatal(err)
		}
		local := at.In(zones[r.CentreID])
		day := scoring.Date{Year: local.Year(), Month: local.Month(), Day: local.Day()}
		counts[scoring.CountRow{CentreID: r.CentreID, CounterID: r.CounterID, OfficerID: r.OfficerID, Day: day, Hour: local.Hour(),
			Level: r.Level, Outcome: r.Outcome, FilterReason: r.FilterReason, Invited: r.InvitationID != ""}]++
		for _, reason := range r.Reasons {
			reasons[scoring.ReasonRow{CentreID: r.CentreID, CounterID: r.CounterID, OfficerID: r.OfficerID, Day: day,
				Level: r.Level, FilterReason: r.FilterReason, Reason: reason}]++
		}
	}
	return counts, reasons
}

// project keeps only the keys of by, as RangeRollup groups.
func projectCounts(in map[scoring.CountRow]int64, by scoring.Dim, officer string) map[scoring.CountRow]int64 {
	out := map[scoring.CountRow]int64{}
	for k, n := range in {
		if officer != "" && k.OfficerID != officer {
			continue
		}
		out[projectCount(k, by)] += n
	}
	return out
}

func projectCount(k scoring.CountRow, by scoring.Dim) scoring.CountRow {
	var z scoring.CountRow
	keep := func(d scoring.Dim) bool { return by&d != 0 }
	if keep(scoring.DimCentre) {
		z.CentreID = k.CentreID
	}
	if keep(scoring.DimCounter) {
		z.CounterID = k.CounterID
	}
	if keep(scoring.DimOfficer) {
		z.OfficerID = k.OfficerID
	}
	if keep(scoring.DimDay) {
		z.Day = k.Day
	}
	if keep(scoring.DimHour) {
		z.Hour = k.Hour
	}
	if keep(scoring.DimLevel) {
		z.Level = k.Level
	}
	if keep(scoring.DimOutcome) {
		z.Outcome = k.Outcome
	}
	if keep(scoring.DimFilter) {
		z.FilterReason = k.FilterReason
	}
	if keep(scoring.DimInvited) {
		z.Invited = k.Invited
	}
	return z
}

func projectReasons(in map[scoring.ReasonRow]int64, by scoring.Dim, officer string) map[scoring.ReasonRow]int64 {
	out := map[scoring.ReasonRow]int64{}
	for k, n := range in {
		if officer != "" && k.OfficerID != officer {
			continue
		}
		c := projectCount(scoring.CountRow{CentreID: k.CentreID, CounterID: k.CounterID, OfficerID: k.OfficerID, Day: k.Day,
			Level: k.Level, FilterReason: k.FilterReason}, by)
		out[scoring.ReasonRow{CentreID: c.CentreID, CounterID: c.CounterID, OfficerID: c.OfficerID, Day: c.Day,
			Level: c.Level, FilterReason: c.FilterReason, Reason: k.Reason}] += n
	}
	return out
}

// allCentres, firstDay and lastDay cover the whole world.
var (
	allCentres = slices.Sorted(maps.Keys(WorldCentres))
	firstDay   = scoring.Date{Year: 2024, Month: 1, Day: 1}
	lastDay    = scoring.Date{Year: 2099, Month: 12, Day: 31}
)

// CheckRollups compares the store's rollups, grouped several ways, with
// the plain computation.
func (w *World) CheckRollups(t *testing.T) {
	t.Helper()
	counts, reasons := plainRollup(t, w.stored(t), w.zones(t))
	if len(counts) == 0 {
		t.Fatal("nothing stored")
	}
	groupings := []scoring.Dim{
		scoring.DimDaily,
		scoring.DimHourly,
		scoring.DimCentre | scoring.DimDay | scoring.DimLevel | scoring.DimFilter, // trends: daily
		scoring.DimCentre | scoring.DimHour | scoring.DimLevel,                    // hours
		scoring.DimCentre | scoring.DimOfficer | scoring.DimInvited,               // response rate
		scoring.DimCentre | scoring.DimOutcome,                                    // outcomes
		0,                                                                         // everything
	}
	for _, by := range groupings {
		for _, officer := range []string{"", "o2"} {
			if officer != "" && by&scoring.DimHour != 0 {
				continue // the hour is not kept per officer
			}
			got, err := w.St.RangeRollup(context.Background(), scoring.RollupQuery{CentreIDs: allCentres, From: firstDay, To: lastDay, OfficerID: officer, By: by, Reasons: true})
			if err != nil {
				t.Fatal(err)
			}
			gotCounts := map[scoring.CountRow]int64{}
			for _, r := range got.Counts {
				n := r.N
				r.N = 0
				if _, twice := gotCounts[r]; twice {
					t.Errorf("by %b: row %+v twice", by, r)
				}
				gotCounts[r] = n
			}
			gotReasons := map[scoring.ReasonRow]int64{}
			for _, r := range got.Reasons {
				n := r.N
				r.N = 0
				gotReasons[r] = n
			}
			if want := projectCounts(counts, by, officer); !maps.Equal(gotCounts, want) {
				t.Errorf("counts by %b officer %q: %s", by, officer, diffMaps(gotCounts, want))
			}
			if want := projectReasons(reasons, by, officer); !maps.Equal(gotReasons, want) {
				t.Errorf("reasons by %b officer %q: %s", by, officer, diffMaps(gotReasons, want))
			}
		}
	}
}

// diffMaps describes the first few keys where got and want differ.
func diffMaps[K comparable](got, want map[K]int64) string {
	var out []string
	for k, n := range want {
		if got[k] != n {
			out = append(out, fmt.Sprintf("%+v: got %d want %d", k, got[k], n))
		}
	}
	for k, n := range got {
		if _, ok := want[k]; !ok {
			out = append(out, fmt.Sprintf("%+v: got %d want none", k, n))
		}
	}
	slices.Sort(out)
	return fmt.Sprintf("%d keys differ, e.g. %v", len(out), out[:min(len(out), 5)])
}

// TestRollups checks that the rollups of a store equal a plain computation
// over its stored rows, whatever arrives late, twice, in conflict or
// rejected, in every zone; after a prune (when the store prunes); after a
// centre's zone changes; and that a rebuild then finds nothing to fix.
// open returns a new, empty store.
func TestRollups(t *testing.T, open func(t *testing.T) RollupStore) {
	for _, seed := range []uint64{1, 2, 3} {
		w := NewWorld(t, open(t))
		w.Fill(t, seed, 150)
		w.CheckRollups(t)
		w.CheckUnhappy(t)

		if p, ok := w.St.(Pruner); ok {
			res, err := p.Prune(context.Background(), scoring.PruneOptions{Before: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			var pruned int64
			for _, r := range res {
				pruned += r.Rows
			}
			if pruned == 0 {
				t.Fatalf("seed %d: prune deleted nothing: %+v", seed, res)
			}
			w.CheckRollups(t)
		}

		c, _, err := w.St.Roster(context.Background(), "c-vn")
		if err != nil {
			t.Fatal(err)
		}
		c.TimeZone = "America/Los_Angeles"
		if _, err := w.St.SaveCentre(context.Background(), c); err != nil {
			t.Fatal(err)
		}
		w.zoneNames["c-vn"] = c.TimeZone
		w.CheckRollups(t)
		if rb, err := w.St.RebuildRollups(context.Background(), nil); err != nil || len(rb.Diffs) != 0 || rb.Keys == 0 {
			t.Fatalf("seed %d: a rebuild after ingest found %d differences (%v), %d keys: %v", seed, len(rb.Diffs), err, rb.Keys, rb.Diffs)
		}
	}
}

// CheckUnhappy compares Unhappy with the dissatisfied rows of each day.
func (w *World) CheckUnhappy(t *testing.T) {
	t.Helper()
	zones := w.zones(t)
	want := map[string][]string{} // centre/day → ids, by created_at
	rs := w.stored(t)
	slices.SortFunc(rs, func(a, b scoring.StoredResponse) int {
		ta, _ := a.Time()
		tb, _ := b.Time()
		if c := ta.Compare(tb); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	days := map[string]scoring.Date{}
	for _, r := range rs {
		at, _ := r.Time()
		day := scoring.DateOf(at, zones[r.CentreID])
		days[r.CentreID+"/"+day.String()] = day
		if r.Level == survey.Dissatisfied {
			want[r.CentreID+"/"+day.String()] = append(want[r.CentreID+"/"+day.String()], r.ID+r.FilterReason+strings.Join(r.Reasons, "|")+r.DossierCode)
		}
	}
	for key, day := range days {
		centre, _, _ := strings.Cut(key, "/")
		got, err := w.St.Unhappy(context.Background(), centre, day)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, u := range got {
			if scoring.DateOf(u.CreatedAt, zones[centre]) != day || !strings.HasPrefix(u.KioskID, "k-"+centre) {
				t.Errorf("%s: %+v", key, u)
			}
			ids = append(ids, u.ID+u.FilterReason+strings.Join(u.Reasons, "|")+u.DossierCode)
		}
		if !slices.Equal(ids, want[key]) {
			t.Errorf("%s: unhappy %v, want %v", key, ids, want[key])
		}
	}
}
