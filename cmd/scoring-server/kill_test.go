package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

// serverProcess is scoring-server running as a separate process.
type serverProcess struct {
	cmd  *exec.Cmd
	base string
	done chan struct{}
}

// startProcess starts the binary on db and waits for its "listening" line.
func startProcess(t *testing.T, bin, db string) *serverProcess {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--db", db, "--addr", "127.0.0.1:0", "--rate", "1000", "--burst", "1000",
		"--batch-rate", "1000", "--batch-burst", "1000")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serverProcess{cmd: cmd, done: make(chan struct{})}
	t.Cleanup(func() { p.kill() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if m := listenRe.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		io.Copy(io.Discard, stderr)
		cmd.Wait()
		close(p.done)
	}()
	select {
	case a := <-addr:
		p.base = "http://" + a
	case <-p.done:
		t.Fatal("the server exited before listening")
	case <-time.After(15 * time.Second):
		t.Fatal("the server did not start")
	}
	return p
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *serverProcess) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Kill() // SIGKILL on Unix
	<-p.done
}

// kioskSender sends one kiosk's batches in seq order, each until it gets a
// 200, as the kiosk's uploader does, and remembers every batch answered
// 200.
type kioskSender struct {
	token   string
	batches [][]byte
	ids     [][]string
	acked   atomic.Int64 // batches answered 200
}

// enrolSenders enrols n kiosks of centre qn (counters 1…n, ids
// prefix0…, officer cb01) with the server at base, and gives each its
// batches: a valid hash chain of batches × perBatch responses.
func enrolSenders(t *testing.T, base, db, prefix string, n, batches, perBatch int) []*kioskSender {
	t.Helper()
	senders := make([]*kioskSender, n)
	for k := range senders {
		code := strings.TrimSpace(mustCLI(t, db, "enrol-code", "--centre", "qn", "--counter", fmt.Sprint(k+1)))
		id := fmt.Sprintf("%s%d", prefix, k)
		status, body := post(t, base+protocol.PathEnrol, "", protocol.EnrolRequest{Code: code, KioskID: id})
		if status != http.StatusOK {
			t.Fatalf("enrol: %d %s", status, body)
		}
		var er protocol.EnrolResponse
		json.Unmarshal(body, &er)
		s := &kioskSender{token: er.Token}
		prev := survey.GenesisHash
		kiosk := scoringtest.Kiosk{ID: id, CentreID: "qn", CounterID: fmt.Sprint(k + 1), OfficerID: "cb01", ConfigVersion: er.Config.Version}
		for b := range batches {
			rs := scoringtest.Chain(kiosk, int64(b*perBatch+1), prev, perBatch)
			prev = rs[len(rs)-1].Hash
			s.batches = append(s.batches, scoringtest.Body(fmt.Sprintf("%s-%d", id, b), rs, true))
			ids := make([]string, len(rs))
			for i, r := range rs {
				ids[i] = r.ID
			}
			s.ids = append(s.ids, ids)
		}
		senders[k] = s
	}
	return senders
}

// TestSIGKILLDuringIngestLosesNoAcknowledgedBatch is the acceptance test
// "The server is killed with SIGKILL during ingest and restarted: every
// batch that got a 200 is there": the real binary, two kiosks sending
// continuously, three SIGKILLs while requests are in flight, a restart on
// the same database after each.
func TestSIGKILLDuringIngestLosesNoAcknowledgedBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real binary")
	}
	dir := t.TempDir()
	bin := buildServer(t)
	db := filepath.Join(dir, "scoring.db")
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Quảng Ninh", "--technician-pin", "909090")
	mustCLI(t, db, "officer", "add", "--centre", "qn", "--id", "cb01", "--name", "Nguyễn Thị Lan", "--pin", "1111")

	proc := startProcess(t, bin, db)
	var base atomic.Value
	base.Store(proc.base)

	const kiosks, batches, perBatch = 2, 60, 100
	senders := enrolSenders(t, proc.base, db, "kill-k", kiosks, batches, perBatch)

	var inFlight atomic.Int64
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for _, s := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 5 * time.Second}
			for i, body := range s.batches {
				for ctx.Err() == nil {
					inFlight.Add(1)
					err := sendBatch(client, base.Load().(string), s.token, body, len(s.ids[i]))
					inFlight.Add(-1)
					if err == nil {
						s.acked.Add(1)
						break
					}
					time.Sleep(20 * time.Millisecond) // the server is restarting: retry as is
				}
			}
		}()
	}

	killsInFlight := 0
	for kill := range 3 {
		// Let some batches through, then kill while requests are in flight.
		for sum(senders) < int64((kill+1)*kiosks*batches/5) && ctx.Err() == nil {
			time.Sleep(5 * time.Millisecond)
		}
		if inFlight.Load() > 0 {
			killsInFlight++
		}
		proc.kill()
		proc = startProcess(t, bin, db)
		base.Store(proc.base)
	}
	wg.Wait()
	if ctx.Err() != nil {
		t.Fatalf("the senders did not finish: %d of %d batches acknowledged", sum(senders), kiosks*batches)
	}
	if killsInFlight == 0 {
		t.Fatal("no SIGKILL hit a request in flight; the test proved nothing")
	}
	proc.kill()

	st, err := sqlitestore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for k, s := range senders {
		for b, ids := range s.ids {
			for _, id := range ids {
				if _, err := st.Response(context.Background(), id); err != nil {
					t.Fatalf("kiosk %d batch %d was acknowledged but response %s is not stored: %v", k, b, id, err)
				}
			}
		}
	}
	n, events, err := st.Counts(context.Background())
	if err != nil || n != kiosks*batches*perBatch || len(events) != 0 {
		t.Fatalf("%d stored, want %d; chain events %v (%v)", n, kiosks*batches*perBatch, events, err)
	}
	ks, _ := st.Kiosks(context.Background())
	for _, k := range ks {
		if k.ContiguousSeq != batches*perBatch || len(k.Gaps) != 0 || k.Breaks != 0 {
			t.Fatalf("chain of %s: %+v", k.ID, k)
		}
	}
	t.Logf("%d SIGKILLs, %d with requests in flight; %d batches acknowledged and stored", 3, killsInFlight, sum(senders))
}

func sum(ss []*kioskSender) int64 {
	var n int64
	for _, s := range ss {
		n += s.acked.Load()
	}
	return n
}

// sendBatch posts a gzip'd batch; nil only for a 200 whose every item is
// accepted or duplicate.
func sendBatch(client *http.Client, base, token string, body []byte, n int) error {
	status, out, err := scoringtest.Post(client, base, token, body)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("status %d: %s", status, out)
	}
	var res protocol.BatchResult
	if err := json.Unmarshal(out, &res); err != nil {
		return err
	}
	if len(res.Results) != n {
		return errors.New("short result")
	}
	for _, r := range res.Results {
		if r.Status == protocol.StatusRejected {
			return fmt.Errorf("rejected: %+v", r)
		}
	}
	return nil
}
