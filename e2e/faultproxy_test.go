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

// faultProxy is an HTTP proxy on 127.0.0.1 that injects faults into
// requests, chosen per request (a TCP-level proxy such as toxiproxy decides
// per connection, and the uploader keeps its connection alive), and may
// shape every request like a slower link.
type faultProxy struct {
	URL    string
	target *url.URL
	cfg    proxyConfig
	done   chan struct{} // closed when the test ends: stalls stop waiting

	mu     sync.Mutex
	rnd    *rand.Rand
	counts [nFaults]int
	total  int
	block  int // position of the reset in the current block of resetEvery requests
}

// proxyConfig says what the proxy does.
type proxyConfig struct {
	// share is the probability that a request gets a fault, drawn uniformly
	// among all faults; used when resetEvery is 0.
	share float64
	// resetEvery > 0 resets exactly one request (after the server committed
	// it) in every block of resetEvery, at a random place in the block, so
	// that the share of resets is 1/resetEvery however many requests there
	// are. truncate and stall are then the probabilities, over all
	// requests, of a truncated request or answer (half each) and of a stall.
	resetEvery      int
	truncate, stall float64

	stallFor time.Duration // how long a stall holds the request before it goes through anyway
	// rtt is added to every request, and rate (bytes per second, 0 for no
	// limit) times the request's and the answer's bytes: a slower link.
	rtt  time.Duration
	rate int
}

func startFaultProxy(t *testing.T, target string, share float64, stall time.Duration) *faultProxy {
	t.Helper()
	return startProxy(t, target, proxyConfig{share: share, stallFor: stall})
}

func startProxy(t *testing.T, target string, cfg proxyConfig) *faultProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{target: u, cfg: cfg, done: make(chan struct{}), rnd: rand.New(rand.NewPCG(1, 2)), block: -1}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: p}
	go srv.Serve(ln)
	t.Cleanup(func() {
		close(p.done)
		srv.Close()
	})
	p.URL = "http://" + ln.Addr().String()
	return p
}

func (p *faultProxy) pick() fault {
	p.mu.Lock()
	defer p.mu.Unlock()
	f := faultNone
	if n := p.cfg.resetEvery; n > 0 {
		pos := p.total % n
		if pos == 0 {
			p.block = p.rnd.IntN(n)
		}
		// The other faults fall on the requests that are not reset, with
		// probabilities scaled so that their shares hold over all requests.
		rest := 1 - 1/float64(n)
		switch r := p.rnd.Float64(); {
		case pos == p.block:
			f = faultResetAfterCommit
		case r < p.cfg.truncate/rest/2:
			f = faultTruncateRequest
		case r < p.cfg.truncate/rest:
			f = faultTruncateResponse
		case r < (p.cfg.truncate+p.cfg.stall)/rest:
			f = faultStall
		}
	} else if p.rnd.Float64() < p.cfg.share {
		f = fault(1 + p.rnd.IntN(int(nFaults)-1))
	}
	p.total++
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

// tally returns the number of requests and of each fault.
func (p *faultProxy) tally() (int, [nFaults]int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.total, p.counts
}

// sleep waits for d, or until the test ends.
func (p *faultProxy) sleep(d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-p.done:
	}
}

// transfer is the time the shaped link takes to carry n bytes.
func (p *faultProxy) transfer(n int) time.Duration {
	if p.cfg.rate <= 0 {
		return 0
	}
	return time.Duration(float64(n) / float64(p.cfg.rate) * float64(time.Second))
}

func (p *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	f := p.pick()
	p.sleep(p.cfg.rtt/2 + p.transfer(len(body))) // the request crosses the link
	switch f {
	case faultTruncateRequest:
		p.sendTruncated(r, body)
		kill(w)
		return
	case faultStall:
		p.sleep(p.cfg.stallFor) // the client has given up by now
	case faultLatency:
		time.Sleep(time.Duration(50+rand.IntN(100)) * time.Millisecond)
	}
	status, header, answer, err := p.forward(r, body)
	if err != nil {
		kill(w)
		return
	}
	p.sleep(p.cfg.rtt/2 + p.transfer(len(answer))) // the answer crosses back
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
