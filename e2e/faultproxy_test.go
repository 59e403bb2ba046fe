package e2e

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// fault is what the proxy does to one request.
type fault int

const (
	faultNone             fault = iota
	faultResetAfterCommit       // the server commits, the client sees a reset: the lost acknowledgement
	faultTruncateRequest        // half the request body reaches the server, then both connections die
	faultTruncateResponse       // the server commits, the client gets half the answer
	faultStall                  // longer than the client's timeout, then the request goes through anyway
	faultLatency                // 50–150 ms more
	nFaults
)

func (f fault) String() string {
	return [...]string{"none", "reset-after-commit", "truncate-request", "truncate-response", "stall", "latency"}[f]
}

// faultProxy is an HTTP proxy on 127.0.0.1 that injects one fault into a
// given share of requests, chosen per request (a TCP-level proxy such as
// toxiproxy decides per connection, and the uploader keeps its connection
// alive).
type faultProxy struct {
	URL    string
	target *url.URL
	share  float64
	stall  time.Duration

	mu     sync.Mutex
	rnd    *rand.Rand
	counts [nFaults]int
	total  int
}

func startFaultProxy(t *testing.T, target string, share float64, stall time.Duration) *faultProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{target: u, share: share, stall: stall, rnd: rand.New(rand.NewPCG(1, 2))}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: p}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	p.URL = "http://" + ln.Addr().String()
	return p
}

func (p *faultProxy) pick() fault {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total++
	f := faultNone
	if p.rnd.Float64() < p.share {
		f = fault(1 + p.rnd.IntN(int(nFaults)-1))
	}
	p.counts[f]++
	return f
}

// report returns the share of faulted requests and the counts by fault.
func (p *faultProxy) report() (float64, string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	for f := faultNone; f < nFaults; f++ {
		fmt.Fprintf(&b, "%s=%d ", f, p.counts[f])
	}
	return 1 - float64(p.counts[faultNone])/float64(p.total), b.String()
}

func (p *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	f := p.pick()
	switch f {
	case faultTruncateRequest:
		p.sendTruncated(r, body)
		kill(w)
		return
	case faultStall:
		time.Sleep(p.stall) // the client has given up by now
	case faultLatency:
		time.Sleep(time.Duration(50+rand.IntN(100)) * time.Millisecond)
	}
	status, header, answer, err := p.forward(r, body)
	if err != nil {
		kill(w)
		return
	}
	switch f {
	case faultResetAfterCommit:
		kill(w)
		return
	case faultTruncateResponse:
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", status, http.StatusText(status), header.Get("Content-Type"), len(answer))
		buf.Write(answer[:len(answer)/2])
		buf.Flush()
		conn.Close()
		return
	}
	for k, v := range header {
		w.Header()[k] = v
	}
	w.WriteHeader(status)
	w.Write(answer)
}

// forward sends the request to the server on a fresh connection and reads
// the whole answer.
func (p *faultProxy) forward(r *http.Request, body []byte) (int, http.Header, []byte, error) {
	out, err := http.NewRequest(r.Method, p.target.String()+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	out.Header = r.Header.Clone()
	resp, err := (&http.Transport{DisableKeepAlives: true, DisableCompression: true}).RoundTrip(out)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, answer, err
}

// sendTruncated writes the request with its full Content-Length but only
// half its body, then closes: the server reads an unexpected EOF.
func (p *faultProxy) sendTruncated(r *http.Request, body []byte) {
	conn, err := net.Dial("tcp", p.target.Host)
	if err != nil {
		return
	}
	defer conn.Close()
	w := bufio.NewWriter(conn)
	fmt.Fprintf(w, "%s %s HTTP/1.1\r\nHost: %s\r\n", r.Method, r.URL.RequestURI(), p.target.Host)
	for k, vs := range r.Header {
		for _, v := range vs {
			fmt.Fprintf(w, "%s: %s\r\n", k, v)
		}
	}
	fmt.Fprintf(w, "Content-Length: %d\r\n\r\n", len(body))
	w.Write(body[:len(body)/2])
	w.Flush()
	time.Sleep(20 * time.Millisecond)
}

// kill resets the client's connection with no answer.
func kill(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0) // RST, not FIN
	}
	conn.Close()
}
