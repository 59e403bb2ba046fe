package main

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

// TestServeEvaluatesAlerts: serve runs the alert evaluator on its own
// schedule: a batch with a sequence gap opens a chain alert without
// anyone asking, and ingest still answers.
func TestServeEvaluatesAlerts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "scoring.db")
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Trung tâm PVHCC", "--technician-pin", "909090")
	mustCLI(t, db, "officer", "add", "--centre", "qn", "--id", "cb01", "--name", "Nguyễn Thị Lan", "--pin", "1111")
	code := strings.TrimSpace(mustCLI(t, db, "enrol-code", "--centre", "qn", "--counter", "3"))
	base, stop := serve(t, db, "--alert-every", "50ms")
	stopped := false
	defer func() {
		if !stopped {
			stop()
		}
	}()
	status, body := post(t, base+protocol.PathEnrol, "", protocol.EnrolRequest{Code: code, KioskID: "k1", Hostname: "quay-3", AppVersion: "0.1.0"})
	if status != http.StatusOK {
		t.Fatalf("enrol: %d %s", status, body)
	}
	var er protocol.EnrolResponse
	json.Unmarshal(body, &er)
	rs := scoringtest.Chain(scoringtest.Kiosk{ID: "k1", CentreID: "qn", CounterID: "3", OfficerID: "cb01", ConfigVersion: er.Config.Version}, 1, survey.GenesisHash, 6)
	gapped := append(rs[:2:2], rs[4:]...)
	if status, body := post(t, base+protocol.PathResponses, er.Token, protocol.Batch{BatchID: scoringtest.BatchID("b1"), Responses: gapped}); status != http.StatusOK {
		t.Fatalf("batch: %d %s", status, body)
	}
	raw, err := sql.Open("sqlite3", sqlitestore.DSN(db, sqlitestore.DSNParams))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var kind, subject, detail string
		err := raw.QueryRow("SELECT kind, subject, detail FROM alerts WHERE centre_id = 'qn'").Scan(&kind, &subject, &detail)
		if err == nil {
			if kind != "chain" || subject != "k1" || !strings.Contains(detail, `"missing":2`) {
				t.Fatalf("alert %s %s %s; want a chain alert of k1 with 2 missing", kind, subject, detail)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no alert after 10 s: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	stopped = true
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
}
