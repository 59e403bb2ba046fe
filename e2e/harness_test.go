package e2e

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hailong/kiosk/localdb"
	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
	"hailong/kiosk/upload"
)

const centreID = "qn-hcc"

// server is the real scoring server on 127.0.0.1:0.
type server struct {
	URL   string
	store *sqlitestore.Store
}

// roster is the demo centre and its officer.
type roster struct {
	centre  scoring.Centre
	officer scoring.Officer
}

// e2eRoster is the demo roster, its PINs hashed once per test binary: every
// server of the tests then sends a kiosk at a counter the same
// configuration version, as servers with the same roster do, so that a
// backlog made for one server's configuration is accepted by the next.
var e2eRoster = sync.OnceValues(func() (roster, error) {
	now := time.Now()
	c, err := scoring.NewCentre(centreID, "Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh", "legal3", "909090", "", now)
	if err != nil {
		return roster{}, err
	}
	o, err := scoring.NewOfficer(centreID, "cb01", "Nguyễn Thị Lan", "Chuyên viên", "1111", nil, "", now)
	return roster{c, o}, err
})

// startServer runs the scoring server with a demo centre and one officer.
// With cert it serves HTTPS.
func startServer(t *testing.T, cert *tls.Certificate) *server {
	t.Helper()
	st := rosterStore(t)
	return serve(t, st, kioskHandler(st), cert)
}

// rosterStore opens a new scoring store holding the demo centre and its
// officer.
func rosterStore(t *testing.T) *sqlitestore.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "scoring.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r, err := e2eRoster()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveCentre(ctx, r.centre); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveOfficer(ctx, r.officer); err != nil {
		t.Fatal(err)
	}
	return st
}

// kioskHandler is the kiosk API over st, with rate limits no test reaches.
func kioskHandler(st *sqlitestore.Store) http.Handler {
	return kioskapi.NewServer(slog.New(slog.DiscardHandler), st, prometheus.NewRegistry(), kioskapi.Config{RatePerSecond: 10000,
		RateBurst: 10000, BatchRatePerSecond: 10000, BatchBurst: 10000})
}

// serve serves h on a free loopback port until the test ends (HTTPS with
// cert).
func serve(t *testing.T, st *sqlitestore.Store, h http.Handler, cert *tls.Certificate) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	scheme := "http"
	if cert != nil {
		scheme = "https"
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*cert}}
		go srv.ServeTLS(ln, "", "")
	} else {
		go srv.Serve(ln)
	}
	t.Cleanup(func() { srv.Close() })
	return &server{URL: scheme + "://" + ln.Addr().String(), store: st}
}

