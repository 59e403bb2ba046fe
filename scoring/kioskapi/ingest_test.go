package kioskapi_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// snapshot is everything a batch could change: every stored response with
// its received_at (as CSV) and the kiosks' chain state.
func (f *fixture) snapshot() (string, []scoring.KioskStatus) {
	f.t.Helper()
	var buf bytes.Buffer
	if _, err := scoring.WriteCSV(context.Background(), &buf, f.st, scoring.ExportFilter{
		From: time.Unix(0, 0), To: time.Now().AddDate(10, 0, 0)}); err != nil {
		f.t.Fatal(err)
	}
	ks, err := f.st.Kiosks(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	for i := range ks {
		ks[i].LastSeenAt = time.Time{} // a request is a sign of life
	}
	return buf.String(), ks
}

func TestIngestAcceptsThenReplayChangesNothing(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 50)
	code, res, w := f.send(token, rs)
	if code != http.StatusOK || statuses(res)["accepted"] != 50 {
		t.Fatalf("%d %v %s", code, statuses(res), w.Body)
	}
	for i, r := range res.Results {
		if r.ID != rs[i].ID {
			t.Fatalf("result %d is for %s, want %s (results keep the batch order)", i, r.ID, rs[i].ID)
		}
	}
	stored, err := f.st.Response(context.Background(), rs[7].ID)
	if err != nil || stored.Hash != rs[7].Hash || !stored.ReceivedAt.Equal(f.clock.Now()) {
		t.Fatalf("stored %+v, %v", stored, err)
	}
	csv, kiosks := f.snapshot()

	f.clock.Advance(time.Hour)
	code, res, _ = f.send(token, rs)
	if code != http.StatusOK || statuses(res)["duplicate"] != 50 {
		t.Fatalf("replay: %d %v", code, statuses(res))
	}
	csv2, kiosks2 := f.snapshot()
	if csv2 != csv || !reflect.DeepEqual(kiosks2, kiosks) {
		t.Fatalf("the replay changed the store:\n%s\n%+v\n---\n%s\n%+v", csv, kiosks, csv2, kiosks2)
	}
	if k := kiosks[0]; k.LastSeq != 50 || k.ContiguousSeq != 50 || len(k.Gaps) != 0 || k.Breaks != 0 {
		t.Fatalf("chain state %+v", k)
	}
}

func TestIngestConflictKeepsTheStoredResponse(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 3)
	if code, res, _ := f.send(token, rs); code != http.StatusOK || statuses(res)["accepted"] != 3 {
		t.Fatalf("%d %v", code, statuses(res))
	}
	before, _ := f.snapshot()
	changed := rs[1]
	changed.Level, changed.RawValue, changed.Reasons = survey.Dissatisfied, 1, []string{"rude"}
	changed = scoringtest.Rehash(changed)
	code, res, _ := f.send(token, []survey.Response{changed, rs[2]})
	if code != http.StatusOK {
		t.Fatalf("%d", code)
	}
	if r := res.Results[0]; r.Status != protocol.StatusRejected || r.Reason != protocol.ReasonConflict || r.ID != changed.ID {
		t.Fatalf("changed response: %+v", r)
	}
	if r := res.Results[1]; r.Status != protocol.StatusDuplicate {
		t.Fatalf("unchanged response: %+v", r)
	}
	stored, err := f.st.Response(context.Background(), changed.ID)
	if err != nil || stored.Hash != rs[1].Hash || stored.Level != rs[1].Level {
		t.Fatalf("the stored response changed: %+v %v", stored, err)
	}
	if after, _ := f.snapshot(); after != before {
		t.Fatal("a conflict changed the store")
	}
}

func TestIngestKioskMismatch(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	tokenA, _ := f.enrol("kA", "c1", "1")
	f.enrol("kB", "c1", "2")
	asB := scoringtest.Chain(f.kioskOf("kB"), 1, survey.GenesisHash, 5)
	code, res, _ := f.send(tokenA, asB)
	if code != http.StatusOK || statuses(res)["rejected:kiosk_mismatch"] != 5 {
		t.Fatalf("%d %v", code, statuses(res))
	}
	if n := f.count(); n != 0 {
		t.Fatalf("%d responses stored under another kiosk's token", n)
	}
	if k := f.kiosk("kB"); k.LastSeq != 0 {
		t.Fatalf("kB's chain moved: %+v", k)
	}
	// A mixed batch stores only A's own.
	mixed := append(scoringtest.Chain(f.kioskOf("kA"), 1, survey.GenesisHash, 2), asB[0])
	if code, res, _ := f.send(tokenA, mixed); code != http.StatusOK || statuses(res)["accepted"] != 2 || statuses(res)["rejected:kiosk_mismatch"] != 1 {
		t.Fatalf("%d %v", code, statuses(res))
	}
}

