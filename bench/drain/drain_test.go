package drain

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"hailong/kiosk/internal/benchcpu"
	"hailong/kiosk/localdb"
	"hailong/kiosk/localdb/localdbtest"
	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
	"hailong/kiosk/upload"
)

// backlog is SPEC §10's: 100,000 pending responses reach the server in
// ≤ 2 s on loopback.
const backlog = 100_000

var ict = time.FixedZone("ICT", 7*3600)

// BenchmarkDrain100kRealServer drains a kiosk store holding 100,000
// pending responses to the scoring server, both as they run in production:
//
//	uploader   localdb (WAL, synchronous=FULL) → upload.Uploader.Run →
//	           HTTP on 127.0.0.1 → kioskapi.NewServer → sqlitestore (WAL,
//	           synchronous=FULL), the kiosk enrolled with upload.Enrol.
//	           The time runs from Run until the uploader reports the outbox
//	           empty: every batch read, encoded, sent, committed by the
//	           server and acknowledged in the kiosk's store.
//
// and beside it, in the same run, the raw limits:
//
//	raw-post   the same 200 gzip'd batches, encoded beforehand, POSTed one
//	           after the other with plain net/http to a fresh real server:
//	           the server's own cost, with no kiosk store and no encoding.
//	raw-noop   the same POSTs to a handler that reads the body and answers
//	           a canned 200: loopback HTTP alone.
//
// Each op is one whole drain of 100,000 (run with -benchtime 1x and
// -count N); every round starts from a copy of the same kiosk store and a
// new, empty server database. The server runs with its default per-kiosk
// rate limits: the batch bucket's burst (400 batches, 200,000 responses)
// is there so that a backlog like this one drains at the server's speed.
// cpu-s/drain is the process's CPU time (kiosk and server together, as both
// run here), steadier than wall time on a shared machine.
func BenchmarkDrain100kRealServer(b *testing.B) {
	tmpl := b.TempDir()
	// The server takes only ratings made under a configuration it sent the
	// kiosk; every round's server sends the same one (benchRoster).
	probe := startServer(b)
	_, cfg := probe.enrolConfig(b, "probe")
	probe.close()
	kioskID := localdbtest.Backlog(b, tmpl, backlog, survey.Response{
		CentreID: "c1", CounterID: "1", OfficerID: "o1", Scale: survey.ScaleLegal3,
		Outcome: survey.OutcomeSubmitted, Lang: "vi", AppVersion: "0.1.0-bench", ConfigVersion: cfg.Version,
	}, time.Date(2025, 11, 1, 8, 0, 0, 0, ict), 30*time.Second)
	file, err := os.ReadFile(filepath.Join(tmpl, localdb.FileName))
	if err != nil {
		b.Fatal(err)
	}
	bodies, ids := encodeBacklog(b, tmpl)

	b.Run("uploader", func(b *testing.B) {
		var m meter
		for range b.N {
			b.StopTimer()
			db := localdbtest.OpenCopy(b, file)
			srv := startServer(b)
			token := srv.enrol(b, db.KioskID())
			drained := make(chan struct{})
			var once bool
			u, err := upload.New(upload.Options{
				ServerURL: srv.url, Token: token, Outbox: db, Logger: slog.New(slog.DiscardHandler),
				OnStatus: func(s upload.Status) { // on the uploader's goroutine
					if !once && s.State == upload.StateIdle && s.Pending == 0 && s.Uploaded > 0 {
						once = true
						close(drained)
					}
				},
			})
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			ran := make(chan error, 1)
			b.StartTimer()
			m.start(b)
			go func() { ran <- u.Run(ctx) }()
			select {
			case <-drained:
			case <-time.After(2 * time.Minute):
				b.Fatalf("not drained after 2 min: %+v", u.Status())
			}
			m.stop(b)
			b.StopTimer()
			if st := u.Status(); st.Uploaded != backlog || st.Quarantined != 0 {
				b.Fatalf("uploader status %+v, want %d uploaded", st, backlog)
			}
			if err := u.Close(); err != nil {
				b.Fatal(err)
			}
			cancel()
			<-ran
			srv.check(b, backlog)
			if rs, err := db.Pending(context.Background(), 1); err != nil || len(rs) != 0 {
				b.Fatalf("kiosk store: %d still pending, %v", len(rs), err)
			}
			if err := db.Close(); err != nil {
				b.Fatal(err)
			}
			srv.close()
		}
		m.report(b)
	})

	b.Run("raw-post", func(b *testing.B) {
		var m meter
		for range b.N {
			b.StopTimer()
			srv := startServer(b)
			token := srv.enrol(b, kioskID)
			client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
			b.StartTimer()
			m.start(b)
			postAll(b, client, srv.url, token, bodies, ids)
			m.stop(b)
			b.StopTimer()
			srv.check(b, backlog)
			client.CloseIdleConnections()
			srv.close()
		}
		m.report(b)
	})

	b.Run("raw-noop", func(b *testing.B) {
		answer := cannedAnswer(b)
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if _, err := io.Copy(io.Discard, r.Body); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write(answer)
		})
		var m meter
		for range b.N {
			b.StopTimer()
			url, stop := serve(b, h)
			client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
			b.StartTimer()
			m.start(b)
			postAll(b, client, url, "noop", bodies, ids)
			m.stop(b)
			b.StopTimer()
			client.CloseIdleConnections()
			stop()
		}
		m.report(b)
	})
}