// code issues a single-use enrolment code for counter 1.
func (s *server) code(t *testing.T) string {
	t.Helper()
	c, err := scoring.IssueEnrolCode(context.Background(), s.store, centreID, "1", time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// responses returns every response the server stored.
func (s *server) responses(t *testing.T) []scoring.StoredResponse {
	t.Helper()
	var out []scoring.StoredResponse
	err := s.store.ExportResponses(context.Background(), scoring.ExportFilter{From: time.Now().AddDate(0, 0, -2), To: time.Now().AddDate(0, 0, 2)},
		func(r scoring.StoredResponse) error { out = append(out, r); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// kiosk is a kiosk's store on a temp dir.
type kiosk struct {
	db *localdb.DB
	// cfg is the configuration in force, as the kiosk makes it from the
	// server's (protocol.KioskConfig.ToSurvey): save stamps what the
	// screens stamp, which the server checks.
	cfg survey.Config
}

func newKiosk(t *testing.T) *kiosk {
	t.Helper()
	db, err := localdb.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &kiosk{db: db}
}

// save stores n ratings through the same SaveResponse the screens use,
// made as the screens make them under the configuration in force (the
// enrolment's, or the last applied).
func (k *kiosk) save(t *testing.T, n int) {
	t.Helper()
	if k.cfg.Version == "" {
		t.Fatal("save before the kiosk has a configuration from the server")
	}
	ctx := context.Background()
	now := time.Now()
	choices := k.cfg.Scale.Choices
	for i := 0; i < n; i++ {
		raw := choices[i%len(choices)].Raw
		level, err := k.cfg.Scale.Level(raw)
		if err != nil {
			t.Fatal(err)
		}
		r := survey.Response{CentreID: k.cfg.CentreID, CounterID: k.cfg.CounterID, OfficerID: k.cfg.Officers[0].ID,
			Scale: k.cfg.Scale.Name, RawValue: raw, Level: level,
			Outcome: survey.OutcomeSubmitted, Lang: "vi", CreatedAt: now.Add(time.Duration(i) * time.Millisecond).Format(survey.TimeLayout),
			DurationMS: int64(1000 + i%5000), AppVersion: "e2e", ConfigVersion: k.cfg.Version}
		if k.cfg.NeedsReasons(level) {
			r.Reasons = []string{k.cfg.Reasons[i%len(k.cfg.Reasons)].Code}
		}
		if _, err := k.db.SaveResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
}

// enrol enrols the kiosk through url and returns its token.
func (k *kiosk) enrol(t *testing.T, url, code, caFile string) (protocol.EnrolResponse, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := upload.Enrol(ctx, url, caFile, protocol.EnrolRequest{Code: code, KioskID: k.db.KioskID(), Hostname: "e2e", AppVersion: "e2e"})
	if err == nil {
		k.apply(t, res.Config)
	}
	return res, err
}

// apply makes a configuration from the server the one in force, as the
// kiosk's syncer does.
func (k *kiosk) apply(t *testing.T, pc protocol.KioskConfig) {
	t.Helper()
	cfg, err := pc.ToSurvey()
	if err != nil {
		t.Fatalf("configuration from the server: %v", err)
	}
	k.cfg = cfg
}

// run starts an uploader with fast retries and returns it; it stops at
// the end of the test.
func (k *kiosk) run(t *testing.T, url, token, caFile string) *upload.Uploader {
	t.Helper()
	return k.runWith(t, url, token, caFile, 0)
}

// runBatch is run with a batch size.
func (k *kiosk) runBatch(t *testing.T, url, token string, batch int) *upload.Uploader {
	t.Helper()
	return k.runWith(t, url, token, "", batch)
}

func (k *kiosk) runWith(t *testing.T, url, token, caFile string, batch int) *upload.Uploader {
	t.Helper()
	u, err := upload.New(upload.Options{ServerURL: url, Token: token, CAFile: caFile, Outbox: k.db, AppVersion: "e2e", BatchSize: batch,
		PollInterval: 50 * time.Millisecond, RequestTimeout: 2 * time.Second, HeartbeatInterval: time.Second,
		Backoff: upload.Backoff{Base: 10 * time.Millisecond, Cap: 200 * time.Millisecond, LongPause: 500 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		u.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		u.Close()
		<-done
	})
	return u
}

// waitDrained waits until nothing is pending, or fails after d.
func (k *kiosk) waitDrained(t *testing.T, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		st, err := k.db.Stats(context.Background(), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if st.Pending == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d responses still pending after %s", st.Pending, d)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkExactlyOnce asserts that the server holds each of the kiosk's
// responses once, with the same hash, and that the kiosk has nothing
// pending or quarantined.
func checkExactlyOnce(t *testing.T, s *server, k *kiosk, want int) {
	t.Helper()
	ctx := context.Background()
	local, err := k.db.Responses(ctx, time.Now().AddDate(0, 0, -2), time.Now().AddDate(0, 0, 2))
	if err != nil {
		t.Fatal(err)
	}
	if len(local) != want {
		t.Fatalf("kiosk holds %d responses, want %d", len(local), want)
	}
	got := s.responses(t)
	byID := map[string]string{}
	for _, r := range got {
		if _, dup := byID[r.ID]; dup {
			t.Fatalf("response %s stored twice", r.ID)
		}
		byID[r.ID] = r.Hash
	}
	if len(got) != want {
		t.Fatalf("server holds %d responses, want exactly %d", len(got), want)
	}
	for _, r := range local {
		if h, ok := byID[r.ID]; !ok || h != r.Hash {
			t.Fatalf("response seq %d missing or altered on the server", r.Seq)
		}
	}
	if q, err := k.db.QuarantinedCount(ctx); err != nil || q != 0 {
		t.Fatalf("%d quarantined (err %v)", q, err)
	}
	kiosks, err := s.store.Kiosks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ks := range kiosks {
		if ks.ID == k.db.KioskID() && (ks.ContiguousSeq != int64(want) || len(ks.Gaps) != 0 || ks.Breaks != 0) {
			t.Fatalf("server chain state: contiguous %d gaps %v breaks %d", ks.ContiguousSeq, ks.Gaps, ks.Breaks)
		}
	}
}

func isKind(err error, k upload.Kind) bool {
	var ue *upload.Error
	return errors.As(err, &ue) && ue.Kind == k
}

var _ = fmt.Sprintf
