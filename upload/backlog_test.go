package upload

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"hailong/kiosk/internal/benchcpu"
	"hailong/kiosk/localdb"
	"hailong/kiosk/localdb/localdbtest"
	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// Test30DaysOffline: a kiosk is offline for 30 days and holds 60,000
// ratings (2,000 a day). The server comes back after a few failed tries;
// every rating arrives once, in seq order, with the hash chain intact.
// Pruning after the retention period brings the store back to its
// free pages, which new ratings reuse.
func Test30DaysOffline(t *testing.T) {
	if testing.Short() {
		t.Skip("60,000 responses")
	}
	const n = 60_000
	dir := t.TempDir()
	seedDB(t, dir, n, testStart.Add(-30*24*time.Hour), 30*24*time.Hour)
	h := newHarnessIn(t, dir, func(o *Options) {
		o.HeartbeatInterval, o.PollInterval = 24*time.Hour, 24*time.Hour // only retries and prunes wake the loop
	})
	if err := h.db.VerifyChain(t.Context()); err != nil {
		t.Fatalf("fixture: %v", err)
	}
	sizeOffline := dbSize(t, h.db)
	// Still offline: the connection is refused... then it answers 503, then works.
	h.srv.setBehave(func(i int, _ protocol.Batch) action {
		switch i {
		case 1:
			return action{reset: true}
		case 2:
			return action{status: http.StatusServiceUnavailable}
		}
		return action{}
	})
	h.start()
	st := h.u.Status()
	if st.Pending != n || !st.OldestPending.Equal(testStart.Add(-30*24*time.Hour)) {
		t.Errorf("while offline: %d pending, oldest %v", st.Pending, st.OldestPending)
	}
	t0 := time.Now()
	for range 2 {
		h.advance(h.u.Status().NextAttempt.Sub(h.clock.Now()))
	}
	drain := time.Since(t0)

	stored, requests, duplicates := h.srv.counts()
	if stored != n || duplicates != 0 {
		t.Fatalf("server holds %d (%d duplicates), want %d once each", stored, duplicates, n)
	}
	if p := h.pending(); len(p) != 0 {
		t.Fatalf("%d still pending", len(p))
	}
	h.srv.mu.Lock()
	inOrder := slices.IsSorted(h.srv.order) && h.srv.order[0] == 1 && h.srv.order[n-1] == n
	got := make([]survey.Response, 0, n)
	for _, r := range h.srv.stored {
		got = append(got, r)
	}
	h.srv.mu.Unlock()
	if !inOrder {
		t.Error("responses were not stored in seq order")
	}
	slices.SortFunc(got, func(a, b survey.Response) int { return int(a.Seq - b.Seq) })
	if err := survey.VerifyChain(got, survey.GenesisHash); err != nil {
		t.Errorf("server-side chain: %v", err)
	}
	h.srv.assertClean(t)
	sizeDrained := dbSize(t, h.db)

	// 90 days later the acknowledged rows are pruned; new ratings reuse the
	// freed pages instead of growing the file.
	for range 91 {
		h.advance(24 * time.Hour)
	}
	stats, err := h.db.Stats(t.Context(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if stats.ResponsesTotal != 0 {
		t.Fatalf("%d responses left after the retention period", stats.ResponsesTotal)
	}
	sizePruned := dbSize(t, h.db)
	for i := range 2000 { // a day of ratings after pruning
		if _, err := h.db.SaveResponse(t.Context(), rating(i, h.clock.Now())); err != nil {
			t.Fatal(err)
		}
	}
	sizeAfterDay := dbSize(t, h.db)
	t.Logf("60,000 responses over 30 days: drained in %s with %d requests; kiosk.db+wal: %.1f MB offline, %.1f MB drained, %.1f MB pruned (free pages kept), %.1f MB after another 2,000 ratings",
		drain.Round(time.Millisecond), requests, mb(sizeOffline), mb(sizeDrained), mb(sizePruned), mb(sizeAfterDay))
	if perRow := sizeDrained / n; perRow > 2048 {
		t.Errorf("%d bytes per response on disk", perRow)
	}
	if sizeAfterDay > sizePruned {
		t.Errorf("the store grew from %.1f to %.1f MB after pruning instead of reusing its pages", mb(sizePruned), mb(sizeAfterDay))
	}
}

// dbSize is the size of kiosk.db and its WAL, as the technician screen
// shows it; t's log gets the two apart.
func dbSize(t testing.TB, db *localdb.DB) int64 {
	t.Helper()
	s, err := db.Stats(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(db.Path()); err == nil {
		t.Logf("kiosk.db %.1f MB + WAL %.1f MB", mb(fi.Size()), mb(s.DBBytes-fi.Size()))
	}
	return s.DBBytes
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

// BenchmarkDrain100k drains 100,000 pending responses from a kiosk store
// to a minimal in-process server over loopback (minimalServer), beside the raw
// limit: the same gzip batches, already encoded, posted by plain net/http
// to the same server, with no kiosk store. SPEC §10's target is ≤ 2 s.
// Run with -benchtime=1x; each round copies a seeded store.
func BenchmarkDrain100k(b *testing.B) {
	const n = 100_000
	tmpl := b.TempDir()
	seedDB(b, tmpl, n, testStart.Add(-50*24*time.Hour), 50*24*time.Hour)
	file, err := os.ReadFile(filepath.Join(tmpl, localdb.FileName))
	if err != nil {
		b.Fatal(err)
	}

	b.Run("uploader", func(b *testing.B) {
		var total, cpu time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			db := localdbtest.OpenCopy(b, file)
			srv := newMinimalServer(b)
			u, err := New(Options{ServerURL: srv.srv.URL, Token: testToken, Outbox: db, Logger: quietLogger()})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			t0, c0 := time.Now(), benchcpu.Used(b)
			d, err := u.drain(context.Background())
			total, cpu = total+time.Since(t0), cpu+benchcpu.Used(b)-c0
			b.StopTimer()
			if err != nil || d.acked != n {
				b.Fatalf("drained %d of %d: %v", d.acked, n, err)
			}
			if stored := srv.count(); stored != n {
				b.Fatalf("server stored %d", stored)
			}
			db.Close()
		}
		b.ReportMetric(float64(n*b.N)/total.Seconds(), "responses/s")
		b.ReportMetric(total.Seconds()/float64(b.N), "s/drain")
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/drain")
	})

	b.Run("raw-http", func(b *testing.B) {
		bodies, ids := encodedBatches(b, tmpl)
		var total, cpu time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			srv := newMinimalServer(b)
			b.StartTimer()
			t0, c0 := time.Now(), benchcpu.Used(b)
			for j, body := range bodies {
				req, _ := http.NewRequest(http.MethodPost, srv.srv.URL+protocol.PathResponses, bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+testToken)
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Content-Encoding", "gzip")
				req.Header.Set(protocol.HeaderIdempotencyKey, ids[j])
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
			}
			total, cpu = total+time.Since(t0), cpu+benchcpu.Used(b)-c0
			b.StopTimer()
			if stored := srv.count(); stored != n {
				b.Fatalf("server stored %d", stored)
			}
		}
		b.ReportMetric(float64(n*b.N)/total.Seconds(), "responses/s")
		b.ReportMetric(total.Seconds()/float64(b.N), "s/drain")
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/drain")
	})
}

// encodedBatches reads every response of the store in dir and encodes them
// as the uploader would, 500 to a batch.
func encodedBatches(b *testing.B, dir string) (bodies [][]byte, ids []string) {
	b.Helper()
	src, err := localdb.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	rs, err := src.Responses(context.Background(), time.Unix(0, 0), time.Now().Add(24*time.Hour))
	if err != nil {
		b.Fatal(err)
	}
	for len(rs) > 0 {
		k := min(len(rs), protocol.MaxBatchResponses)
		items, err := encodeItems(rs[:k])
		if err != nil {
			b.Fatal(err)
		}
		id := batchID(items)
		body, err := encodeBatch(id, items)
		if err != nil {
			b.Fatal(err)
		}
		bodies, ids = append(bodies, body), append(ids, id)
		rs = rs[k:]
	}
	if len(bodies) == 0 {
		b.Fatal("no batches")
	}
	return bodies, ids
}
