package kioskapi_test

import (
	"strings"
	"testing"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

func TestMetricsExposeIngest(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 30)
	f.mustAccept(token, rs[:10])
	f.send(token, rs[:10])                                                      // 10 duplicates
	f.mustAccept(token, rs[20:])                                                // a gap
	f.send(token, scoringtest.Chain(f.kioskOf("k2"), 1, survey.GenesisHash, 3)) // 3 mismatches
	f.do("POST", protocol.PathResponses, token, []byte("nope"), nil)            // a 400

	body := f.do("GET", "/metrics", "", nil, nil).Body.String()
	for _, want := range []string{
		`hailong_ingest_batches_total{code="200"} 4`,
		`hailong_ingest_batches_total{code="400"} 1`,
		`hailong_ingest_responses_total{reason="",status="accepted"} 20`,
		`hailong_ingest_responses_total{reason="",status="duplicate"} 10`,
		`hailong_ingest_responses_total{reason="kiosk_mismatch",status="rejected"} 3`,
		`hailong_chain_events_total{kind="gap"} 1`,
		`hailong_chain_events_total{kind="broken_chain"} 0`,
		`hailong_enrolments_total{result="ok"} 1`,
		`hailong_http_request_duration_seconds_count{code="200",route="POST /api/v1/responses"} 4`,
		`hailong_http_request_duration_seconds_bucket{code="400",route="POST /api/v1/responses",le="+Inf"} 1`,
		`go_goroutines`,
		`hailong_fleet_kiosks{revoked="false"} 1`,
		`hailong_fleet_open_sequence_gaps 1`,
		`hailong_fleet_missing_responses 10`,
		`hailong_fleet_chain_breaks 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if t.Failed() {
		t.Log(body)
	}
}
