package demodata

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/scoringtest"
)

// TestKioskAPIAcceptsTheDemoResponses sends the demo ratings as the
// kiosks would: each kiosk enrols over HTTP with a code and stamps the
// configuration the server answered with; each batch goes to POST
// /api/v1/responses. The real kiosk API must accept every response.
func TestKioskAPIAcceptsTheDemoResponses(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	world := World()
	setUpAt := testNow.AddDate(0, 0, -8)
	if err := saveRoster(ctx, st, world, setUpAt); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(kioskapi.NewServer(nil, st, nil, kioskapi.Config{EnrolPerMinute: 600, EnrolBurst: 100,
		BatchRatePerSecond: 1000, BatchBurst: 1000, Now: func() time.Time { return testNow.Add(time.Minute) }}))
	defer srv.Close()

	tokens := map[string]string{}
	var setups []Setup
	for _, c := range world {
		for i := range c.Counters {
			k := scoring.Kiosk{ID: KioskID(c.ID, fmt.Sprint(i+1)), CentreID: c.ID, CounterID: fmt.Sprint(i + 1)}
			code, err := scoring.IssueEnrolCode(ctx, st, k.CentreID, k.CounterID, testNow, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			var enrolled protocol.EnrolResponse
			postJSON(t, srv.URL+protocol.PathEnrol, protocol.EnrolRequest{Code: code, KioskID: k.ID, Hostname: k.ID, AppVersion: AppVersion}, &enrolled)
			ic, err := scoring.IssuedFrom(k, enrolled.Config, testNow)
			if err != nil {
				t.Fatal(err)
			}
			tokens[k.ID] = enrolled.Token
			setups = append(setups, Setup{Kiosk: k, Config: ic})
		}
	}
	ks, _, err := Generate(world, setups, Options{Days: 7, Seed: 1, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	sent := 0
	for _, k := range ks {
		for _, b := range k.Batches {
			status, body, err := scoringtest.Post(srv.Client(), srv.URL, tokens[k.Kiosk.ID], scoringtest.Body(b.ID, b.Responses, true))
			if err != nil || status != http.StatusOK {
				t.Fatalf("kiosk %s batch %s: %d %s %v", k.Kiosk.ID, b.ID, status, body, err)
			}
			var res protocol.BatchResult
			if err := json.Unmarshal(body, &res); err != nil {
				t.Fatal(err)
			}
			for i, item := range res.Results {
				if item.Status != protocol.StatusAccepted {
					t.Fatalf("kiosk %s seq %d: %s %s %s", k.Kiosk.ID, b.Responses[i].Seq, item.Status, item.Reason, item.Detail)
				}
			}
			sent += len(b.Responses)
		}
	}
	if sent < 1000 {
		t.Fatalf("only %d responses sent", sent)
	}
}

func postJSON(t *testing.T, url string, in, out any) {
	t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e bytes.Buffer
		e.ReadFrom(resp.Body)
		t.Fatalf("POST %s: %d %s", url, resp.StatusCode, e.String())
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}
