package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// cli runs one command line against db and returns its stdout, stderr and
// error.
func cli(t *testing.T, db string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string {
		if k == "SCORING_DB" {
			return db
		}
		return ""
	}
	err := run(context.Background(), args, getenv, &out, &errOut)
	return out.String(), errOut.String(), err
}

// mustCLI runs a command line that must succeed.
func mustCLI(t *testing.T, db string, args ...string) string {
	t.Helper()
	out, errOut, err := cli(t, db, args...)
	if err != nil {
		t.Fatalf("%v: %v\n%s", args, err, errOut)
	}
	return out
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listenRe = regexp.MustCompile(`"msg":"listening","addr":"([^"]+)"`)

// serve starts `scoring-server serve` in this process and returns its base
// URL and a function that stops it and returns run's error.
func serve(t *testing.T, db string, extra ...string) (string, func() error) {
	t.Helper()
	base, stop, _ := serveArgs(t, append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, extra...)...)
	return base, stop
}

// serveArgs runs exactly the command line args (a serve) in this process
// and returns its base URL, a function that stops it and its log.
func serveArgs(t *testing.T, args ...string) (string, func() error, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, func(string) string { return "" }, io.Discard, logs)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := listenRe.FindStringSubmatch(logs.String()); m != nil {
			return "http://" + m[1], func() error { cancel(); return <-done }, logs
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, logs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("serve did not start:\n%s", logs.String())
	return "", nil, nil
}

func post(t *testing.T, url, token string, body any) (int, []byte) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// pngFile writes a minimal PNG-looking file.
func pngFile(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "lan.png")
	if err := os.WriteFile(p, append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 32)...), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCommandsEndToEnd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "scoring.db")
	if out := mustCLI(t, db, "migrate"); !regexp.MustCompile(`^schema version [1-9][0-9]*\n$`).MatchString(out) {
		t.Fatalf("migrate: %q", out)
	}
	if out := mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Trung tâm Phục vụ hành chính công", "--technician-pin", "909090"); out != "centre\tqn\tadded\n" {
		t.Fatalf("centre add: %q", out)
	}
	if out := mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Trung tâm PVHCC Quảng Ninh", "--technician-pin", "909090", "--manager-pin", "808080"); out != "centre\tqn\tupdated\n" {
		t.Fatalf("centre add again: %q", out)
	}
	if out := mustCLI(t, db, "officer", "add", "--centre", "qn", "--id", "cb01", "--name", "Nguyễn Thị Lan", "--title", "Chuyên viên", "--photo", pngFile(t), "--pin", "1111"); out != "officer\tqn/cb01\tadded\n" {
		t.Fatalf("officer add: %q", out)
	}
	code := strings.TrimSuffix(mustCLI(t, db, "enrol-code", "--centre", "qn", "--counter", "3"), "\n")
	if !regexp.MustCompile(`^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$`).MatchString(code) {
		t.Fatalf("enrol-code printed %q", code)
	}

	base, stop := serve(t, db)
	status, body := post(t, base+protocol.PathEnrol, "", protocol.EnrolRequest{Code: code, KioskID: "k1", Hostname: "quay-3", AppVersion: "0.1.0"})
	if status != http.StatusOK {
		t.Fatalf("enrol: %d %s", status, body)
	}
	var er protocol.EnrolResponse
	json.Unmarshal(body, &er)
	if _, err := er.Config.ToSurvey(); err != nil {
		t.Fatalf("the configuration made from the command line does not validate: %v", err)
	}
	if len(er.Config.Officers) != 1 || er.Config.Officers[0].PhotoURL == "" || er.Config.ManagerPINHash == "" {
		t.Fatalf("config %+v", er.Config)
	}
	rs := scoringtest.Chain(scoringtest.Kiosk{ID: "k1", CentreID: "qn", CounterID: "3", OfficerID: "cb01", ConfigVersion: er.Config.Version}, 1, survey.GenesisHash, 20)
	if status, body := post(t, base+protocol.PathResponses, er.Token, protocol.Batch{BatchID: scoringtest.BatchID("b1"), Responses: rs}); status != http.StatusOK {
		t.Fatalf("batch: %d %s", status, body)
	}
	if status, body := post(t, base+protocol.PathHeartbeat, er.Token, protocol.Heartbeat{AppVersion: "0.1.0", Pending: 3,
		Clock: time.Now().Add(7 * time.Minute)}); status != http.StatusOK {
		t.Fatalf("heartbeat: %d %s", status, body)
	}

	list := mustCLI(t, db, "kiosk", "list")
	lines := strings.Split(strings.TrimSuffix(list, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("kiosk list:\n%s", list)
	}
	row := map[string]string{}
	header, fields := strings.Split(lines[0], "\t"), strings.Split(lines[1], "\t")
	for i, h := range header {
		row[h] = fields[i]
	}
	for k, want := range map[string]string{"id": "k1", "centre": "qn", "counter": "3", "app_version": "0.1.0",
		"pending": "3", "last_seq": "20", "contiguous_seq": "20", "missing": "0", "gaps": "-", "breaks": "0",
		"skewed": "yes", "revoked": "-"} {
		if row[k] != want {
			t.Errorf("kiosk list %s = %q, want %q\n%s", k, row[k], want, list)
		}
	}
	if !strings.HasPrefix(row["clock_skew_s"], "+4") { // about +420 s
		t.Errorf("clock_skew_s %q", row["clock_skew_s"])
	}

	csvOut, errOut, err := cli(t, db, "export", "--from", "2025-11-24", "--to", "2025-11-24", "--centre", "qn", "--format", "csv")
	if err != nil || !strings.HasPrefix(csvOut, "\ufeff") || errOut != "20 responses\n" {
		t.Fatalf("export: %v %q", err, errOut)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvOut, "\ufeff"))).ReadAll()
	if err != nil || len(recs) != 21 || recs[0][0] != "id" || recs[0][len(recs[0])-1] != "received_at" || recs[1][0] != rs[0].ID {
		t.Fatalf("export: %v, %d records", err, len(recs))
	}
	out := filepath.Join(t.TempDir(), "day.csv")
	mustCLI(t, db, "export", "--from", "2025-11-24", "--to", "2025-11-24", "--out", out)
	if b, err := os.ReadFile(out); err != nil || string(b) != csvOut {
		t.Fatalf("--out wrote something else: %v", err)
	}

	if out := mustCLI(t, db, "kiosk", "revoke", "k1"); out != "kiosk\tk1\trevoked\n" {
		t.Fatalf("revoke: %q", out)
	}
	if status, _ := post(t, base+protocol.PathHeartbeat, er.Token, protocol.Heartbeat{Clock: time.Now()}); status != http.StatusUnauthorized {
		t.Fatalf("after revoke: %d", status)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
}

func TestCommandLineErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "scoring.db")
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{}, 2, "no command"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"centre", "add", "--id", "c1", "--name", "C"}, 2, "--technician-pin"},
		{[]string{"centre", "add", "--id", "c1", "--name", "C", "--technician-pin", "12"}, 2, "6 to 12 digits"},
		{[]string{"centre", "add", "--id", "c1", "--name", "C", "--technician-pin", "4826"}, 2, "mã PIN kỹ thuật viên phải có từ 6 đến 12 chữ số (mã này có 4); hãy chọn mã khác / a technician PIN must have 6 to 12 digits (this one has 4); choose another"},
		{[]string{"centre", "add", "--id", "c1", "--name", "C", "--technician-pin", "482619", "--manager-pin", "8888"}, 2, "a manager PIN must have 6 to 12 digits"},
		{[]string{"centre", "add", "--id", "c1", "--name", "C", "--technician-pin", "111111"}, 2, "too easy to guess"},
		{[]string{"centre", "add", "--id", "c1", "--name", "C", "--technician-pin", "482619", "--scale", "stars"}, 2, "unknown scale"},
		{[]string{"officer", "add", "--centre", "nope", "--id", "o1", "--name", "O", "--pin", "1111"}, 1, "not found"},
		{[]string{"enrol-code", "--centre", "nope", "--counter", "1"}, 1, "not found"},
		{[]string{"enrol-code", "--centre", "c1"}, 2, "--counter"},
		{[]string{"kiosk", "revoke"}, 2, "want 1 argument"},
		{[]string{"kiosk", "revoke", "nope"}, 1, "not found"},
		{[]string{"export", "--from", "2025-11-24", "--to", "2025-11-23"}, 2, "before"},
		{[]string{"export", "--from", "2025-11-24", "--to", "2025-11-24", "--format", "xlsx"}, 2, "only csv"},
		{[]string{"serve", "--tls-cert", "x.pem"}, 2, "go together"},
		{[]string{"serve", "--log-format", "xml"}, 2, "json or text"},
		{[]string{"kiosk", "list", "--db", "postgres://db/hailong"}, 2, "PostgreSQL"},
	} {
		_, _, err := cli(t, db, c.args...)
		if err == nil || exitCode(err) != c.code || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%v: exit %d, %v; want exit %d saying %q", c.args, exitCodeOf(err), err, c.code, c.says)
		}
	}
	if _, _, err := cli(t, db, "help"); !errors.Is(err, errHelp) {
		t.Errorf("help: %v", err)
	}
	if out := mustCLI(t, db, "version"); out != version+"\n" {
		t.Errorf("version: %q", out)
	}
}

func exitCodeOf(err error) int {
	if err == nil {
		return 0
	}
	return exitCode(err)
}

func TestEnrolCodeWarnsWithoutOfficers(t *testing.T) {
	db := filepath.Join(t.TempDir(), "scoring.db")
	mustCLI(t, db, "centre", "add", "--id", "c1", "--name", "C", "--technician-pin", "482619")
	out, errOut, err := cli(t, db, "enrol-code", "--centre", "c1", "--counter", "1")
	if err != nil || len(strings.TrimSpace(out)) != 14 || !strings.Contains(errOut, "no officer") {
		t.Fatalf("%v stdout %q stderr %q", err, out, errOut)
	}
}

func TestServeTLS(t *testing.T) {
	db := filepath.Join(t.TempDir(), "scoring.db")
	cert, key := selfSigned(t)
	base, stop := serve(t, db, "--tls-cert", cert, "--tls-key", key)
	client := tlsClient(t, cert)
	resp, err := client.Get(strings.Replace(base, "http://", "https://", 1) + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.TLS == nil {
		t.Fatalf("%d %v", resp.StatusCode, resp.TLS)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}
