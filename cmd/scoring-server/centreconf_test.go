package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hailong/kiosk/protocol"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// writeFile writes a file in a temporary directory and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// getConfig fetches the kiosk's configuration.
func getConfig(t *testing.T, base, token string) protocol.KioskConfig {
	t.Helper()
	req, _ := http.NewRequest("GET", base+protocol.PathConfig, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var cfg protocol.KioskConfig
	if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &cfg) != nil {
		t.Fatalf("config: %d %s", resp.StatusCode, b)
	}
	return cfg
}

// TestCentreReasonsMappingAndRosterChanges: a province administrator sets
// a centre's reasons (codes with ';' and ','), its mapping, and changes its
// roster from the command line; the kiosks are sent each change as a new
// configuration version, and every rating is judged by the version it was
// made under. A rating forged for another centre is rejected, so that
// centre's export does not list it.
func TestCentreReasonsMappingAndRosterChanges(t *testing.T) {
	db := filepath.Join(t.TempDir(), "scoring.db")
	reasonsTOML := writeFile(t, "reasons.toml", `
[[reasons]]
code = "giay;to"
vi = "Giấy tờ phức tạp"
en = "Complicated papers"

[[reasons]]
code = "a,b"
vi = "Chờ lâu, hướng dẫn chưa rõ"
en = "Long wait, unclear guidance"
`)
	reasonsJSON := writeFile(t, "reasons.json", `[{"code": "thai-do", "vi": "Thái độ", "en": "Attitude"}]`)
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Quảng Ninh", "--technician-pin", "909090", "--scale", "face4",
		"--reasons", reasonsTOML, "--mapping", "2=dissatisfied")
	mustCLI(t, db, "centre", "add", "--id", "hn", "--name", "Hà Nội", "--technician-pin", "909090")
	for _, id := range []string{"cb01", "cb02"} {
		mustCLI(t, db, "officer", "add", "--centre", "qn", "--id", id, "--name", "Cán bộ "+id, "--pin", "1111")
	}
	code := strings.TrimSpace(mustCLI(t, db, "enrol-code", "--centre", "qn", "--counter", "1"))

	base, stop := serve(t, db)
	defer stop()
	status, body := post(t, base+protocol.PathEnrol, "", protocol.EnrolRequest{Code: code, KioskID: "k1"})
	if status != http.StatusOK {
		t.Fatalf("enrol: %d %s", status, body)
	}
	var er protocol.EnrolResponse
	json.Unmarshal(body, &er)
	a := er.Config
	if len(a.Reasons) != 2 || a.Reasons[0].Code != "giay;to" || a.Reasons[1].Code != "a,b" || a.Mapping["2"] != "dissatisfied" || a.Scale != "face4" {
		t.Fatalf("configuration A: reasons %+v mapping %v scale %s", a.Reasons, a.Mapping, a.Scale)
	}
	if _, err := a.ToSurvey(); err != nil {
		t.Fatalf("a kiosk refuses configuration A: %v", err)
	}

	// The roster and the reasons change: the kiosk is sent B.
	if out := mustCLI(t, db, "officer", "remove", "--centre", "qn", "--id", "cb02"); out != "officer\tqn/cb02\tremoved\n" {
		t.Fatalf("officer remove: %q", out)
	}
	if out := mustCLI(t, db, "centre", "set", "--id", "qn", "--reasons", reasonsJSON); out != "centre\tqn\tupdated\n" {
		t.Fatalf("centre set: %q", out)
	}
	b := getConfig(t, base, er.Token)
	if b.Version == a.Version || len(b.Officers) != 1 || len(b.Reasons) != 1 || b.Reasons[0].Code != "thai-do" || b.Mapping["2"] != "dissatisfied" {
		t.Fatalf("configuration B: %s officers %d reasons %+v mapping %v", b.Version, len(b.Officers), b.Reasons, b.Mapping)
	}

	rs := scoringtest.Chain(scoringtest.Kiosk{ID: "k1", CentreID: "qn", CounterID: "1", OfficerID: "cb01"}, 1, survey.GenesisHash, 6)
	rate := func(version, officer string, raw int, level survey.Level, reasons ...string) func(*survey.Response) {
		if reasons == nil {
			reasons = []string{} // as a kiosk sends none: [] not null
		}
		return func(r *survey.Response) {
			r.ConfigVersion, r.OfficerID, r.Scale, r.RawValue, r.Level, r.Reasons = version, officer, "face4", raw, level, reasons
		}
	}
	cases := []struct {
		set  func(*survey.Response)
		want string
	}{
		{rate(a.Version, "cb02", 2, survey.Dissatisfied, "giay;to", "a,b"), "accepted"},
		{rate(a.Version, "cb01", 2, survey.Satisfied), "rejected:" + protocol.ReasonLevelMismatch}, // the default, not this centre's
		{rate(b.Version, "cb02", 4, survey.VerySatisfied), "rejected:" + protocol.ReasonUnknownOfficer},
		{rate(b.Version, "cb01", 1, survey.Dissatisfied, "giay;to"), "rejected:" + protocol.ReasonUnknownReason},
		{rate(b.Version, "cb01", 1, survey.Dissatisfied, "thai-do"), "accepted"},
		{func(r *survey.Response) {
			rate(b.Version, "cb01", 4, survey.VerySatisfied)(r)
			r.CentreID = "hn"
		}, "rejected:" + protocol.ReasonWrongPlace},
	}
	for i, c := range cases {
		c.set(&rs[i])
		rs[i] = scoringtest.Rehash(rs[i])
	}
	status, body = post(t, base+protocol.PathResponses, er.Token, protocol.Batch{BatchID: scoringtest.BatchID("b1"), Responses: rs})
	var res protocol.BatchResult
	if status != http.StatusOK || json.Unmarshal(body, &res) != nil || len(res.Results) != len(cases) {
		t.Fatalf("batch: %d %s", status, body)
	}
	for i, c := range cases {
		got := res.Results[i].Status
		if r := res.Results[i].Reason; r != "" {
			got += ":" + r
		}
		if got != c.want {
			t.Errorf("response %d: %s (%s), want %s", i, got, res.Results[i].Detail, c.want)
		}
	}

	_, errOut, err := cli(t, db, "export", "--from", "2025-11-24", "--to", "2025-11-24", "--centre", "hn")
	if err != nil || errOut != "0 responses\n" {
		t.Fatalf("export of the other centre: %v %q", err, errOut)
	}
	if _, errOut, err := cli(t, db, "export", "--from", "2025-11-24", "--to", "2025-11-24", "--centre", "qn"); err != nil || errOut != "2 responses\n" {
		t.Fatalf("export of the kiosk's centre: %v %q", err, errOut)
	}

	// A new scale drops the mapping made for the old one.
	mustCLI(t, db, "centre", "set", "--id", "qn", "--scale", "star5")
	if c := getConfig(t, base, er.Token); c.Scale != "star5" || len(c.Mapping) != 0 || c.Reasons[0].Code != "thai-do" {
		t.Fatalf("after --scale star5: scale %s mapping %v reasons %+v", c.Scale, c.Mapping, c.Reasons)
	}
	mustCLI(t, db, "centre", "set", "--id", "qn", "--reasons", "default", "--mapping", "3=satisfied")
	if c := getConfig(t, base, er.Token); len(c.Reasons) != len(survey.DefaultReasons()) || c.Mapping["3"] != "satisfied" {
		t.Fatalf("after --reasons default: reasons %+v mapping %v", c.Reasons, c.Mapping)
	}
}

