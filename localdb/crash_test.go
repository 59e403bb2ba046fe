package localdb

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// crashDirEnv tells TestCrashChild where the shared database is.
const crashDirEnv = "LOCALDB_CRASH_CHILD_DIR"

// TestCrashChild is the child process of TestKill9NeverLosesAnAcknowledgedSave:
// it saves responses in a tight loop and prints "ACK id seq" for each one
// only after SaveResponse returned nil, until it is killed.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("child process of TestKill9NeverLosesAnAcknowledgedSave")
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(3)
	}
	db, err := Open(dir)
	if err != nil {
		fail(err)
	}
	// os.Stdout is unbuffered: each line is one write(2) to the pipe, so it
	// is in the parent's hands before the next save starts.
	if _, err := os.Stdout.WriteString("READY\n"); err != nil {
		fail(err)
	}
	ctx := context.Background()
	line := make([]byte, 0, 64)
	for i := 0; ; i++ {
		r := sample(i, time.Now())
		r.Ticket = strconv.Itoa(i)
		saved, err := db.SaveResponse(ctx, r)
		if err != nil {
			fail(err)
		}
		line = fmt.Appendf(line[:0], "ACK %s %d\n", saved.ID, saved.Seq)
		if _, err := os.Stdout.Write(line); err != nil {
			fail(err)
		}
	}
}

// TestKill9NeverLosesAnAcknowledgedSave is SPEC §5's promise under kill -9:
// a child process saves in a tight loop on one database and is killed with
// SIGKILL after a random 5–60 ms, again and again. After every kill the
// database must hold every response the child acknowledged, at its seq,
// with no gap, an intact chain and a clean integrity check.
func TestKill9NeverLosesAnAcknowledgedSave(t *testing.T) {
	if os.Getenv(crashDirEnv) != "" {
		t.Skip("inside the child")
	}
	kills := 200
	if testing.Short() {
		kills = 20
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, seed>>1))
	t.Logf("seed %d", seed)
	dir := t.TempDir()
	acked := map[string]int64{} // id → seq, every acknowledgement ever received
	start := time.Now()
	var inOpen, maxRows int
	for k := range kills {
		// Mostly count the delay from READY, so the kill lands in the save
		// loop; every 8th run counts it from exec, so it can land in Open.
		fromExec := k%8 == 7
		delay := time.Duration(5+rng.IntN(56)) * time.Millisecond
		got, ready, err := runAndKill(dir, delay, fromExec)
		if err != nil {
			t.Fatalf("kill %d: %v", k, err)
		}
		if !ready {
			inOpen++
		}
		for id, seq := range got {
			acked[id] = seq
		}
		n, err := checkAfterCrash(dir, acked)
		if err != nil {
			t.Fatalf("after kill %d (%d acknowledged so far): %v", k, len(acked), err)
		}
		maxRows = n
	}
	t.Logf("%d kills (%d before the child was ready) in %v; %d saves acknowledged, %d stored",
		kills, inOpen, time.Since(start).Round(time.Millisecond), len(acked), maxRows)
	if len(acked) < kills {
		t.Errorf("only %d saves acknowledged over %d runs: the kills hit too early to test anything", len(acked), kills)
	}
}

// runAndKill runs TestCrashChild on dir, kills it with SIGKILL delay after it
// is ready (or after it started, when fromExec), and returns every id and seq
// it acknowledged.
func runAndKill(dir string, delay time.Duration, fromExec bool) (acked map[string]int64, ready bool, err error) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, false, err
	}
	if err := cmd.Start(); err != nil {
		return nil, false, err
	}
	lines := make(chan string, 1024)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out) // a line cut short by the kill has no '\n' and is dropped below
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	timer := time.NewTimer(delay)
	if !fromExec {
		timer.Stop()
	}
	acked = map[string]int64{}
	killed := false
	for lines != nil {
		select {
		case l, ok := <-lines:
			if !ok {
				lines = nil
				break
			}
			switch {
			case l == "READY":
				ready = true
				if !fromExec {
					timer.Reset(delay)
				}
			case strings.HasPrefix(l, "ACK "):
				f := strings.Fields(l)
				seq, perr := strconv.ParseInt(f[len(f)-1], 10, 64)
				if len(f) != 3 || perr != nil {
					return nil, ready, fmt.Errorf("bad line %q", l)
				}
				acked[f[1]] = seq
			}
		case <-timer.C:
			if err := cmd.Process.Kill(); err != nil { // SIGKILL
				return nil, ready, err
			}
			killed = true
		}
	}
	err = cmd.Wait()
	if !killed {
		return nil, ready, fmt.Errorf("child exited by itself (%v): %s", err, stderr.String())
	}
	return acked, ready, nil
}

// checkAfterCrash opens the database as the kiosk would after a crash and
// checks it against every acknowledgement; it returns the number of rows.
func checkAfterCrash(dir string, acked map[string]int64) (int, error) {
	db, err := Open(dir)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.IntegrityCheck(ctx); err != nil {
		return 0, err
	}
	if err := db.VerifyChain(ctx); err != nil {
		return 0, err
	}
	rows, err := db.sql.QueryContext(ctx, "SELECT id, seq FROM responses ORDER BY seq")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	stored := map[string]int64{}
	var want int64 = 1
	for rows.Next() {
		var id string
		var seq int64
		if err := rows.Scan(&id, &seq); err != nil {
			return 0, err
		}
		if seq != want {
			return 0, fmt.Errorf("seq %d follows %d", seq, want-1)
		}
		want++
		stored[id] = seq
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for id, seq := range acked {
		got, ok := stored[id]
		if !ok {
			return 0, fmt.Errorf("acknowledged response %s (seq %d) is lost", id, seq)
		}
		if got != seq {
			return 0, fmt.Errorf("acknowledged response %s was seq %d, stored as %d", id, seq, got)
		}
	}
	return len(stored), nil
}
