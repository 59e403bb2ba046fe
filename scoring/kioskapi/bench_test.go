package kioskapi_test

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"
	"github.com/prometheus/client_golang/prometheus"

	"hailong/kiosk/internal/benchcpu"
	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

// benchKiosks is how many kiosks send at once in BenchmarkIngestHTTP,
// each its own chain, in seq order, one batch at a time.
const benchKiosks = 4

// BenchmarkIngestHTTP measures server ingest through the real HTTP path:
// a server on 127.0.0.1:0 with its SQLite store (WAL, synchronous=FULL),
// real HTTP clients, gzip'd batches of 500 valid chained responses. Each
// iteration is one batch; bodies are built before the timer starts, since
// making them is the kiosks' work. Compare with BenchmarkRawBatchInsert in
// the same run.
func BenchmarkIngestHTTP(b *testing.B) {
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(b.TempDir(), "scoring.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	tech, off := pinHashes(b)
	if _, err := st.SaveCentre(ctx, scoring.Centre{ID: "c1", Name: "Centre", Scale: survey.ScaleLegal3, TechnicianPINHash: tech}); err != nil {
		b.Fatal(err)
	}
	if _, err := st.SaveOfficer(ctx, scoring.Officer{CentreID: "c1", ID: "o1", Name: "Officer", PINHash: off}); err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil)) // info lines are formatted, as in production
	h := kioskapi.NewServer(log, st, prometheus.NewRegistry(), kioskapi.Config{RatePerSecond: 1e6, RateBurst: 1e6, BatchRatePerSecond: 1e6, BatchBurst: 1e6})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: benchKiosks, DisableCompression: true}}

	tokens, versions := make([]string, benchKiosks), make([]string, benchKiosks)
	bodies := make([][][]byte, benchKiosks)
	for k := range benchKiosks {
		id := fmt.Sprintf("bench-k%d", k)
		code, err := scoring.IssueEnrolCode(ctx, st, "c1", fmt.Sprint(k+1), time.Now(), time.Hour)
		if err != nil {
			b.Fatal(err)
		}
		resp, err := client.Post(base+protocol.PathEnrol, "application/json",
			bytes.NewReader(jsonBody(b, protocol.EnrolRequest{Code: code, KioskID: id})))
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("enrol: %v %v", err, resp)
		}
		var er protocol.EnrolResponse
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		decodeInto(b, body, &er)
		tokens[k], versions[k] = er.Token, er.Config.Version
	}
	prev := make([]string, benchKiosks)
	next := make([]int64, benchKiosks)
	for k := range prev {
		prev[k], next[k] = survey.GenesisHash, 1
	}
	for i := range b.N {
		k := i % benchKiosks
		rs := scoringtest.Chain(scoringtest.Kiosk{ID: fmt.Sprintf("bench-k%d", k), CentreID: "c1", CounterID: fmt.Sprint(k + 1), OfficerID: "o1", ConfigVersion: versions[k]},
			next[k], prev[k], protocol.MaxBatchResponses)
		prev[k], next[k] = rs[len(rs)-1].Hash, next[k]+int64(len(rs))
		bodies[k] = append(bodies[k], scoringtest.Body(fmt.Sprintf("b%d", i), rs, true))
	}

	b.ResetTimer()
	c0 := benchcpu.Used(b)
	var wg sync.WaitGroup
	errs := make(chan error, benchKiosks)
	for k := range benchKiosks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, body := range bodies[k] {
				if err := postBatch(client, base, tokens[k], body); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	cpu := benchcpu.Used(b) - c0
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	n := b.N * protocol.MaxBatchResponses
	if stored, _, _ := st.Counts(ctx); stored != n {
		b.Fatalf("%d stored, want %d", stored, n)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "responses/s")
	b.ReportMetric(float64(cpu.Nanoseconds())/1e3/float64(n), "cpu-µs/response")
}