// TestCentreListsRefuseBadInput: bad reasons files and mappings are usage
// errors that say what is wrong, and change nothing.
func TestCentreListsRefuseBadInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "scoring.db")
	mustCLI(t, db, "centre", "add", "--id", "qn", "--name", "Quảng Ninh", "--technician-pin", "909090")
	long := strings.Repeat("x", 65)
	for _, c := range []struct {
		name, file, content string
		args                []string
		says                string
	}{
		{"control character", "r.json", `[{"code": "a\u0007b", "vi": "Một", "en": "One"}]`, nil, "non-printable"},
		{"tab", "r.json", `[{"code": "a\tb", "vi": "Một", "en": "One"}]`, nil, "non-printable"},
		{"line separator", "r.json", `[{"code": "a\u2028b", "vi": "Một", "en": "One"}]`, nil, "non-printable"},
		{"65 bytes", "r.json", `[{"code": "` + long + `", "vi": "Một", "en": "One"}]`, nil, "1 to 64 bytes"},
		{"empty code", "r.json", `[{"code": "", "vi": "Một", "en": "One"}]`, nil, "1 to 64 bytes"},
		{"twice", "r.toml", "[[reasons]]\ncode = \"a\"\nvi = \"Một\"\nen = \"One\"\n[[reasons]]\ncode = \"a\"\nvi = \"Hai\"\nen = \"Two\"\n", nil, "appears twice"},
		{"no English", "r.toml", "[[reasons]]\ncode = \"a\"\nvi = \"Một\"\n", nil, "en must be"},
		{"unknown field", "r.toml", "[[reasons]]\ncode = \"a\"\nvi = \"Một\"\nen = \"One\"\nlabel = \"x\"\n", nil, "label"},
		{"none", "r.json", `[]`, nil, "between 1 and 8"},
		{"raw value not on the scale", "", "", []string{"--mapping", "4=satisfied"}, "no raw value 4"},
		{"unknown level", "", "", []string{"--mapping", "2=neutral"}, "unknown level"},
		{"not pairs", "", "", []string{"--mapping", "2"}, "raw=level"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"centre", "set", "--id", "qn"}, c.args...)
			if c.file != "" {
				args = append(args, "--reasons", writeFile(t, c.file, c.content))
			}
			_, _, err := cli(t, db, args...)
			if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), c.says) {
				t.Fatalf("%v: want a usage error saying %q", err, c.says)
			}
		})
	}
	// Nothing was saved: the centre still has the defaults.
	code := strings.TrimSpace(mustCLI(t, db, "enrol-code", "--centre", "qn", "--counter", "1"))
	mustCLI(t, db, "officer", "add", "--centre", "qn", "--id", "cb01", "--name", "Cán bộ", "--pin", "1111")
	base, stop := serve(t, db)
	defer stop()
	status, body := post(t, base+protocol.PathEnrol, "", protocol.EnrolRequest{Code: code, KioskID: "k1"})
	var er protocol.EnrolResponse
	if status != http.StatusOK || json.Unmarshal(body, &er) != nil {
		t.Fatalf("enrol: %d %s", status, body)
	}
	if len(er.Config.Reasons) != len(survey.DefaultReasons()) || len(er.Config.Mapping) != 0 {
		t.Fatalf("reasons %+v mapping %v", er.Config.Reasons, er.Config.Mapping)
	}
	if _, _, err := cli(t, db, "officer", "remove", "--centre", "qn", "--id", "nobody"); err == nil {
		t.Fatal("removing an officer who is not there succeeded")
	}
}
