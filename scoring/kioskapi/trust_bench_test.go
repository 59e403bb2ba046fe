package kioskapi

import (
	"testing"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// BenchmarkTrustCheck is the per-response cost of the trust check on the
// ingest path (map look-ups only), for a batch under one version.
func BenchmarkTrustCheck(b *testing.B) {
	k := scoring.Kiosk{ID: "k1", CentreID: "c1", CounterID: "1"}
	sc, _ := survey.NewScale(survey.ScaleLegal3)
	r := scoring.CompileTrust(scoring.IssuedConfig{KioskID: "k1", Version: "v1", CentreID: "c1", CounterID: "1", Scale: sc.Name,
		Levels: sc.Mapping, Officers: []string{"o1", "o2", "o3"}, Reasons: []string{"rude", "wait", "late"},
		ReasonsFor: []survey.Level{survey.Dissatisfied}})
	t := &batchTrust{kiosk: k, versions: map[string]*scoring.TrustRules{"v1": r}, first: "v1", firstRules: r}
	rs := scoringtest.Chain(scoringtest.Kiosk{ID: "k1", CentreID: "c1", CounterID: "1", OfficerID: "o1", ConfigVersion: "v1"},
		1, survey.GenesisHash, protocol.MaxBatchResponses)
	var res protocol.ItemResult
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if !t.check(&rs[i%len(rs)], &res) {
			b.Fatalf("rejected: %+v", res)
		}
	}
}
