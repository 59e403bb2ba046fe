package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// exampleConfig is the file the package installs as
// /etc/hailong/scoring-server.toml.
const exampleConfig = "../../config/scoring-server.toml"

// writeConfig writes a configuration file and returns its path.
func writeConfig(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "scoring-server.toml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// parseServe parses a serve command line as runServe does, with env as
// the environment.
func parseServe(t *testing.T, env map[string]string, args ...string) (serveFlags, string, error) {
	t.Helper()
	fs, db := newFlags("serve", func(k string) string { return env[k] }, io.Discard)
	o := addServeFlags(fs)
	err := parseFlags(fs, args, 0)
	return o, *db, err
}

// TestExampleConfigListsEveryKeyWithTheDefaults keeps
// config/scoring-server.toml in step with the flags: it loads, it names
// every key (set or commented out), and each value it sets is the flag's
// built-in default but the database path the package decided.
func TestExampleConfigListsEveryKeyWithTheDefaults(t *testing.T) {
	data, err := os.ReadFile(exampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	values, _, err := readConfigFile(exampleConfig)
	if err != nil {
		t.Fatalf("the example does not load: %v", err)
	}
	for key := range configKeys() {
		if !regexp.MustCompile(`(?m)^#? ?` + key + ` = `).Match(data) {
			t.Errorf("the example does not mention %s", key)
		}
	}
	if values["db"] != "/var/lib/hailong-scoring-server/scoring.db" {
		t.Errorf("db = %q", values["db"])
	}
	defaults := flag.NewFlagSet("defaults", flag.ContinueOnError)
	addServeFlags(defaults)
	for key, v := range values {
		f := defaults.Lookup(flagOf(key))
		if key == "db" || f == nil {
			continue
		}
		if f.DefValue != v && !sameDuration(f.DefValue, v) {
			t.Errorf("example %s = %q, the flag's default is %q", key, v, f.DefValue)
		}
	}
	if values["addr"] != "127.0.0.1:8080" {
		t.Errorf("the example listens on %q; the safe default is this machine only", values["addr"])
	}
}

func sameDuration(a, b string) bool {
	da, err1 := time.ParseDuration(a)
	db, err2 := time.ParseDuration(b)
	return err1 == nil && err2 == nil && da == db
}

// TestConfigFilePrecedence: built-in default < $SCORING_DB < file < flag.
func TestConfigFilePrecedence(t *testing.T) {
	file := writeConfig(t, `db = "/srv/from-file.db"
addr = "0.0.0.0:9443"
rate = 7.5
burst = 11
body_timeout = "45s"
public_url = "https://diem.example.gov.vn"
`)
	env := map[string]string{"SCORING_DB": "/srv/from-env.db"}

	o, db, err := parseServe(t, env)
	if err != nil || db != "/srv/from-env.db" || *o.addr != "127.0.0.1:8080" || *o.rate != 20 {
		t.Fatalf("no file: db %q addr %q rate %v (%v)", db, *o.addr, *o.rate, err)
	}
	o, db, err = parseServe(t, env, "--config", file)
	if err != nil {
		t.Fatal(err)
	}
	if db != "/srv/from-file.db" || *o.addr != "0.0.0.0:9443" || *o.rate != 7.5 || *o.burst != 11 || *o.bodyTimeout != 45*time.Second {
		t.Fatalf("file: db %q addr %q rate %v burst %d body %v", db, *o.addr, *o.rate, *o.burst, *o.bodyTimeout)
	}
	if *o.batchBurst != 400 {
		t.Fatalf("a key the file leaves out keeps its default: %d", *o.batchBurst)
	}
	o, db, err = parseServe(t, env, "--rate", "3", "--config", file, "--db", "/srv/from-flag.db", "--body-timeout", "5s")
	if err != nil {
		t.Fatal(err)
	}
	if db != "/srv/from-flag.db" || *o.rate != 3 || *o.bodyTimeout != 5*time.Second || *o.burst != 11 || *o.addr != "0.0.0.0:9443" {
		t.Fatalf("flags must win: db %q rate %v body %v burst %d addr %q", db, *o.rate, *o.bodyTimeout, *o.burst, *o.addr)
	}
	// $SCORING_CONFIG names the file when --config is not given.
	o, _, err = parseServe(t, map[string]string{"SCORING_CONFIG": file})
	if err != nil || *o.burst != 11 {
		t.Fatalf("$SCORING_CONFIG: burst %d (%v)", *o.burst, err)
	}
}

// TestConfigFileErrors: each unusable file stops the command with exit
// status 2 and one message naming the file, the line, what is wrong and
// what to do, in Vietnamese and English.
func TestConfigFileErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.toml")
	for _, c := range []struct {
		name, text string
		line       int
		says       []string
	}{
		{"unknown key", "db = \"x.db\"\n\naddress = \"127.0.0.1:1\"\n", 3,
			[]string{`khóa "address" không có`, `có phải là "addr"?`, `unknown key "address"`, `did you mean "addr"?`, "fix or remove this line"}},
		{"unknown far from any", "frobnicate = 1\n", 1, []string{"các khóa dùng được: addr,", "the keys are: addr,"}},
		{"a table", "[tls]\ncert = \"a.pem\"\n", 1, []string{`unknown key "tls"`}},
		{"string for a number", "rate = \"fast\"\n", 1, []string{"rate phải là một số", "rate must be a number, e.g. 20"}},
		{"float for an int", "burst = 1.5\n", 1, []string{"burst must be a whole number"}},
		{"number for a duration", "addr = \"x:1\"\nbody_timeout = 30\n", 2, []string{`body_timeout must be a duration in quotes, e.g. "30s"`}},
		{"number for a string", "addr = 8080\n", 1, []string{"addr phải là một chuỗi", "addr must be a string in quotes"}},
		{"bad syntax", "addr = \"127.0.0.1:8080\"\nrate = = 3\n", 2, []string{"không phải TOML hợp lệ", "is not valid TOML", "fix this line"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := writeConfig(t, c.text)
			_, _, err := parseServe(t, nil, "--config", file)
			if err == nil || exitCode(err) != 2 {
				t.Fatalf("err %v, exit %d", err, exitCodeOf(err))
			}
			msg := err.Error()
			if want := fmt.Sprintf("%s:%d: ", file, c.line); !strings.HasPrefix(msg, want) {
				t.Errorf("%q does not start with %q", msg, want)
			}
			for _, s := range c.says {
				if !strings.Contains(msg, s) {
					t.Errorf("%q does not say %q", msg, s)
				}
			}
			if strings.Count(msg, "\n") != 0 {
				t.Errorf("one problem, one line: %q", msg)
			}
		})
	}
	_, _, err := parseServe(t, nil, "--config", missing)
	if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), missing+": không đọc được tệp cấu hình: không có tệp này") ||
		!strings.Contains(err.Error(), "check the path given to --config") {
		t.Fatalf("missing file: %v", err)
	}
	// A key of another command is fine (public_url is enrol-code's), but
	// an unknown one is refused by every command, not just serve.
	file := writeConfig(t, "public_url = \"https://x.example\"\nrate = 5\n")
	if _, _, err := parseServe(t, nil, "--config", file); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "s.db")
	_, _, err = cli(t, db, "centre", "list", "--config", writeConfig(t, "bd = \"x\"\n"))
	if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), `did you mean "db"?`) {
		t.Fatalf("centre list with a wrong key: %v", err)
	}
	// Two problems: both said, each on its line, in file order.
	_, _, err = parseServe(t, nil, "--config", writeConfig(t, "rate = \"x\"\nbogus = 1\n"))
	if err == nil || strings.Count(err.Error(), "\n") != 1 || !strings.Contains(err.Error(), ".toml:1: rate") {
		t.Fatalf("two problems: %v", err)
	}
}

