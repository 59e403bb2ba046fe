package sqlitestore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"hailong/kiosk/internal/benchcpu"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest/rolluptest"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

// BenchmarkIngestVaried measures the store's ingest (no HTTP) of batches
// of 500 responses as a kiosk draining a backlog sends them: a day's
// ratings each, 20 to 100 s apart, two officers, every level, outcome and
// repeat filter, reasons on the unhappy ones, so that each batch touches
// as many rollup keys as real ones do (BenchmarkIngestHTTP's responses
// are alike); ids are UUIDv7, as the kiosk makes them. Four kiosks send at once, as there. Each iteration is one
// batch; cpu-µs/response is the process's CPU time, whatever the
// neighbours do to the wall time.
func BenchmarkIngestVaried(b *testing.B) {
	ctx := context.Background()
	st := open(b, filepath.Join(b.TempDir(), "s.db"))
	now := time.Now()
	if _, err := st.SaveCentre(ctx, scoring.Centre{ID: "c1", Name: "C1", Scale: "legal3", TechnicianPINHash: sqlitestore.TechHash, UpdatedAt: now}); err != nil {
		b.Fatal(err)
	}
	const kiosks, batch = 4, 500
	batches := make([][][]survey.Response, kiosks)
	for k := range kiosks {
		id := fmt.Sprintf("k%d", k)
		if err := st.CreateEnrolCode(ctx, scoring.EnrolCode{Hash: id, CentreID: "c1", CounterID: fmt.Sprint(k), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			b.Fatal(err)
		}
		if _, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: id, KioskID: id, TokenHash: id, At: now}); err != nil {
			b.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	prev, seq := make([]string, kiosks), make([]int64, kiosks)
	for i := range b.N {
		k := i % kiosks
		if prev[k] == "" {
			prev[k] = survey.GenesisHash
		}
		day := time.Date(2026, 1, 1, 7, 30, 0, 0, time.FixedZone("", 7*3600)).AddDate(0, 0, i/kiosks)
		rs := make([]survey.Response, batch)
		for j := range rs {
			seq[k]++
			day = day.Add(time.Duration(20+rng.IntN(80)) * time.Second)
			r := survey.Response{ID: uuid.Must(uuid.NewV7()).String(), KioskID: fmt.Sprintf("k%d", k), Seq: seq[k], PrevHash: prev[k],
				CentreID: "c1", CounterID: fmt.Sprint(k), OfficerID: fmt.Sprintf("o%d", rng.IntN(2)), Scale: survey.ScaleLegal3,
				Level: survey.Levels[min(rng.IntN(5), 2)], Outcome: []survey.Outcome{survey.OutcomeSubmitted, survey.OutcomeSkippedReasons, survey.OutcomeTimeout}[min(rng.IntN(8), 2)],
				Lang: "vi", CreatedAt: day.Format(survey.TimeLayout), DurationMS: 2000, AppVersion: "0.1.0", ConfigVersion: "v1", Reasons: []string{}}
			r.RawValue = 3 - min(rng.IntN(5), 2)
			if r.Level == survey.Dissatisfied && r.Outcome != survey.OutcomeSkippedReasons {
				r.Reasons = []string{rolluptest.WorldReasons[rng.IntN(len(rolluptest.WorldReasons))]}
			}
			if rng.IntN(30) == 0 {
				r.FilterReason = survey.FilterRepeat
			}
			r.Hash = r.ComputeHash()
			prev[k] = r.Hash
			rs[j] = r
		}
		batches[k] = append(batches[k], rs)
	}
	b.ResetTimer()
	c0 := benchcpu.Used(b)
	var wg sync.WaitGroup
	for k := range kiosks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, rs := range batches[k] {
				res, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: fmt.Sprintf("k%d", k), BatchID: fmt.Sprint(i), Responses: rs, ReceivedAt: now})
				if err != nil || res.Items[0] != scoring.ItemAccepted {
					b.Error(err, res.Items[0])
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	n := b.N * batch
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "responses/s")
	b.ReportMetric(float64((benchcpu.Used(b)-c0).Nanoseconds())/1e3/float64(n), "cpu-µs/response")
}
