package storetest

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// ingest stores a batch of kiosk k1 received at `at` and fails on an error.
func ingest(t *testing.T, st scoring.IngestStore, rs []survey.Response) scoring.IngestResult {
	t.Helper()
	res, err := st.Ingest(context.Background(), scoring.IngestBatch{KioskID: "k1", BatchID: "b", Responses: rs, ReceivedAt: at})
	must(t, err)
	if len(res.Items) != len(rs) {
		t.Fatalf("%d items for %d responses", len(res.Items), len(rs))
	}
	return res
}

// stored exports everything stored, by id.
func stored(t *testing.T, st scoring.IngestStore) map[string]scoring.StoredResponse {
	t.Helper()
	out := map[string]scoring.StoredResponse{}
	must(t, st.ExportResponses(context.Background(), allTime, func(r scoring.StoredResponse) error {
		out[r.ID] = r
		return nil
	}))
	return out
}

var allTime = scoring.ExportFilter{From: time.Unix(0, 0), To: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)}

// kinds counts a result's chain events by kind.
func kinds(res scoring.IngestResult) map[string]int {
	n := map[string]int{}
	for _, e := range res.Events {
		n[e.Kind]++
	}
	return n
}

// testIngest checks IngestStore.Ingest.
func testIngest(t *testing.T, open func(t *testing.T) scoring.Store) {
	ctx := context.Background()

	// In a batch of new responses, duplicates, a conflict and an item its
	// check fails, each item gets its own outcome in the batch's order,
	// the new ones are stored once, and the stored ones are unchanged.
	t.Run("each item's outcome, in the batch's order", func(t *testing.T) {
		st, k := withKiosk(t, open)
		rs := scoringtest.Chain(k, 1, survey.GenesisHash, 160)
		first := at.Add(-time.Hour)
		_, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: "k1", Responses: rs[:60], ReceivedAt: first})
		must(t, err)
		batch := slices.Clone(rs[40:160]) // 40–59 stored before, 60–159 new
		changed := batch[5]               // seq 46
		changed.DurationMS++
		batch[5] = scoringtest.Rehash(changed)
		res, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: "k1", Responses: batch, ReceivedAt: at,
			Check: func(i int) bool { return i != 70 }})
		must(t, err)
		for i, item := range res.Items {
			want := scoring.ItemAccepted
			switch {
			case i == 5:
				want = scoring.ItemConflict
			case i == 70:
				want = scoring.ItemRejected
			case i < 20:
				want = scoring.ItemDuplicate
			}
			if item != want {
				t.Errorf("item %d (seq %d): %s, want %s", i, batch[i].Seq, item, want)
			}
		}
		all := stored(t, st)
		if len(all) != 159 {
			t.Fatalf("%d stored, want 159 (160 less the rejected one)", len(all))
		}
		if _, ok := all[batch[70].ID]; ok {
			t.Error("the rejected item was stored")
		}
		if s := all[rs[45].ID]; s.Hash != rs[45].Hash || !s.ReceivedAt.Equal(first) {
			t.Errorf("the conflicting id's stored response changed: %+v", s)
		}
		if s := all[rs[100].ID]; !s.ReceivedAt.Equal(at) {
			t.Errorf("received at %v, want %v", s.ReceivedAt, at)
		}
	})

	// Items that b.Check fails are reported as rejected and not stored, and
	// every item is checked exactly once, whatever chunks a store checks
	// them in.
	t.Run("Check is called once per item", func(t *testing.T) {
		st, k := withKiosk(t, open)
		rs := scoringtest.Chain(k, 1, survey.GenesisHash, 120)
		calls := make([]atomic.Int32, len(rs))
		bad := map[int]bool{0: true, 59: true, 119: true}
		res, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: "k1", BatchID: "b1", Responses: rs, ReceivedAt: at,
			Check: func(i int) bool {
				calls[i].Add(1)
				return !bad[i]
			}})
		must(t, err)
		for i, item := range res.Items {
			want := scoring.ItemAccepted
			if bad[i] {
				want = scoring.ItemRejected
			}
			if item != want {
				t.Errorf("item %d: %s, want %s", i, item, want)
			}
			if n := calls[i].Load(); n != 1 {
				t.Errorf("item %d checked %d times", i, n)
			}
		}
		if n := len(stored(t, st)); n != 117 {
			t.Errorf("%d stored, want 117", n)
		}
	})

	t.Run("a response of another kiosk is refused", func(t *testing.T) {
		st, _ := withKiosk(t, open)
		rs := scoringtest.Chain(scoringtest.Kiosk{ID: "k2", CentreID: "c1", CounterID: "1", OfficerID: "o1"}, 1, survey.GenesisHash, 1)
		if _, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: "k1", Responses: rs, ReceivedAt: at}); err == nil {
			t.Fatal("stored a response of k2 as k1's")
		}
		if n := len(stored(t, st)); n != 0 {
			t.Fatalf("%d stored", n)
		}
	})

	t.Run("an empty batch", func(t *testing.T) {
		st, _ := withKiosk(t, open)
		res, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: "k1", BatchID: "b", ReceivedAt: at})
		if err != nil || len(res.Items) != 0 || len(res.Events) != 0 {
			t.Fatalf("%+v %v", res, err)
		}
	})

	// Gaps are recorded when a response arrives beyond missing seqs, split
	// when their middle arrives and closed when filled; the kiosk's
	// highest and contiguous seqs follow.
	t.Run("gaps are recorded, split and filled", func(t *testing.T) {
		st, k := withKiosk(t, open)
		rs := scoringtest.Chain(k, 1, survey.GenesisHash, 40)
		ingest(t, st, rs[:10])
		res := ingest(t, st, rs[20:30]) // 11–20 missing
		if len(res.Events) != 1 || res.Events[0].Kind != scoring.EventGap || res.Events[0].Seq != 11 || res.Events[0].ToSeq != 20 {
			t.Fatalf("events %+v, want a gap 11–20", res.Events)
		}
		ingest(t, st, rs[35:]) // 31–35 missing
		s := kiosk(t, st, "k1")
		if want := []scoring.Gap{{From: 11, To: 20}, {From: 31, To: 35}}; !reflect.DeepEqual(s.Gaps, want) || s.Missing() != 15 ||
			s.LastSeq != 40 || s.ContiguousSeq != 10 {
			t.Fatalf("gaps %+v last %d contiguous %d, want %+v, 40, 10", s.Gaps, s.LastSeq, s.ContiguousSeq, want)
		}
		ingest(t, st, rs[14:16])
		if s := kiosk(t, st, "k1"); !reflect.DeepEqual(s.Gaps, []scoring.Gap{{From: 11, To: 14}, {From: 17, To: 20}, {From: 31, To: 35}}) {
			t.Fatalf("after a fill in the middle: %+v", s.Gaps)
		}
		for _, part := range [][]survey.Response{rs[10:14], rs[16:20], rs[30:35]} {
			if res := ingest(t, st, part); len(res.Events) != 0 {
				t.Fatalf("filling a gap: events %+v", res.Events)
			}
		}
		if s := kiosk(t, st, "k1"); len(s.Gaps) != 0 || s.ContiguousSeq != 40 || s.LastSeq != 40 || s.Breaks != 0 {
			t.Fatalf("after filling: %+v", s)
		}
	})

	t.Run("a first batch not from seq 1 opens a gap", func(t *testing.T) {
		st, k := withKiosk(t, open)
		rs := scoringtest.Chain(k, 1, survey.GenesisHash, 10)
		ingest(t, st, rs[5:])
		if s := kiosk(t, st, "k1"); !reflect.DeepEqual(s.Gaps, []scoring.Gap{{From: 1, To: 5}}) || s.ContiguousSeq != 0 {
			t.Fatalf("%+v", s)
		}
	})

	t.Run("broken chains are recorded from either side", func(t *testing.T) {
		st, k := withKiosk(t, open)
		rs := scoringtest.Chain(k, 1, survey.GenesisHash, 10)
		ingest(t, st, rs)
		// seq 11–20 of another history: 11's prev_hash is not 10's hash.
		res := ingest(t, st, scoringtest.Chain(k, 11, rs[3].Hash, 10))
		if kinds(res)[scoring.EventBrokenChain] != 1 || res.Events[0].Seq != 11 {
			t.Fatalf("events %+v, want a broken chain at 11", res.Events)
		}
		if s := kiosk(t, st, "k1"); s.Breaks != 1 || s.LastSeq != 20 || len(s.Gaps) != 0 {
			t.Fatalf("%+v", s)
		}

		st, k = withKiosk(t, open)
		rs = scoringtest.Chain(k, 1, survey.GenesisHash, 30)
		ingest(t, st, rs[:10])
		ingest(t, st, rs[20:]) // 11–20 missing
		// 11–20 of another history: 11 links to 10, but 21 does not link to 20.
		res = ingest(t, st, scoringtest.Chain(k, 11, rs[9].Hash, 10))
		if kinds(res)[scoring.EventBrokenChain] != 1 {
			t.Fatalf("events %+v, want a broken chain", res.Events)
		}
		if s := kiosk(t, st, "k1"); s.Breaks != 1 || len(s.Gaps) != 0 || s.ContiguousSeq != 30 {
			t.Fatalf("%+v", s)
		}
	})

	t.Run("retries in any order keep the chain", func(t *testing.T) {
		st, k := withKiosk(t, open)
		rs := scoringtest.Chain(k, 1, survey.GenesisHash, 30)
		ingest(t, st, rs[20:])
		ingest(t, st, rs[:10])
		ingest(t, st, rs[10:20])
		res := ingest(t, st, rs[5:25])
		for i, item := range res.Items {
			if item != scoring.ItemDuplicate {
				t.Fatalf("item %d: %s, want duplicate", i, item)
			}
		}
		if s := kiosk(t, st, "k1"); s.Breaks != 0 || len(s.Gaps) != 0 || s.ContiguousSeq != 30 || s.LastSeq != 30 {
			t.Fatalf("%+v", s)
		}
	})

	// A second response with a seq already stored is stored all the same
	// (nothing a kiosk sent is lost) and recorded.
	t.Run("a reused seq is stored and recorded", func(t *testing.T) {
		st, k := withKiosk(t, open)
		rs := scoringtest.Chain(k, 1, survey.GenesisHash, 5)
		ingest(t, st, rs)
		res := ingest(t, st, scoringtest.Chain(k, 3, rs[1].Hash, 1)) // a second seq 3
		if res.Items[0] != scoring.ItemAccepted || kinds(res)[scoring.EventSeqReused] != 1 {
			t.Fatalf("%+v", res)
		}
		if n := len(stored(t, st)); n != 6 {
			t.Fatalf("%d stored: a reused seq must not lose a response", n)
		}
		if s := kiosk(t, st, "k1"); s.Breaks != 1 || s.LastSeq != 5 {
			t.Fatalf("%+v", s)
		}
	})
}

