package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"hailong/kiosk/scoring/sqlitestore"
)

// TestBackupDuringIngestThenRestore is the acceptance test "scoring-server
// backup during a running ingest gives a database that passes
// integrity_check and holds every response acknowledged before the backup
// began", then restore: refused while the server runs, done once it is
// stopped (killed, its WAL unfolded), after which the server goes on from
// the copy.
func TestBackupDuringIngestThenRestore(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	dir := t.TempDir()
	bin := buildServer(t)
	db := filepath.Join(dir, "scoring.db")
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Quảng Ninh", "--technician-pin", "909090")
	mustCLI(t, db, "officer", "add", "--centre", "qn", "--id", "cb01", "--name", "Nguyễn Thị Lan", "--pin", "1111")
	proc := startProcess(t, bin, db)

	const kiosks, batches, perBatch = 6, 30, 50
	senders := enrolSenders(t, proc.base, db, "bk-k", kiosks, batches, perBatch)
	// send posts every batch of every kiosk to base, each until a 200.
	send := func(ctx context.Context, base string, inFlight *atomic.Int64) {
		var wg sync.WaitGroup
		for _, s := range senders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				client := &http.Client{Timeout: 10 * time.Second}
				for _, body := range s.batches[s.acked.Load():] {
					for ctx.Err() == nil {
						inFlight.Add(1)
						err := sendBatch(client, base, s.token, body, perBatch)
						inFlight.Add(-1)
						if err == nil {
							s.acked.Add(1)
							break
						}
						time.Sleep(20 * time.Millisecond)
					}
				}
			}()
		}
		wg.Wait()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var inFlight atomic.Int64
	sent := make(chan struct{})
	go func() { defer close(sent); send(ctx, proc.base, &inFlight) }()

	for sum(senders) < kiosks*batches/3 && ctx.Err() == nil {
		time.Sleep(2 * time.Millisecond)
	}
	// Every response acknowledged before the backup begins.
	var ackedBefore []string
	for _, s := range senders {
		for _, ids := range s.ids[:s.acked.Load()] {
			ackedBefore = append(ackedBefore, ids...)
		}
	}
	busy := inFlight.Load()
	atStart := sum(senders)
	out := filepath.Join(t.TempDir(), "backup.db")
	stdout, errOut, err := cli(t, "", "backup", "--db", db, "--out", out)
	atEnd := sum(senders)
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, errOut)
	}
	<-sent
	if ctx.Err() != nil || sum(senders) != kiosks*batches {
		t.Fatalf("the senders did not finish: %d of %d batches", sum(senders), kiosks*batches)
	}
	if busy == 0 || sum(senders) == atStart {
		t.Fatalf("the backup did not run during ingest: %d requests in flight as it began, %d batches acknowledged after", busy, sum(senders)-atStart)
	}
	t.Logf("backup began with %d batches acknowledged and %d requests in flight; %d batches acknowledged while it ran\n%s", atStart, busy, atEnd-atStart, stdout)

	info, err := sqlitestore.CheckCopy(context.Background(), out) // integrity_check included
	if err != nil {
		t.Fatalf("the copy: %v", err)
	}
	copied := idsIn(t, out)
	for _, id := range ackedBefore {
		if !copied[id] {
			t.Fatalf("response %s was acknowledged before the backup began but is not in the copy", id)
		}
	}
	if info.Responses < int64(len(ackedBefore)) || int(info.Responses) != len(copied) {
		t.Fatalf("the copy holds %d responses, %d acknowledged before", info.Responses, len(ackedBefore))
	}
	m := regexp.MustCompile(`(?m)^Backed up to (.+): [0-9.]+ [kMG]?B, ([0-9]+) responses, schema version [0-9]+, integrity check: ok$`).FindStringSubmatch(stdout)
	if m == nil || m[1] != out || m[2] != fmt.Sprint(info.Responses) || !strings.Contains(stdout, "Đã sao lưu vào "+out) {
		t.Fatalf("backup said:\n%s", stdout)
	}
	if _, _, err := cli(t, "", "backup", "--db", db, "--out", out); err == nil || exitCode(err) != 2 ||
		!strings.Contains(err.Error(), "backup never overwrites a file") || !strings.Contains(err.Error(), "sao lưu không bao giờ ghi đè") {
		t.Fatalf("a second backup over the first: %v", err)
	}

	// Restore: refused while the server runs.
	_, _, err = cli(t, "", "restore", "--db", db, "--from", out)
	if err == nil || !strings.Contains(err.Error(), "the server is running on "+db) || !strings.Contains(err.Error(), "máy chủ đang chạy") ||
		!strings.Contains(err.Error(), "systemctl stop hailong-scoring-server") {
		t.Fatalf("restore beside a running server: %v", err)
	}
	if n := len(idsIn(t, db)); n != kiosks*batches*perBatch {
		t.Fatalf("the refused restore changed the database: %d responses", n)
	}
	proc.kill() // stopped the hard way: its WAL is left unfolded
	stdout, errOut, err = cli(t, "", "restore", "--db", db, "--from", out)
	if err != nil {
		t.Fatalf("restore: %v\n%s", err, errOut)
	}
	asides, _ := filepath.Glob(db + ".before-restore-*")
	if len(asides) != 1 || !strings.Contains(stdout, "The old database is kept at "+asides[0]) ||
		!strings.Contains(stdout, fmt.Sprintf("Restored %s from %s: %d responses", db, out, info.Responses)) || !strings.Contains(stdout, "Đã khôi phục") {
		t.Fatalf("restore said:\n%s\nasides %v", stdout, asides)
	}
	if n := len(idsIn(t, asides[0])); n != kiosks*batches*perBatch {
		t.Fatalf("the old database kept aside holds %d responses", n)
	}
	if n := len(idsIn(t, db)); int64(n) != info.Responses {
		t.Fatalf("the restored database holds %d responses, the copy %d", n, info.Responses)
	}

	// The server starts on the restored database and takes the kiosks'
	// chains where the copy left them: resent, what it holds comes back
	// as duplicates and the rest is stored after it.
	proc = startProcess(t, bin, db)
	// What the copy lacks shows as missing seqs once a kiosk's next
	// ratings arrive (docs/BACKUP.md says so).
	last := senders[0]
	if err := sendBatch(http.DefaultClient, proc.base, last.token, last.batches[batches-1], perBatch); err != nil {
		t.Fatal(err)
	}
	list := mustCLI(t, db, "kiosk", "list")
	if missing := kioskColumn(list, "bk-k0", "missing"); missing == "" || missing == "0" {
		t.Fatalf("after restore and a later batch, kiosk list shows no missing seqs:\n%s", list)
	}
	for _, s := range senders {
		s.acked.Store(0)
	}
	var none atomic.Int64
	send(ctx, proc.base, &none)
	proc.kill()
	if n := len(idsIn(t, db)); n != kiosks*batches*perBatch {
		t.Fatalf("after resending: %d responses, want %d", n, kiosks*batches*perBatch)
	}
}

