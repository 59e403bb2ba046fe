package kioskapi_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

func (f *fixture) events() map[string]int {
	f.t.Helper()
	_, ev, err := f.st.Counts(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	return ev
}

func (f *fixture) mustAccept(token string, rs []survey.Response) {
	f.t.Helper()
	code, res, w := f.send(token, rs)
	if code != http.StatusOK || statuses(res)["accepted"] != len(rs) {
		f.t.Fatalf("%d %v %s", code, statuses(res), w.Body)
	}
}

func TestGapRecordedThenFilled(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 40)
	f.mustAccept(token, rs[:10])
	f.mustAccept(token, rs[20:30]) // 11–20 missing
	f.mustAccept(token, rs[35:])   // 31–35 missing
	k := f.kiosk("k1")
	if want := []scoring.Gap{{From: 11, To: 20}, {From: 31, To: 35}}; !reflect.DeepEqual(k.Gaps, want) || k.Missing() != 15 {
		t.Fatalf("gaps %+v, want %+v", k.Gaps, want)
	}
	if k.LastSeq != 40 || k.ContiguousSeq != 10 {
		t.Fatalf("last %d contiguous %d", k.LastSeq, k.ContiguousSeq)
	}
	// Filling the middle of a gap splits it; then everything arrives.
	f.mustAccept(token, rs[14:16])
	if k := f.kiosk("k1"); !reflect.DeepEqual(k.Gaps, []scoring.Gap{{From: 11, To: 14}, {From: 17, To: 20}, {From: 31, To: 35}}) {
		t.Fatalf("after a fill in the middle: %+v", k.Gaps)
	}
	f.mustAccept(token, rs[10:14])
	f.mustAccept(token, rs[16:20])
	f.mustAccept(token, rs[30:35])
	k = f.kiosk("k1")
	if len(k.Gaps) != 0 || k.ContiguousSeq != 40 || k.Breaks != 0 {
		t.Fatalf("after filling: %+v", k)
	}
	if ev := f.events(); ev[scoring.EventGap] != 2 || ev[scoring.EventBrokenChain] != 0 {
		t.Fatalf("events %v", ev)
	}
}

func TestFirstBatchNotFromSeqOneIsAGap(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 10)
	f.mustAccept(token, rs[5:])
	if k := f.kiosk("k1"); !reflect.DeepEqual(k.Gaps, []scoring.Gap{{From: 1, To: 5}}) || k.ContiguousSeq != 0 {
		t.Fatalf("%+v", k)
	}
}

func TestBrokenChainRecorded(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 10)
	f.mustAccept(token, rs)
	// seq 11–20 of another history: 11's prev_hash is not 10's hash.
	forged := scoringtest.Chain(f.kioskOf("k1"), 11, rs[3].Hash, 10)
	f.mustAccept(token, forged)
	k := f.kiosk("k1")
	if k.Breaks != 1 || k.LastSeq != 20 || len(k.Gaps) != 0 {
		t.Fatalf("%+v", k)
	}
}

func TestBrokenChainFoundFromTheSuccessorSide(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 30)
	f.mustAccept(token, rs[:10])
	f.mustAccept(token, rs[20:]) // 11–20 missing
	// 11–20 arrive from another history: 11 links to 10, but 21 does not link to 20.
	other := scoringtest.Chain(f.kioskOf("k1"), 11, rs[9].Hash, 10)
	f.mustAccept(token, other)
	if k := f.kiosk("k1"); k.Breaks != 1 || len(k.Gaps) != 0 || k.ContiguousSeq != 30 {
		t.Fatalf("%+v", k)
	}
}

func TestInterleavedRetriesKeepTheChain(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 30)
	f.mustAccept(token, rs[20:])
	f.mustAccept(token, rs[:10])
	f.mustAccept(token, rs[10:20])
	if code, res, _ := f.send(token, rs[5:25]); code != http.StatusOK || statuses(res)["duplicate"] != 20 {
		t.Fatalf("%d %v", code, statuses(res))
	}
	k := f.kiosk("k1")
	if k.Breaks != 0 || len(k.Gaps) != 0 || k.ContiguousSeq != 30 || k.LastSeq != 30 {
		t.Fatalf("%+v", k)
	}
}

func TestSeqReusedIsStoredAndRecorded(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 5)
	f.mustAccept(token, rs)
	again := scoringtest.Chain(f.kioskOf("k1"), 3, rs[1].Hash, 1) // a second seq 3
	f.mustAccept(token, again)
	if n := f.count(); n != 6 {
		t.Fatalf("%d stored: a reused seq must not lose a response", n)
	}
	if ev := f.events(); ev[scoring.EventSeqReused] != 1 {
		t.Fatalf("events %v", ev)
	}
	if k := f.kiosk("k1"); k.Breaks != 1 || k.LastSeq != 5 {
		t.Fatalf("%+v", k)
	}
}