// TestServeFromConfigFileCreatesTheDatabase: serve with nothing but
// --config, as the systemd unit runs it, creates the database (and its
// folder) on the first start and listens where the file says.
func TestServeFromConfigFileCreatesTheDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "var", "lib", "hailong-scoring-server", "scoring.db")
	file := writeConfig(t, fmt.Sprintf("db = %q\naddr = \"127.0.0.1:0\"\nlog_format = \"json\"\n", db))
	base, stop, logs := serveArgs(t, "serve", "--config", file)
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("the database was not created: %v", err)
	}
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("readyz: %d", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), `"msg":"created a new database"`) {
		t.Fatalf("the log does not say the database was created:\n%s", logs.String())
	}
	out := mustCLI(t, filepath.Join(t.TempDir(), "elsewhere.db"), "migrate", "--config", file)
	if !regexp.MustCompile(`^schema version [1-9][0-9]*\n$`).MatchString(out) {
		t.Fatalf("migrate with the same file: %q", out)
	}
	// The second start finds it and says nothing of creating.
	_, stop, logs = serveArgs(t, "serve", "--config", file)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logs.String(), "created a new database") {
		t.Fatal("the second start claims to create the database")
	}
}

// TestServeSettingErrorsPointAtTheFile: a value serve cannot run with, or
// TLS files it cannot load, say so with the file and the keys to fix.
func TestServeSettingErrorsPointAtTheFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	file := writeConfig(t, fmt.Sprintf("db = %q\nrate = 0\n", db))
	_, _, err := cli(t, "", "serve", "--config", file)
	if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "--rate and --batch-rate must be positive") ||
		!strings.Contains(err.Error(), "the value may come from "+file) {
		t.Fatalf("rate = 0: %v", err)
	}
	file = writeConfig(t, fmt.Sprintf("db = %q\naddr = \"127.0.0.1:0\"\ntls_cert = \"/nope/cert.pem\"\ntls_key = \"/nope/key.pem\"\n", db))
	_, _, err = cli(t, "", "serve", "--config", file)
	if err == nil || !strings.Contains(err.Error(), "không nạp được chứng chỉ TLS /nope/cert.pem") ||
		!strings.Contains(err.Error(), "cannot load the TLS certificate /nope/cert.pem and key /nope/key.pem (tls_cert, tls_key)") {
		t.Fatalf("missing TLS files: %v", err)
	}
}