// idsIn reads the response ids of a database file, as the kiosks wrote
// them.
func idsIn(t *testing.T, path string) map[string]bool {
	t.Helper()
	db, err := sql.Open("sqlite3", sqlitestore.DSN(path, "mode=ro&_busy_timeout=5000"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT id FROM responses")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ids := map[string]bool{}
	for rows.Next() {
		var b []byte // the 16 bytes of the UUID (sqlitestore/codec.go)
		if err := rows.Scan(&b); err != nil {
			t.Fatal(err)
		}
		ids[uuid.Must(uuid.FromBytes(b)).String()] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestBackupAndRestoreCommandErrors: what backup and restore say when
// there is nothing to copy or the copy is unusable.
func TestBackupAndRestoreCommandErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "scoring.db")
	missing := filepath.Join(dir, "missing.db")
	_, _, err := cli(t, missing, "backup", "--out", filepath.Join(dir, "b.db"))
	if err == nil || !strings.Contains(err.Error(), "there is no database "+missing) {
		t.Fatalf("backup of a missing database: %v", err)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Fatal("backup created the missing database")
	}
	if _, _, err := cli(t, db, "backup"); err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "--out") {
		t.Fatalf("backup without --out: %v", err)
	}
	mustCLI(t, db, "migrate")
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a database at all, only words"), 0o600)
	_, _, err = cli(t, db, "restore", "--from", junk)
	if err == nil || !strings.Contains(err.Error(), "is not a usable backup") || !strings.Contains(err.Error(), "không phải bản sao lưu dùng được") {
		t.Fatalf("restore from junk: %v", err)
	}
	_, _, err = cli(t, db, "restore", "--from", filepath.Join(dir, "nope.db"))
	if err == nil || !strings.Contains(err.Error(), "check --from") {
		t.Fatalf("restore from a missing file: %v", err)
	}
}

// kioskColumn is one column of one kiosk's row of `kiosk list`.
func kioskColumn(list, kiosk, column string) string {
	lines := strings.Split(strings.TrimSuffix(list, "\n"), "\n")
	header := strings.Split(lines[0], "\t")
	for _, l := range lines[1:] {
		fields := strings.Split(l, "\t")
		if fields[0] != kiosk {
			continue
		}
		for i, h := range header {
			if h == column && i < len(fields) {
				return fields[i]
			}
		}
	}
	return ""
}
