package kioskapi_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// nothingStored checks that a refused request left no trace: no response
// and no chain movement.
func (f *fixture) nothingStored(kioskID string) {
	f.t.Helper()
	if n := f.count(); n != 0 {
		f.t.Fatalf("%d responses stored by a refused request", n)
	}
	if k := f.kiosk(kioskID); k.LastSeq != 0 || len(k.Gaps) != 0 {
		f.t.Fatalf("chain moved: %+v", k)
	}
}

func TestTooManyResponses413(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, protocol.MaxBatchResponses+1)
	code, _, w := f.send(token, rs)
	if code != http.StatusRequestEntityTooLarge || errorCode(t, w) != protocol.CodeTooLarge {
		t.Fatalf("%d %s", code, w.Body)
	}
	f.nothingStored("k1")
	if code, res, _ := f.send(token, rs[:protocol.MaxBatchResponses]); code != http.StatusOK || statuses(res)["accepted"] != protocol.MaxBatchResponses {
		t.Fatalf("a full batch: %d %v", code, statuses(res))
	}
}

// bigBatch is a valid-looking batch of more than 1 MiB: padding in an
// unknown field.
func bigBatch() []byte {
	return []byte(`{"batch_id":"b","pad":"` + strings.Repeat("x", protocol.MaxBatchBytes) + `","responses":[]}`)
}

func TestTooLargeBody413(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	t.Run("declared length", func(t *testing.T) {
		w := f.do("POST", protocol.PathResponses, token, bigBatch(), nil)
		if w.Code != http.StatusRequestEntityTooLarge || errorCode(t, w) != protocol.CodeTooLarge {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	})
	t.Run("chunked", func(t *testing.T) {
		// No Content-Length: the server stops reading at the limit.
		body := &countingReader{r: bytes.NewReader(append(bigBatch(), make([]byte, 8<<20)...))}
		r := httptest.NewRequest("POST", protocol.PathResponses, body)
		r.ContentLength = -1
		r.Header.Set("Authorization", "Bearer "+token)
		w := httptest.NewRecorder()
		f.h.ServeHTTP(w, r)
		if w.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		if body.n > protocol.MaxBatchBytes+64<<10 {
			t.Fatalf("read %d bytes of an oversized body", body.n)
		}
	})
	t.Run("gzip", func(t *testing.T) {
		w := f.do("POST", protocol.PathResponses, token, scoringtest.Gzip(bigBatch()), map[string]string{"Content-Encoding": "gzip"})
		if w.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	})
	f.nothingStored("k1")
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestGzipBomb413(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	// 1 GiB of spaces inside a JSON array compresses to about 1 MiB; stop
	// at 256 MiB to keep the test quick (about 250 KiB compressed).
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zw.Write([]byte(`{"batch_id":"b","responses":[`))
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for range 256 {
		zw.Write(chunk)
	}
	zw.Write([]byte(`]}`))
	zw.Close()
	if bomb.Len() > protocol.MaxBatchBytes {
		t.Fatalf("the bomb is %d bytes compressed", bomb.Len())
	}

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	w := f.do("POST", protocol.PathResponses, token, bomb.Bytes(), map[string]string{"Content-Encoding": "gzip"})
	runtime.ReadMemStats(&after)
	if w.Code != http.StatusRequestEntityTooLarge || errorCode(t, w) != protocol.CodeTooLarge {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	// The buffer is pooled and the inflater stops at 1 MiB + 1: the request
	// allocates a few MiB at most, never the 256 MiB it would inflate to.
	if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
		t.Fatalf("a gzip bomb made the server allocate %d MiB", got>>20)
	}
	f.nothingStored("k1")
}

func TestMalformedBodies400CommitNothing(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	good := scoringtest.Body("b", scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 100), false)
	gz := scoringtest.Gzip(good)
	cases := []struct {
		name string
		body []byte
		zip  bool
	}{
		{"not json", []byte("hello"), false},
		{"empty", []byte(""), false},
		{"not a batch", []byte(`[1,2,3]`), false},
		{"responses not an array", []byte(`{"responses":{"a":1}}`), false},
		{"truncated json", good[:len(good)/2], false},
		{"json with trailing data", append(append([]byte{}, good...), []byte(`{}`)...), false},
		{"plain body labelled gzip", good, true},
		{"truncated gzip", gz[:len(gz)/2], true},
		{"gzip without its trailer", gz[:len(gz)-4], true},
		{"corrupt gzip", append(append([]byte{}, gz[:20]...), bytes.Repeat([]byte{0xff}, 200)...), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hdr := map[string]string{}
			if c.zip {
				hdr["Content-Encoding"] = "gzip"
			}
			w := f.do("POST", protocol.PathResponses, token, c.body, hdr)
			if w.Code != http.StatusBadRequest || errorCode(t, w) != protocol.CodeBadRequest {
				t.Fatalf("%d %s", w.Code, w.Body)
			}
			f.nothingStored("k1")
		})
	}
}

func TestUnsupportedEncodingAndType415(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	body := scoringtest.Body("b", scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 1), false)
	for _, hdr := range []map[string]string{{"Content-Encoding": "br"}, {"Content-Type": "text/plain"}} {
		w := f.do("POST", protocol.PathResponses, token, body, hdr)
		if w.Code != http.StatusUnsupportedMediaType || errorCode(t, w) != protocol.CodeUnsupported {
			t.Fatalf("%v: %d %s", hdr, w.Code, w.Body)
		}
	}
	f.nothingStored("k1")
}

func TestIdempotencyKeyMustMatchBatchID(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	body := scoringtest.Body("b1", scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 1), false)
	w := f.do("POST", protocol.PathResponses, token, body, map[string]string{protocol.HeaderIdempotencyKey: "b2"})
	if w.Code != http.StatusBadRequest {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	f.nothingStored("k1")
}