// meter adds up the wall and CPU time of the timed drains.
type meter struct {
	wall, cpu time.Duration
	n         int
	t0        time.Time
	c0        time.Duration
}

func (m *meter) start(b *testing.B) { m.t0, m.c0 = time.Now(), benchcpu.Used(b) }

func (m *meter) stop(b *testing.B) {
	m.wall += time.Since(m.t0)
	m.cpu += benchcpu.Used(b) - m.c0
	m.n++
}

func (m *meter) report(b *testing.B) {
	if m.n == 0 {
		return
	}
	b.ReportMetric(m.wall.Seconds()/float64(m.n), "s/drain")
	b.ReportMetric(float64(backlog*m.n)/m.wall.Seconds(), "responses/s")
	b.ReportMetric(m.cpu.Seconds()/float64(m.n), "cpu-s/drain")
}

// server is a scoring server as `scoring-server serve` runs it, on
// 127.0.0.1:0 with its SQLite store in a new temporary file.
type server struct {
	url  string
	st   *sqlitestore.Store
	stop func()
	ctx  context.Context
}

func startServer(b *testing.B) *server {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	st, err := sqlitestore.Open(ctx, filepath.Join(dir, "scoring.db"))
	if err != nil {
		b.Fatal(err)
	}
	r, err := benchRoster()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.SaveCentre(ctx, r.centre); err != nil {
		b.Fatal(err)
	}
	if _, err := st.SaveOfficer(ctx, r.officer); err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil)) // request lines formatted, as in production
	// The default limits: a 100,000 backlog is within the batch burst.
	h := kioskapi.NewServer(log, st, prometheus.NewRegistry(), kioskapi.Config{})
	url, stop := serve(b, h)
	return &server{url: url, st: st, stop: stop, ctx: ctx}
}

// benchRoster is centre c1 with officer o1, hashed once so that every
// server of the benchmark sends the same configuration version.
var benchRoster = sync.OnceValues(func() (roster, error) {
	c, err := scoring.NewCentre("c1", "Trung tâm Phục vụ hành chính công", survey.ScaleLegal3, "909090", "", time.Now())
	if err != nil {
		return roster{}, err
	}
	o, err := scoring.NewOfficer("c1", "o1", "Nguyễn Thị Lan", "Chuyên viên", "1111", nil, "", time.Now())
	return roster{c, o}, err
})

type roster struct {
	centre  scoring.Centre
	officer scoring.Officer
}

// enrol enrols the kiosk with a fresh code, through upload.Enrol as
// `kiosk enrol` does, and returns its token.
func (s *server) enrol(b *testing.B, kioskID string) string {
	b.Helper()
	token, _ := s.enrolConfig(b, kioskID)
	return token
}

