package kioskapi_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring/kioskapi"
)

// slowRequest is a POST whose body is still arriving: headers and the
// start of a 1 MiB body are sent, the rest is not. Its answer, when the
// server gives one, arrives on answer.
type slowRequest struct {
	conn   net.Conn
	answer chan *http.Response
}

// startSlow opens a slow request to path on the server at addr: a batch
// of 1 MiB declared, or 60 kB for other paths.
func startSlow(t *testing.T, addr, path, token string) *slowRequest {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	s := &slowRequest{conn: c, answer: make(chan *http.Response, 1)}
	go func() {
		if resp, err := http.ReadResponse(bufio.NewReader(c), nil); err == nil {
			s.answer <- resp
		}
	}()
	size := 60_000
	if path == protocol.PathResponses {
		size = protocol.MaxBatchBytes
	}
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{\"batch_id\":\"x\",",
		path, addr, token, size)
	return s
}

// wait returns the answer, failing after d.
func (s *slowRequest) wait(t *testing.T, d time.Duration) *http.Response {
	t.Helper()
	select {
	case r := <-s.answer:
		return r
	case <-time.After(d):
		t.Fatalf("no answer within %v", d)
		return nil
	}
}

// pending fails if the request has been answered.
func (s *slowRequest) pending(t *testing.T) {
	t.Helper()
	select {
	case r := <-s.answer:
		t.Fatalf("a request that should be in flight was answered %d", r.StatusCode)
	case <-time.After(50 * time.Millisecond):
	}
}

// gaugeValue reads one series of a gauge from reg; label "" reads a gauge
// without labels.
func gaugeValue(t *testing.T, reg *prometheus.Registry, name, label, value string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			if label == "" {
				return m.GetGauge().GetValue()
			}
			for _, l := range m.GetLabel() {
				if l.GetName() == label && l.GetValue() == value {
					return m.GetGauge().GetValue()
				}
			}
		}
	}
	return 0
}

// waitInFlight waits until n batches are in flight.
func waitInFlight(t *testing.T, f *fixture, n float64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for gaugeValue(t, f.reg, "hailong_bodies_in_flight", "kind", "batch") != n {
		if time.Now().After(deadline) {
			t.Fatalf("in flight: %v, want %v", gaugeValue(t, f.reg, "hailong_bodies_in_flight", "kind", "batch"), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestUploadsInFlightAreBoundedPerKioskAndOverall: batches being read are
// bounded per kiosk (429) and overall (503), both answered at once with
// Retry-After and before the body is read; a slot frees when a request
// ends.
func TestUploadsInFlightAreBoundedPerKioskAndOverall(t *testing.T) {
	f := newFixture(t, kioskapi.Config{MaxUploadsPerKiosk: 2, MaxUploads: 3})
	t1, _ := f.enrol("k1", "c1", "1")
	t2, _ := f.enrol("k2", "c1", "2")
	srv := httptest.NewServer(f.h)
	t.Cleanup(srv.Close)
	addr := strings.TrimPrefix(srv.URL, "http://")

	a := startSlow(t, addr, protocol.PathResponses, t1)
	b := startSlow(t, addr, protocol.PathResponses, t1)
	waitInFlight(t, f, 2)
	refusedAt := func(s *slowRequest, status int, code string) {
		t.Helper()
		resp := s.wait(t, 2*time.Second)
		defer resp.Body.Close()
		if resp.StatusCode != status || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("%d (Retry-After %q), want %d with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"), status)
		}
		var body protocol.ErrorBody
		if err := jsonDecode(resp, &body); err != nil || body.Error.Code != code {
			t.Fatalf("error %+v (%v), want code %s", body, err, code)
		}
	}
	refusedAt(startSlow(t, addr, protocol.PathResponses, t1), http.StatusTooManyRequests, protocol.CodeRateLimited)
	c := startSlow(t, addr, protocol.PathResponses, t2) // the third overall
	waitInFlight(t, f, 3)
	refusedAt(startSlow(t, addr, protocol.PathResponses, t2), http.StatusServiceUnavailable, protocol.CodeUnavailable)
	a.pending(t)
	b.pending(t)
	c.pending(t)

	a.conn.Close() // the client gives up: its slot frees
	waitInFlight(t, f, 2)
	d := startSlow(t, addr, protocol.PathResponses, t2)
	waitInFlight(t, f, 3)
	d.pending(t)
}

// TestBodyDeadline408: a body that does not arrive within BodyTimeout is
// answered 408 timeout (which a kiosk retries), not 400, and frees its
// slot.
func TestBodyDeadline408(t *testing.T) {
	f := newFixture(t, kioskapi.Config{BodyTimeout: 300 * time.Millisecond})
	token, _ := f.enrol("k1", "c1", "1")
	srv := httptest.NewServer(f.h)
	t.Cleanup(srv.Close)
	addr := strings.TrimPrefix(srv.URL, "http://")
	for _, path := range []string{protocol.PathResponses, protocol.PathHeartbeat} {
		start := time.Now()
		resp := startSlow(t, addr, path, token).wait(t, 5*time.Second)
		var body protocol.ErrorBody
		if err := jsonDecode(resp, &body); err != nil || resp.StatusCode != http.StatusRequestTimeout || body.Error.Code != protocol.CodeTimeout {
			t.Fatalf("%s: %d %+v (%v), want 408 timeout", path, resp.StatusCode, body, err)
		}
		if d := time.Since(start); d < 250*time.Millisecond || d > 3*time.Second {
			t.Fatalf("%s: answered after %v; the deadline is 300 ms", path, d)
		}
	}
	waitInFlight(t, f, 0)
}

// jsonDecode decodes an HTTP answer's body and closes it.
func jsonDecode(resp *http.Response, v any) error {
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}