func TestIngestRejectsOnlyTheInvalidItems(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 4)
	rs[1].Level = survey.Dissatisfied // the hash no longer covers the content
	code, res, _ := f.send(token, rs)
	if code != http.StatusOK || statuses(res)["accepted"] != 3 || res.Results[1].Reason != protocol.ReasonInvalid ||
		!strings.Contains(res.Results[1].Detail, "hash") {
		t.Fatalf("%d %+v", code, res)
	}

	// An id that is not a lowercase UUID is invalid, even with a good hash.
	odd := scoringtest.Chain(f.kioskOf("k1"), 5, rs[3].Hash, 1)[0]
	odd.ID = strings.ToUpper(odd.ID)
	odd = scoringtest.Rehash(odd)
	if code, res, _ := f.send(token, []survey.Response{odd}); code != http.StatusOK || res.Results[0].Reason != protocol.ReasonInvalid {
		t.Fatalf("upper-case id: %d %+v", code, res)
	}

	// A record with a wrongly typed field spoils only itself.
	more := scoringtest.Chain(f.kioskOf("k1"), 5, rs[3].Hash, 2)
	body := string(scoringtest.Body("b2", more, false))
	body = strings.Replace(body, `"seq":6`, `"seq":"6"`, 1)
	w := f.do("POST", protocol.PathResponses, token, []byte(body), nil)
	if w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	decodeInto(t, w.Body.Bytes(), &res)
	if len(res.Results) != 2 || res.Results[0].Status != protocol.StatusAccepted ||
		res.Results[1].Reason != protocol.ReasonInvalid || res.Results[1].ID != more[1].ID {
		t.Fatalf("%+v", res)
	}
	if n := f.count(); n != 4 {
		t.Fatalf("%d stored, want 4", n)
	}
}

// TestIngestFullBatchRejectsOnlyTheInvalidItems: a full batch is checked
// and packed in parallel halves; bad items in either half are rejected at
// their own index, and exactly the others are stored, with their content.
func TestIngestFullBatchRejectsOnlyTheInvalidItems(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, protocol.MaxBatchResponses)
	bad := map[int]string{3: protocol.ReasonInvalid, 249: protocol.ReasonKioskMismatch, 250: protocol.ReasonInvalid,
		251: protocol.ReasonInvalid, 498: protocol.ReasonKioskMismatch}
	for i, reason := range bad {
		if reason == protocol.ReasonKioskMismatch {
			rs[i].KioskID = "k2"
			rs[i] = scoringtest.Rehash(rs[i])
		} else {
			rs[i].DurationMS++ // the hash no longer covers the content
		}
	}
	code, res, w := f.send(token, rs)
	if code != http.StatusOK {
		t.Fatalf("%d %s", code, w.Body)
	}
	for i, r := range res.Results {
		want := protocol.StatusAccepted
		if bad[i] != "" {
			want = protocol.StatusRejected
		}
		if r.ID != rs[i].ID || r.Status != want || r.Reason != bad[i] {
			t.Fatalf("result %d: %+v, want %s %q for %s", i, r, want, bad[i], rs[i].ID)
		}
	}
	if n := f.count(); n != len(rs)-len(bad) {
		t.Fatalf("%d stored, want %d", n, len(rs)-len(bad))
	}
	for _, i := range []int{0, 248, 252, 499} {
		stored, err := f.st.Response(context.Background(), rs[i].ID)
		if err != nil || !reflect.DeepEqual(stored.Response.Canonical(), rs[i].Canonical()) {
			t.Fatalf("response %d stored as %+v, %v", i, stored.Response, err)
		}
	}
}

func TestIngestRevokedTokenOnTheNextRequest(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 2)
	if code, _, _ := f.send(token, rs[:1]); code != http.StatusOK {
		t.Fatalf("%d", code)
	}
	if err := f.st.RevokeKiosk(context.Background(), "k1", f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	code, _, w := f.send(token, rs[1:])
	if code != http.StatusUnauthorized || errorCode(t, w) != protocol.CodeUnauthorized {
		t.Fatalf("revoked: %d %s", code, w.Body)
	}
	if n := f.count(); n != 1 {
		t.Fatalf("%d stored after revocation", n)
	}
}

func TestIngestEmptyBatch(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	w := f.do("POST", protocol.PathResponses, token, []byte(`{"batch_id":"`+scoringtest.BatchID("b")+`","responses":[]}`), nil)
	if w.Code != http.StatusOK || strings.TrimSpace(w.Body.String()) != `{"results":[]}` {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
}

func TestConcurrentKiosksAndReplays(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	const kiosks, batches, per = 4, 8, 50
	var wg sync.WaitGroup
	errs := make(chan string, kiosks*batches)
	for k := range kiosks {
		id := fmt.Sprintf("k%d", k)
		token, _ := f.enrol(id, "c1", fmt.Sprint(k+1))
		rs := scoringtest.Chain(f.kioskOf(id), 1, survey.GenesisHash, batches*per)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				part := rs[b*per : (b+1)*per]
				for range 2 { // every batch twice, as after a lost answer
					w := f.do("POST", protocol.PathResponses, token, scoringtest.Body("b", part, true),
						map[string]string{"Content-Encoding": "gzip"})
					if w.Code != http.StatusOK {
						errs <- fmt.Sprintf("%s batch %d: %d %s", id, b, w.Code, w.Body)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
	if n := f.count(); n != kiosks*batches*per {
		t.Fatalf("%d stored, want %d", n, kiosks*batches*per)
	}
	for k := range kiosks {
		if ks := f.kiosk(fmt.Sprintf("k%d", k)); ks.ContiguousSeq != batches*per || ks.Breaks != 0 || len(ks.Gaps) != 0 {
			t.Fatalf("%+v", ks)
		}
	}
}
