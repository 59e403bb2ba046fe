package main

import (
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

// End to end (issue 9 item 7): a database edited by hand while serve runs
// (triggers dropped first, a level changed, a row deleted, a row
// inserted) shows in /metrics through serve's scheduled verification, in
// kiosk list, in `verify` (exit 3), and in `verify-export` of an export.
func TestVerifyEndToEnd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "scoring.db")
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Trung tâm PVHCC", "--technician-pin", "909090")
	mustCLI(t, db, "officer", "add", "--centre", "qn", "--id", "cb01", "--name", "Nguyễn Thị Lan", "--pin", "1111")
	code := strings.TrimSpace(mustCLI(t, db, "enrol-code", "--centre", "qn", "--counter", "3"))
	base, stop := serve(t, db, "--verify-every", "50ms")
	status, body := post(t, base+protocol.PathEnrol, "", protocol.EnrolRequest{Code: code, KioskID: "k1", Hostname: "quay-3", AppVersion: "0.1.0"})
	if status != http.StatusOK {
		t.Fatalf("enrol: %d %s", status, body)
	}
	var er protocol.EnrolResponse
	json.Unmarshal(body, &er)
	rs := scoringtest.Chain(scoringtest.Kiosk{ID: "k1", CentreID: "qn", CounterID: "3", OfficerID: "cb01", ConfigVersion: er.Config.Version}, 1, survey.GenesisHash, 20)
	if status, body := post(t, base+protocol.PathResponses, er.Token, protocol.Batch{BatchID: scoringtest.BatchID("b1"), Responses: rs}); status != http.StatusOK {
		t.Fatalf("batch: %d %s", status, body)
	}
	if out, _, err := cli(t, db, "verify"); err != nil || out != "" {
		t.Fatalf("a clean database: %v %q", err, out)
	}

	raw, err := sql.Open("sqlite3", sqlitestore.DSN(db, sqlitestore.DSNParams))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	exec := func(q string, args ...any) error { _, err := raw.Exec(q, args...); return err }
	if err := exec("UPDATE responses SET level = 'very_satisfied' WHERE seq = 5"); err == nil {
		t.Fatal("UPDATE allowed")
	}
	if err := exec("DELETE FROM responses WHERE seq = 9"); err == nil {
		t.Fatal("DELETE allowed")
	}
	extra := rs[13]
	extra.ID, extra.Ticket = uuid.NewString(), "B-999"
	extra = scoringtest.Rehash(extra)
	id := uuid.MustParse(extra.ID)
	prev, _ := hex.DecodeString(extra.PrevHash)
	hash, _ := hex.DecodeString(extra.Hash)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{"DROP TRIGGER responses_no_update", nil},
		{"DROP TRIGGER responses_no_delete", nil},
		{"UPDATE responses SET level = 'very_satisfied', raw_value = 3 WHERE seq = 5", nil},
		{"DELETE FROM responses WHERE seq = 9", nil},
		{`INSERT INTO responses SELECT ?, kiosk_no, seq, ?, ?, centre_id, counter_id, officer_id, scale, raw_value,
			level, reasons, outcome, filter_reason, invitation_id, ?, dossier_code, lang, created_at, created_ms,
			duration_ms, app_version, config_version, received_ms FROM responses WHERE seq = 14`, []any{id[:], prev, hash, extra.Ticket}},
	} {
		if err := exec(q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}

	// serve's incremental pass sees the triggers gone and runs a full one.
	want := []string{`hailong_chain_verify_problems{kind="mismatch"} 1`, `hailong_chain_verify_problems{kind="deleted"} 1`,
		`hailong_chain_verify_problems{kind="inserted"} 1`, `hailong_chain_verify_problems{kind="unprotected"} 2`,
		`hailong_chain_verify_problems{kind="broken_link"} 0`}
	var metrics string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if metrics = string(b); containsAll(metrics, want) {
			break
		}
	}
	if !containsAll(metrics, want) {
		t.Fatalf("metrics after the edit:\n%s", grepLines(metrics, "hailong_chain_verify"))
	}

	list := mustCLI(t, db, "kiosk", "list")
	if row := tsvRow(t, list); row["verify_problems"] != "3" {
		t.Fatalf("kiosk list:\n%s", list)
	}

	out, errOut, err := cli(t, db, "verify", "--kiosk", "k1")
	if exitCodeOf(err) != 3 || !strings.Contains(err.Error(), "3 problems") {
		t.Fatalf("verify: exit %d %v\n%s%s", exitCodeOf(err), err, out, errOut)
	}
	for _, s := range []string{"problem\tmismatch\tk1\t5\t", "problem\tdeleted\tk1\t9\t9\t", "problem\tinserted\tk1\t14\t-\t" + extra.ID} {
		if !strings.Contains(out, s) {
			t.Errorf("verify does not report %q:\n%s", s, out)
		}
	}

	csvFile := filepath.Join(t.TempDir(), "day.csv")
	mustCLI(t, db, "export", "--from", "2025-11-24", "--to", "2025-11-24", "--out", csvFile)
	out, _, err = cli(t, db, "verify-export", csvFile)
	if exitCodeOf(err) != 3 || !strings.Contains(out, "\tmismatch\tk1\t5\t") || !strings.Contains(out, "\tduplicate\tk1\t14\t") ||
		!strings.Contains(out, "chain\tk1\t20\t1\t"+survey.GenesisHash+"\t20\t"+rs[19].Hash+"\t9\n") {
		t.Fatalf("verify-export: %v\n%s", err, out)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyExportOfACleanExport(t *testing.T) {
	dir := t.TempDir()
	rs := scoringtest.Tricky(scoringtest.Kiosk{ID: "k1", CentreID: "qn", CounterID: "3", OfficerID: "cb01"})
	f, err := os.Create(filepath.Join(dir, "x.csv"))
	if err != nil {
		t.Fatal(err)
	}
	w := survey.NewCSVWriter(f)
	w.Write(survey.CSVHeader())
	for _, r := range rs {
		w.Write(r.CSVRecord())
	}
	w.Flush()
	f.Close()
	out, errOut, err := cli(t, filepath.Join(dir, "unused.db"), "verify-export", f.Name())
	if err != nil || !strings.Contains(errOut, "12 ratings") || !strings.HasPrefix(out, "chain\tkiosk\t") {
		t.Fatalf("%v\n%s%s", err, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "unused.db")); err == nil {
		t.Error("verify-export created a database")
	}
}

func containsAll(s string, subs []string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// tsvRow maps the header of a two-line table to its one row.
func tsvRow(t *testing.T, table string) map[string]string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(table, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("want a header and one row:\n%s", table)
	}
	row := map[string]string{}
	header, fields := strings.Split(lines[0], "\t"), strings.Split(lines[1], "\t")
	for i, h := range header {
		row[h] = fields[i]
	}
	return row
}

func TestPruneCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "scoring.db")
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Trung tâm PVHCC", "--technician-pin", "909090")
	mustCLI(t, db, "officer", "add", "--centre", "qn", "--id", "cb01", "--name", "Nguyễn Thị Lan", "--pin", "1111")
	code := strings.TrimSpace(mustCLI(t, db, "enrol-code", "--centre", "qn", "--counter", "3"))
	base, stop := serve(t, db, "--verify-every", "0", "--verify-full-every", "0")
	_, body := post(t, base+protocol.PathEnrol, "", protocol.EnrolRequest{Code: code, KioskID: "k1"})
	var er protocol.EnrolResponse
	json.Unmarshal(body, &er)
	rs := scoringtest.Chain(scoringtest.Kiosk{ID: "k1", CentreID: "qn", CounterID: "3", OfficerID: "cb01", ConfigVersion: er.Config.Version}, 1, survey.GenesisHash, 10)
	if status, body := post(t, base+protocol.PathResponses, er.Token, protocol.Batch{BatchID: scoringtest.BatchID("b1"), Responses: rs}); status != http.StatusOK {
		t.Fatalf("batch: %d %s", status, body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := cli(t, db, "prune", "--before", "2025-11-25", "--dry-run")
	if err != nil || out != "kiosk\tfrom_seq\tto_seq\tto_hash\trows\tskipped\nk1\t1\t10\t"+rs[9].Hash+"\t10\t-\n" || !strings.Contains(errOut, "dry run") {
		t.Fatalf("dry run: %v %q %q", err, out, errOut)
	}
	mustCLI(t, db, "prune", "--before", "2025-11-25")
	if out, _, err := cli(t, db, "verify"); err != nil || out != "" {
		t.Fatalf("verify after prune: %v %q", err, out)
	}
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"prune"}, 2},
		{[]string{"prune", "--before", "25/11/2025"}, 2},
		{[]string{"verify", "--kiosk", "nope"}, 1},
		{[]string{"verify-export"}, 2},
		{[]string{"verify-export", filepath.Join(t.TempDir(), "none.csv")}, 1},
	} {
		if _, _, err := cli(t, db, c.args...); exitCodeOf(err) != c.code {
			t.Errorf("%v: exit %d (%v), want %d", c.args, exitCodeOf(err), err, c.code)
		}
	}
}