// enrolConfig enrols the kiosk and returns its token and configuration.
func (s *server) enrolConfig(b *testing.B, kioskID string) (string, protocol.KioskConfig) {
	b.Helper()
	code, err := scoring.IssueEnrolCode(s.ctx, s.st, "c1", "1", time.Now(), time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	res, err := upload.Enrol(s.ctx, s.url, "", protocol.EnrolRequest{Code: code, KioskID: kioskID, Hostname: "bench", AppVersion: "0.1.0-bench"})
	if err != nil {
		b.Fatal(err)
	}
	return res.Token, res.Config
}

// check fails unless the server holds exactly n responses and found
// nothing wrong with the kiosk's chain.
func (s *server) check(b *testing.B, n int) {
	b.Helper()
	stored, events, err := s.st.Counts(s.ctx)
	if err != nil {
		b.Fatal(err)
	}
	if stored != n {
		b.Fatalf("server stored %d responses, want %d", stored, n)
	}
	for kind, c := range events {
		if c != 0 {
			b.Fatalf("server recorded %d %s chain events", c, kind)
		}
	}
}

func (s *server) close() {
	s.stop()
	s.st.Close()
}

// serve serves h on 127.0.0.1:0 and returns its URL and a stop function.
func serve(b *testing.B, h http.Handler) (string, func()) {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	return "http://" + ln.Addr().String(), func() { hs.Close() }
}

// encodeBacklog reads every pending response of the store in dir and
// encodes them as the uploader does: batches of 500 in seq order, compact
// JSON (encoding/json's bytes: the backlog has no character that
// json.Marshal escapes and the uploader does not), gzip at BestSpeed, a
// UUID batch id.
func encodeBacklog(b *testing.B, dir string) (bodies [][]byte, ids []string) {
	b.Helper()
	db, err := localdb.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var after int64
	for {
		rs, err := db.PendingAfter(context.Background(), after, protocol.MaxBatchResponses)
		if err != nil {
			b.Fatal(err)
		}
		if len(rs) == 0 {
			break
		}
		id := uuid.NewString()
		var js bytes.Buffer
		fmt.Fprintf(&js, `{"batch_id":%q,"responses":[`, id)
		for i, r := range rs {
			if i > 0 {
				js.WriteByte(',')
			}
			rj, err := json.Marshal(r)
			if err != nil {
				b.Fatal(err)
			}
			js.Write(rj)
		}
		js.WriteString("]}")
		var z bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&z, gzip.BestSpeed)
		zw.Write(js.Bytes())
		if err := zw.Close(); err != nil {
			b.Fatal(err)
		}
		bodies, ids = append(bodies, z.Bytes()), append(ids, id)
		after = rs[len(rs)-1].Seq
	}
	if len(bodies) != backlog/protocol.MaxBatchResponses {
		b.Fatalf("%d batches", len(bodies))
	}
	return bodies, ids
}

// postAll posts the batches one after the other, as the uploader does,
// and fails unless each answer is a 200 that accepts the whole batch.
func postAll(b *testing.B, client *http.Client, url, token string, bodies [][]byte, ids []string) {
	for i, body := range bodies {
		req, err := http.NewRequest(http.MethodPost, url+protocol.PathResponses, bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-Encoding", "gzip")
		req.Header.Set(protocol.HeaderIdempotencyKey, ids[i])
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		out, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK || bytes.Count(out, []byte(`"accepted"`)) != protocol.MaxBatchResponses {
			b.Fatalf("batch %d: %d %.300s", i, resp.StatusCode, out)
		}
	}
}

// cannedAnswer is a 200's body accepting 500 responses, as large as the
// real server's.
func cannedAnswer(b *testing.B) []byte {
	var buf bytes.Buffer
	buf.WriteString(`{"results":[`)
	for i := range protocol.MaxBatchResponses {
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `{"id":%q,"status":"accepted"}`, uuid.NewString())
	}
	buf.WriteString("]}\n")
	return buf.Bytes()
}