func postBatch(client *http.Client, base, token string, body []byte) error {
	status, out, err := scoringtest.Post(client, base, token, body)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("status %d: %s", status, out)
	}
	if n := bytes.Count(out, []byte(`"status":"accepted"`)); n != protocol.MaxBatchResponses {
		return errors.New("not every response was accepted: " + string(out[:min(len(out), 300)]))
	}
	return nil
}

// BenchmarkRawBatchInsert is the raw limit beside BenchmarkIngestHTTP:
// the same table, DSN and packed columns, 500 plain INSERTs per
// transaction, with no HTTP, JSON, validation, duplicate check or chain
// bookkeeping. "database-sql" binds through database/sql's prepared
// statement, "driver" through go-sqlite3's directly, as the store does.
func BenchmarkRawBatchInsert(b *testing.B) {
	for _, viaDriver := range []bool{false, true} {
		name := "database-sql"
		if viaDriver {
			name = "driver"
		}
		b.Run(name, func(b *testing.B) { rawBatchInsert(b, viaDriver) })
	}
}

func rawBatchInsert(b *testing.B, viaDriver bool) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "raw.db")
	st, err := sqlitestore.Open(ctx, path) // for the schema
	if err != nil {
		b.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite3", sqlitestore.DSN(path, sqlitestore.DSNParams))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	const insert = `INSERT INTO responses (id, kiosk_no, seq, prev_hash, hash, centre_id, counter_id,
		officer_id, scale, raw_value, level, reasons, outcome, filter_reason, invitation_id, ticket, dossier_code,
		lang, created_at, created_ms, duration_ms, app_version, config_version, received_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	batches := make([][][]any, b.N)
	prev := survey.GenesisHash
	now := time.Now().UnixMilli()
	for i := range batches {
		rs := scoringtest.Chain(kioskOf("raw"), int64(i*protocol.MaxBatchResponses+1), prev, protocol.MaxBatchResponses)
		prev = rs[len(rs)-1].Hash
		for _, r := range rs {
			id, _ := hex.DecodeString(strings.ReplaceAll(r.ID, "-", ""))
			ph, _ := hex.DecodeString(r.PrevHash)
			h, _ := hex.DecodeString(r.Hash)
			batches[i] = append(batches[i], []any{id, int64(1), r.Seq, ph, h, r.CentreID, r.CounterID,
				r.OfficerID, r.Scale, int64(r.RawValue), string(r.Level), "[]", string(r.Outcome), r.FilterReason,
				r.InvitationID, r.Ticket, r.DossierCode, r.Lang, r.CreatedAt, now, r.DurationMS, r.AppVersion,
				r.ConfigVersion, now})
		}
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	stmt, err := conn.PrepareContext(ctx, insert)
	if err != nil {
		b.Fatal(err)
	}
	defer stmt.Close()
	b.ResetTimer()
	c0 := benchcpu.Used(b)
	for _, batch := range batches {
		if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			b.Fatal(err)
		}
		if viaDriver {
			err = conn.Raw(func(dc any) error {
				s, err := dc.(*sqlite3.SQLiteConn).PrepareContext(ctx, insert)
				if err != nil {
					return err
				}
				defer s.Close()
				args := make([]driver.NamedValue, 24)
				for _, r := range batch {
					for j, v := range r {
						args[j] = driver.NamedValue{Ordinal: j + 1, Value: v}
					}
					if _, err := s.(driver.StmtExecContext).ExecContext(ctx, args); err != nil {
						return err
					}
				}
				return nil
			})
		} else {
			for _, r := range batch {
				if _, err = stmt.ExecContext(ctx, r...); err != nil {
					break
				}
			}
		}
		if err != nil {
			b.Fatal(err)
		}
		if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N*protocol.MaxBatchResponses)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64((benchcpu.Used(b)-c0).Nanoseconds())/1e3/float64(b.N*protocol.MaxBatchResponses), "cpu-µs/row")
}
