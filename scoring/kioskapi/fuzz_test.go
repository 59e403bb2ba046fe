package kioskapi_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// Fuzz body modes.
const (
	modeIdentity = iota // the bytes as they are
	modeGzip            // the bytes, gzip'd by the test
	modeRawGzip         // the bytes, labelled gzip: the inflater sees garbage
	modes
)

// FuzzIngest sends arbitrary bytes as a batch body and checks that the
// server never fails with a 5xx, never commits part of a refused batch,
// stores exactly the items it reports accepted, and keeps the kiosk's
// chain state consistent.
func FuzzIngest(f *testing.F) {
	fx := newFixture(f, kioskapi.Config{})
	token, _ := fx.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(fx.kioskOf("k1"), 1, survey.GenesisHash, 6)
	good := scoringtest.Body("seed", rs[:3], false)
	bad := rs[3:]
	bad[1].Level = "meh"
	seeds := [][]byte{
		good,
		scoringtest.Body("seed2", bad, false),
		scoringtest.Body("other", scoringtest.Chain(fx.kioskOf("k2"), 1, survey.GenesisHash, 2), false),
		bytes.Replace(good, []byte(`"seq":2`), []byte(`"seq":"2"`), 1),
		bytes.Replace(good, []byte(`"reasons":[]`), []byte(`"reasons":null`), 1),
		good[:len(good)/2],
		[]byte(`{"batch_id":"x","responses":[]}`),
		[]byte(`{"responses":[{}]}`),
		[]byte(`{"responses":[null,1,"a",[]]}`),
		[]byte(`[]`), []byte(``), []byte(`null`), []byte("\x1f\x8b\x08\x00"),
	}
	for _, s := range seeds {
		for m := range modes {
			f.Add(s, byte(m))
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, mode byte) {
		sent := body
		r := httptest.NewRequest("POST", protocol.PathResponses, nil)
		switch mode % modes {
		case modeGzip:
			sent = scoringtest.Gzip(body)
			r.Header.Set("Content-Encoding", "gzip")
		case modeRawGzip:
			r.Header.Set("Content-Encoding", "gzip")
		}
		r.Body = httpBody(sent)
		r.ContentLength = int64(len(sent))
		r.Header.Set("Authorization", "Bearer "+token)
		ctx := context.Background()
		before, _, err := fx.st.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		w := httptest.NewRecorder()
		fx.h.ServeHTTP(w, r)
		after, _, err := fx.st.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}

		if w.Code >= 500 {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		if w.Code != http.StatusOK {
			errorCode(t, w)
			if after != before {
				t.Fatalf("a %d answer stored %d responses", w.Code, after-before)
			}
			return
		}
		var res protocol.BatchResult
		decodeInto(t, w.Body.Bytes(), &res)
		accepted := 0
		for _, it := range res.Results {
			switch it.Status {
			case protocol.StatusAccepted:
				accepted++
				if _, err := fx.st.Response(ctx, it.ID); err != nil {
					t.Fatalf("accepted %q is not stored: %v", it.ID, err)
				}
			case protocol.StatusDuplicate:
			case protocol.StatusRejected:
				if it.Reason == "" {
					t.Fatalf("rejected without a reason: %+v", it)
				}
			default:
				t.Fatalf("status %q", it.Status)
			}
		}
		if after-before != accepted {
			t.Fatalf("%d accepted but %d stored", accepted, after-before)
		}
		checkChain(t, fx, "k1")
	})
}

func httpBody(b []byte) *readCloser { return &readCloser{bytes.NewReader(b)} }

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

// checkChain checks the invariants of a kiosk's chain state: gaps sorted,
// disjoint, between the contiguous and the last seq.
func checkChain(t *testing.T, fx *fixture, id string) {
	t.Helper()
	ks, err := fx.st.Kiosks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range ks {
		if k.ID != id {
			continue
		}
		if k.ContiguousSeq > k.LastSeq {
			t.Fatalf("contiguous %d > last %d", k.ContiguousSeq, k.LastSeq)
		}
		prev := k.ContiguousSeq
		for i, g := range k.Gaps {
			if g.From > g.To || g.From <= prev || g.To >= k.LastSeq || (i == 0 && g.From != k.ContiguousSeq+1) {
				t.Fatalf("gaps %+v with contiguous %d and last %d", k.Gaps, k.ContiguousSeq, k.LastSeq)
			}
			prev = g.To + 1
		}
		if len(k.Gaps) == 0 && k.ContiguousSeq != k.LastSeq {
			t.Fatalf("no gap but contiguous %d != last %d", k.ContiguousSeq, k.LastSeq)
		}
		return
	}
	t.Fatalf("no kiosk %s", id)
}