func TestRateLimit429WithRetryAfter(t *testing.T) {
	f := newFixture(t, kioskapi.Config{BatchRatePerSecond: 0.5, BatchBurst: 2})
	token, _ := f.enrol("k1", "c1", "1")
	other, _ := f.enrol("k2", "c1", "2")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 3)
	for i := range 2 {
		if code, _, w := f.send(token, rs[i:i+1]); code != http.StatusOK {
			t.Fatalf("request %d: %d %s", i, code, w.Body)
		}
	}
	code, _, w := f.send(token, rs[2:])
	if code != http.StatusTooManyRequests || errorCode(t, w) != protocol.CodeRateLimited || w.Header().Get("Retry-After") != "2" {
		t.Fatalf("%d Retry-After %q %s", code, w.Header().Get("Retry-After"), w.Body)
	}
	if n := f.count(); n != 2 {
		t.Fatalf("%d stored; the limited batch must not be", n)
	}
	// The limit is per kiosk.
	if code, _, w := f.send(other, scoringtest.Chain(f.kioskOf("k2"), 1, survey.GenesisHash, 1)); code != http.StatusOK {
		t.Fatalf("another kiosk: %d %s", code, w.Body)
	}
	f.clock.Advance(2 * time.Second)
	if code, _, _ := f.send(token, rs[2:]); code != http.StatusOK {
		t.Fatalf("after Retry-After: %d", code)
	}
}

// TestRateLimitRequests: configuration, heartbeats and photos share the
// request bucket; batches have their own, so a kiosk polling its
// configuration too often is told to wait without its upload being held,
// and the other way round.
func TestRateLimitRequests(t *testing.T) {
	f := newFixture(t, kioskapi.Config{RatePerSecond: 0.5, RateBurst: 2, BatchRatePerSecond: 0.5, BatchBurst: 1})
	token, _ := f.enrol("k1", "c1", "1")
	for i := range 2 {
		if w := f.do("GET", protocol.PathConfig, token, nil, nil); w.Code != http.StatusOK {
			t.Fatalf("request %d: %d %s", i, w.Code, w.Body)
		}
	}
	w := f.do("POST", protocol.PathHeartbeat, token, jsonBody(t, protocol.Heartbeat{AppVersion: "0.1.0"}), nil)
	if w.Code != http.StatusTooManyRequests || errorCode(t, w) != protocol.CodeRateLimited || w.Header().Get("Retry-After") != "2" {
		t.Fatalf("%d Retry-After %q %s", w.Code, w.Header().Get("Retry-After"), w.Body)
	}
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 2)
	if code, _, w := f.send(token, rs[:1]); code != http.StatusOK {
		t.Fatalf("a batch after the requests' limit: %d %s", code, w.Body)
	}
	if code, _, w := f.send(token, rs[1:]); code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "2" {
		t.Fatalf("a batch over its own limit: %d Retry-After %q", code, w.Header().Get("Retry-After"))
	}
	f.clock.Advance(2 * time.Second)
	if w := f.do("GET", protocol.PathConfig, token, nil, nil); w.Code != http.StatusOK {
		t.Fatalf("after Retry-After: %d", w.Code)
	}
}

// TestDefaultBatchLimitDrainsABacklog: with the default limits a kiosk may
// send DefaultBatchBurst batches at once (200,000 responses in full
// batches: a 100,000 backlog drains at the server's own speed), and the
// next is answered 429 with Retry-After, as a kiosk looping on the endpoint
// would be. The clock stands still, so nothing refills the bucket.
func TestDefaultBatchLimitDrainsABacklog(t *testing.T) {
	if kioskapi.DefaultBatchBurst*protocol.MaxBatchResponses < 200_000 {
		t.Fatalf("a burst of %d batches drains %d responses, less than two 100,000 backlogs",
			kioskapi.DefaultBatchBurst, kioskapi.DefaultBatchBurst*protocol.MaxBatchResponses)
	}
	f := newFixture(t, kioskapi.Config{
		RatePerSecond: kioskapi.DefaultRatePerSecond, RateBurst: kioskapi.DefaultRateBurst,
		BatchRatePerSecond: kioskapi.DefaultBatchRatePerSecond, BatchBurst: kioskapi.DefaultBatchBurst,
	})
	token, _ := f.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, kioskapi.DefaultBatchBurst+1)
	for i := range kioskapi.DefaultBatchBurst {
		if code, _, w := f.send(token, rs[i:i+1]); code != http.StatusOK {
			t.Fatalf("batch %d of the burst: %d %s", i+1, code, w.Body)
		}
	}
	code, _, w := f.send(token, rs[kioskapi.DefaultBatchBurst:])
	if code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "1" {
		t.Fatalf("batch %d: %d Retry-After %q, want 429 and 1", kioskapi.DefaultBatchBurst+1, code, w.Header().Get("Retry-After"))
	}
	if n := f.count(); n != kioskapi.DefaultBatchBurst {
		t.Fatalf("%d stored, want %d", n, kioskapi.DefaultBatchBurst)
	}
	// Heartbeats and configuration have their own bucket.
	if w := f.do("GET", protocol.PathConfig, token, nil, nil); w.Code != http.StatusOK {
		t.Fatalf("configuration after the batch burst: %d", w.Code)
	}
	f.clock.Advance(time.Second / kioskapi.DefaultBatchRatePerSecond)
	if code, _, w := f.send(token, rs[kioskapi.DefaultBatchBurst:]); code != http.StatusOK {
		t.Fatalf("after Retry-After: %d %s", code, w.Body)
	}
}
