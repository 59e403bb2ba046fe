package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// slowUploadBound is what 500 slow uploads from one token may add to the
// server's resident memory (peak RSS above the idle process). The server
// admits 4 of them (scoring.DefaultMaxUploadsPerKiosk), each holding one
// 1 MiB batch buffer, and answers the rest 429 before reading a byte; the
// rest of the bound is the connections themselves and the honest kiosks'
// batches. Before the limit the same test added ≈ 600 MB.
const slowUploadBound = 64 << 20

// TestSlowUploadsFromOneTokenKeepMemoryBounded is issue 9 item 3's
// acceptance test: the real binary; one kiosk's token opens 500
// connections that each send all but the last kilobyte of a 1 MiB batch
// and then trickle the rest a byte at a time; meanwhile two other kiosks upload 20 batches each, which must
// all be accepted; the server's peak RSS (from /proc) must stay within
// slowUploadBound of its idle RSS.
func TestSlowUploadsFromOneTokenKeepMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "scoring-server")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "scoring.db")
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Quảng Ninh", "--technician-pin", "9999")
	mustCLI(t, db, "officer", "add", "--centre", "qn", "--id", "cb01", "--name", "Nguyễn Thị Lan", "--pin", "1111")
	proc := startProcess(t, bin, db)
	tokens := make([]string, 3)
	for i := range tokens {
		code := strings.TrimSpace(mustCLI(t, db, "enrol-code", "--centre", "qn", "--counter", fmt.Sprint(i+1)))
		status, body := post(t, proc.base+protocol.PathEnrol, "", protocol.EnrolRequest{Code: code, KioskID: fmt.Sprintf("slow-k%d", i)})
		if status != http.StatusOK {
			t.Fatalf("enrol: %d %s", status, body)
		}
		var er protocol.EnrolResponse
		if err := json.Unmarshal(body, &er); err != nil {
			t.Fatal(err)
		}
		tokens[i] = er.Token
	}
	// Warm the server up with one honest batch, so that the idle figure
	// includes what any ingest allocates.
	honest := func(k, batches int) error {
		kiosk := scoringtest.Kiosk{ID: fmt.Sprintf("slow-k%d", k), CentreID: "qn", CounterID: fmt.Sprint(k + 1), OfficerID: "cb01"}
		client := &http.Client{Timeout: 10 * time.Second}
		prev, seq := survey.GenesisHash, int64(1)
		for b := range batches {
			rs := scoringtest.Chain(kiosk, seq, prev, 100)
			prev, seq = rs[len(rs)-1].Hash, seq+100
			if err := sendBatch(client, proc.base, tokens[k], scoringtest.Body(fmt.Sprintf("%s-%d", kiosk.ID, b), rs, true), len(rs)); err != nil {
				return fmt.Errorf("kiosk %s batch %d: %w", kiosk.ID, b, err)
			}
		}
		return nil
	}
	if err := honest(2, 1); err != nil {
		t.Fatal(err)
	}
	pid := proc.cmd.Process.Pid
	idle := rss(t, pid)

	// The attack: 500 connections, one token, 1 MiB declared and sent but
	// for its last kilobyte, which trickles a byte every 100 ms.
	const conns = 500
	u, _ := url.Parse(proc.base)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var opened, refused, statusLines atomic.Int64
	var codesMu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := (&net.Dialer{}).DialContext(ctx, "tcp", u.Host)
			if err != nil {
				refused.Add(1)
				return
			}
			defer c.Close()
			opened.Add(1)
			go func() { <-ctx.Done(); c.Close() }()
			go func() {
				st, err := http.ReadResponse(bufio.NewReader(c), nil)
				if err == nil {
					statusLines.Add(1)
					codesMu.Lock()
					codes[st.StatusCode]++
					codesMu.Unlock()
				}
			}()
			fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{\"batch_id\":\"x\",\"pad\":\"",
				protocol.PathResponses, u.Host, tokens[0], protocol.MaxBatchBytes)
			// Most of the body at once (so that whatever the server reads it
			// into is really used), then the rest a byte at a time.
			chunk := []byte(strings.Repeat("x", 64<<10))
			for sent := 0; sent+len(chunk) < protocol.MaxBatchBytes-1024 && ctx.Err() == nil; sent += len(chunk) {
				if _, err := c.Write(chunk); err != nil {
					return
				}
			}
			for ctx.Err() == nil {
				if _, err := c.Write([]byte("x")); err != nil {
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
		}()
	}

	// Meanwhile, two other kiosks upload; and the peak RSS is sampled.
	honestErr := make(chan error, 2)
	for k := range 2 {
		go func() {
			time.Sleep(time.Second) // once the attack is in place
			honestErr <- honest(k+1, 20)
		}()
	}
	peak := idle
	sampleUntil := time.Now().Add(6 * time.Second)
	for time.Now().Before(sampleUntil) {
		peak = max(peak, rss(t, pid))
		time.Sleep(50 * time.Millisecond)
	}
	for range 2 {
		if err := <-honestErr; err != nil {
			t.Errorf("an honest kiosk's upload failed during the attack: %v", err)
		}
	}
	peak = max(peak, rss(t, pid))
	cancel()
	wg.Wait()
	codesMu.Lock()
	defer codesMu.Unlock()
	t.Logf("500 slow uploads from one token: %d connections opened, %d refused; answers so far %v; server RSS idle %.1f MB, peak %.1f MB (+%.1f MB; bound +%d MB)",
		opened.Load(), refused.Load(), codes, mb(idle), mb(peak), mb(peak-idle), slowUploadBound>>20)
	if peak-idle > slowUploadBound {
		t.Errorf("peak RSS %.1f MB is %.1f MB above idle; the bound is %d MB", mb(peak), mb(peak-idle), slowUploadBound>>20)
	}
	if codes[http.StatusTooManyRequests] < conns*9/10 {
		t.Errorf("%d of %d slow uploads answered 429 at once; want all but the few in flight", codes[http.StatusTooManyRequests], conns)
	}
	if opened.Load() < conns*9/10 {
		t.Errorf("only %d of %d connections opened: the test proved little", opened.Load(), conns)
	}
}

func mb(n int64) float64 { return float64(n) / 1e6 }

// rss reads a process's resident set size from /proc, in bytes.
func rss(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmRSS in /proc status")
	return 0
}
