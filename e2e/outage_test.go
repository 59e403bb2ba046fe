package e2e

import (
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"hailong/kiosk/upload"
)

// TestOutageNoticedWithinSeconds: the server goes away for 13 s (every
// connection refused, the open ones cut) while the kiosk has ratings to
// send, then comes back. The ratings reach it within a few seconds of its
// return (the uploader probes an unreachable server every 2–5 s), not when
// a backoff grown during the outage happens to end: 19 s before the fix.
// The bound is generous (6 s: the longest probe wait, 5 s, and the drain),
// because this is behaviour, not a benchmark; upload's
// TestProbeNoticesReturningServer pins the probe schedule on a manual clock.
func TestOutageNoticedWithinSeconds(t *testing.T) {
	outage := 13 * time.Second
	if testing.Short() {
		outage = 5 * time.Second
	}
	s := startServer(t, nil)
	k := newKiosk(t)
	res, err := k.enrol(t, s.URL, s.code(t), "")
	if err != nil {
		t.Fatal(err)
	}
	g := startGate(t, s.URL)
	u, err := upload.New(upload.Options{ServerURL: g.URL, Token: res.Token, Outbox: k.db, AppVersion: "e2e"})
	if err != nil {
		t.Fatal(err)
	}
	runUploader(t, u)
	k.save(t, 50)
	u.Notify()
	k.waitDrained(t, 10*time.Second)

	g.down()
	k.save(t, 200)
	u.Notify()
	time.Sleep(outage)
	if st := u.Status(); st.Pending != 200 || st.LastError.Kind != upload.KindUnreachable || st.NextProbe.IsZero() {
		t.Fatalf("during the outage: %d pending, last error %q, next probe %v; want 200, unreachable, a probe scheduled",
			st.Pending, st.LastError.Kind, st.NextProbe)
	}
	g.up(t)
	back := time.Now()
	k.waitDrained(t, 30*time.Second)
	late := time.Since(back)
	t.Logf("outage %s: pending ratings on the server %s after it was back", outage, late.Round(time.Millisecond))
	if late > 6*time.Second {
		t.Errorf("pending ratings reached the server %s after it came back; want within a few seconds (≤ 6 s)", late.Round(time.Millisecond))
	}
	checkExactlyOnce(t, s, k, 250)
}

// gate is a TCP forwarder to the server that can be taken down (its port
// refuses connections and the open ones are cut, as when the server
// process stops) and brought back on the same port.
type gate struct {
	URL    string
	addr   string
	target string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]bool
}

func startGate(t *testing.T, target string) *gate {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	g := &gate{target: u.Host, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	g.addr = ln.Addr().String()
	g.URL = "http://" + g.addr
	g.serve(ln)
	t.Cleanup(g.down)
	return g
}

func (g *gate) serve(ln net.Listener) {
	g.mu.Lock()
	g.ln = ln
	g.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go g.forward(c)
		}
	}()
}

func (g *gate) forward(c net.Conn) {
	s, err := net.Dial("tcp", g.target)
	if err != nil {
		c.Close()
		return
	}
	g.mu.Lock()
	g.conns[c], g.conns[s] = true, true
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		delete(g.conns, c)
		delete(g.conns, s)
		g.mu.Unlock()
		c.Close()
		s.Close()
	}()
	done := make(chan struct{}, 2)
	go func() { io.Copy(s, c); done <- struct{}{} }()
	go func() { io.Copy(c, s); done <- struct{}{} }()
	<-done
}

// down closes the port and cuts every open connection.
func (g *gate) down() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ln != nil {
		g.ln.Close()
		g.ln = nil
	}
	for c := range g.conns {
		c.Close()
	}
}

// up listens on the same port again.
func (g *gate) up(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", g.addr)
	if err != nil {
		t.Fatal(err)
	}
	g.serve(ln)
}
