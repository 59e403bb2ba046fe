// Package scoringtest makes valid, hash-chained responses and gzip'd
// batches for tests and benchmarks of the scoring server and of upload
// clients. It is test support: nothing in production imports it.
package scoringtest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/google/uuid"

	"hailong/kiosk/protocol"
	"hailong/kiosk/survey"
)

// Base is the creation time of the first response Chain makes.
var Base = time.Date(2025, 11, 24, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))

// Kiosk describes whose responses Chain makes.
type Kiosk struct {
	ID        string
	CentreID  string
	CounterID string
	OfficerID string
	// ConfigVersion is stamped on every response: the version of the
	// configuration the server sent the kiosk (EnrolResponse.Config.Version),
	// which the server checks. "" stamps "test-1", for tests of a store.
	ConfigVersion string
}

// Chain returns n valid responses of kiosk k with seqs from, from+1, …,
// chained from prev (survey.GenesisHash when from is 1), one second apart
// from Base plus from seconds. Levels, reasons and languages vary so that
// the records are not all alike.
func Chain(k Kiosk, from int64, prev string, n int) []survey.Response {
	out := make([]survey.Response, 0, n)
	version := k.ConfigVersion
	if version == "" {
		version = "test-1"
	}
	for i := range n {
		seq := from + int64(i)
		id, err := uuid.NewV7()
		if err != nil {
			panic(fmt.Sprintf("scoringtest: uuid: %v", err))
		}
		r := survey.Response{
			ID: id.String(), KioskID: k.ID, Seq: seq, PrevHash: prev,
			CentreID: k.CentreID, CounterID: k.CounterID, OfficerID: k.OfficerID,
			Scale: survey.ScaleLegal3, Outcome: survey.OutcomeSubmitted, Lang: "vi",
			CreatedAt:  Base.Add(time.Duration(seq) * time.Second).Format(survey.TimeLayout),
			DurationMS: 1500 + seq%1000, AppVersion: "0.1.0-test", ConfigVersion: version,
			Reasons: []string{}, // as a kiosk sends it: [] not null
		}
		switch seq % 5 {
		case 0:
			r.RawValue, r.Level, r.Reasons = 1, survey.Dissatisfied, []string{"wait", "rude"}
		case 1, 2:
			r.RawValue, r.Level = 2, survey.Satisfied
		default:
			r.RawValue, r.Level = 3, survey.VerySatisfied
		}
		if seq%7 == 0 {
			r.Lang = "en"
		}
		r.Hash = r.ComputeHash()
		prev = r.Hash
		out = append(out, r)
	}
	return out
}

// Rehash recomputes r's hash after a test changed it.
func Rehash(r survey.Response) survey.Response {
	r.Hash = r.ComputeHash()
	return r
}

// BatchID returns name if it is a UUID in lowercase text form, as a
// batch_id must be, and else a UUID made from it (the same for the same
// name), so that tests can name their batches.
func BatchID(name string) string {
	if survey.ValidUUID(name) {
		return name
	}
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte("hailong test batch "+name)).String()
}

// Body encodes a batch as JSON, gzip'd when zip is true. Its batch_id is
// BatchID(batchID).
func Body(batchID string, rs []survey.Response, zip bool) []byte {
	if rs == nil {
		rs = []survey.Response{} // responses is an array, never null
	}
	b, err := json.Marshal(protocol.Batch{BatchID: BatchID(batchID), Responses: rs})
	if err != nil {
		panic(fmt.Sprintf("scoringtest: encode batch: %v", err))
	}
	if !zip {
		return b
	}
	return Gzip(b)
}

// Gzip compresses b.
func Gzip(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		panic(fmt.Sprintf("scoringtest: gzip: %v", err))
	}
	if err := zw.Close(); err != nil {
		panic(fmt.Sprintf("scoringtest: gzip: %v", err))
	}
	return buf.Bytes()
}

// Post sends a gzip'd batch body to the server at base as the kiosk whose
// token it is, and returns the answer's status and body.
func Post(client *http.Client, base, token string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest("POST", base+protocol.PathResponses, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, out, err
}