// testExport checks IngestStore.ExportResponses.
func testExport(t *testing.T, open func(t *testing.T) scoring.Store) {
	ctx := context.Background()

	// Every field comes back exactly as the kiosk hashed it, so that every
	// hash can be recomputed from an export.
	t.Run("every field round-trips", func(t *testing.T) {
		st, k := withKiosk(t, open)
		rs := scoringtest.Tricky(k)
		ingest(t, st, rs)
		all := stored(t, st)
		for _, r := range rs {
			s, ok := all[r.ID]
			if !ok || !reflect.DeepEqual(s.Response, r) || !s.ReceivedAt.Equal(at) || s.ComputeHash() != r.Hash {
				t.Errorf("seq %d came back as %+v\nwant %+v", r.Seq, s.Response, r)
			}
		}
	})

	t.Run("ordered by created_at then id, filtered by instant and centre", func(t *testing.T) {
		st := open(t)
		saveCentres(t, st, "c1", "c2")
		enrol(t, st, "k1", "c1", "1")
		enrol(t, st, "k2", "c2", "1")
		// The same seqs at the same instants in both kiosks: ties broken by id.
		var want []survey.Response
		for _, k := range []scoringtest.Kiosk{{ID: "k1", CentreID: "c1", CounterID: "1", OfficerID: "o1"},
			{ID: "k2", CentreID: "c2", CounterID: "1", OfficerID: "o1"}} {
			rs := scoringtest.Chain(k, 1, survey.GenesisHash, 20)
			slices.Reverse(rs) // stored in another order than exported
			_, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: k.ID, BatchID: "b", Responses: rs, ReceivedAt: at})
			must(t, err)
			want = append(want, rs...)
		}
		instant := func(r survey.Response) time.Time {
			c, err := time.Parse(survey.TimeLayout, r.CreatedAt)
			must(t, err)
			return c
		}
		slices.SortFunc(want, func(a, b survey.Response) int {
			if c := instant(a).Compare(instant(b)); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		export := func(f scoring.ExportFilter) []string {
			var ids []string
			must(t, st.ExportResponses(ctx, f, func(r scoring.StoredResponse) error {
				ids = append(ids, r.ID)
				return nil
			}))
			return ids
		}
		ids := func(rs []survey.Response, keep func(survey.Response) bool) []string {
			var out []string
			for _, r := range rs {
				if keep(r) {
					out = append(out, r.ID)
				}
			}
			return out
		}
		if got := export(allTime); !reflect.DeepEqual(got, ids(want, func(survey.Response) bool { return true })) {
			t.Fatalf("order %v\nwant %v", got, ids(want, func(survey.Response) bool { return true }))
		}
		// [From, To): seq 5 is in, seq 15 is out.
		from, to := scoringtest.Base.Add(5*time.Second), scoringtest.Base.Add(15*time.Second)
		inRange := func(r survey.Response) bool { return r.Seq >= 5 && r.Seq < 15 }
		if got := export(scoring.ExportFilter{From: from, To: to}); !reflect.DeepEqual(got, ids(want, inRange)) {
			t.Fatalf("range: %v\nwant %v", got, ids(want, inRange))
		}
		inC2 := func(r survey.Response) bool { return inRange(r) && r.CentreID == "c2" }
		if got := export(scoring.ExportFilter{From: from, To: to, CentreID: "c2"}); !reflect.DeepEqual(got, ids(want, inC2)) {
			t.Fatalf("centre c2: %v\nwant %v", got, ids(want, inC2))
		}
		if got := export(scoring.ExportFilter{From: to, To: to.Add(time.Hour), CentreID: "nope"}); len(got) != 0 {
			t.Fatalf("an unknown centre: %v", got)
		}
	})

	t.Run("an error of fn stops the export and is returned", func(t *testing.T) {
		st, k := withKiosk(t, open)
		ingest(t, st, scoringtest.Chain(k, 1, survey.GenesisHash, 10))
		stop := errStop{}
		n := 0
		err := st.ExportResponses(ctx, allTime, func(scoring.StoredResponse) error {
			n++
			if n == 3 {
				return stop
			}
			return nil
		})
		wantErr(t, "ExportResponses", err, stop)
		if n != 3 {
			t.Fatalf("fn called %d times after it failed at the 3rd", n)
		}
	})
}

// errStop is what fn returns to stop an export.
type errStop struct{}

func (errStop) Error() string { return "stop" }
