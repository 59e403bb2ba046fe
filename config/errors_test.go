package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// minimal is the smallest valid file; "H1" becomes a real hash. Its lines
// are numbered in the comments of the cases below.
const minimal = `technician_pin_hash = "H1"

[centre]
id = "c1"
name = "Trung tâm"

[counter]
id = "1"

[[officers]]
id = "a"
name = "Nguyễn Văn An"
pin_hash = "H1"
`

// badCases are files with problems and the exact error lines they give;
// $DIR stands for the file's directory. minimal ends on line 13, so a tail
// starts on line 14, and each top line shifts minimal down by one.
var badCases = []badCase{
	{name: "syntax error", tail: "[scale]\nname = \"legal3\n",
		want: []string{"kiosk.toml:15:15: basic strings cannot have new lines"}},
	{name: "unknown key", tail: "[timings]\nrating_timeout = 30\n",
		want: []string{"kiosk.toml:15:1: timings.rating_timeout: unknown key (see kiosk.sample.toml for the keys)"}},
	{name: "every unknown key", tail: "[timings]\nfoo = 1\nbar = 2\n",
		want: []string{
			"kiosk.toml:15:1: timings.foo: unknown key (see kiosk.sample.toml for the keys)",
			"kiosk.toml:16:1: timings.bar: unknown key (see kiosk.sample.toml for the keys)",
		}},
	{name: "wrong type", tail: "[local_api]\nport = \"8765\"\n",
		want: []string{"kiosk.toml:15:8: local_api.port: want a whole number, got a TOML string"}},
	{name: "number for string", tail: "[local_api]\nsecret = 12345\n",
		want: []string{"kiosk.toml:15:10: local_api.secret: want a string, got a TOML integer (put the value in double quotes)"}},
	{name: "unknown scale", tail: "[scale]\nname = \"star7\"\n",
		want: []string{`kiosk.toml:15:8: scale.name: unknown scale "star7" (want legal3, face4 or star5)`}},
	{name: "mapping raw value", tail: "[scale]\nname = \"legal3\"\n\n[scale.mapping]\n\"4\" = \"satisfied\"\n",
		want: []string{`kiosk.toml:18:1: scale.mapping.4: scale legal3 has no raw value "4" (want 1, 2 or 3)`}},
	{name: "mapping level", tail: "[scale.mapping]\n\"2\" = \"happy\"\n",
		want: []string{`kiosk.toml:15:7: scale.mapping.2: unknown level "happy" (want very_satisfied, satisfied or dissatisfied)`}},
	{name: "bad hash", top: "manager_pin_hash = \"1234\"\n",
		want: []string{"kiosk.toml:1:20: manager_pin_hash: not a PIN hash (make one with: kiosk hash-pin)"}},
	{name: "bad officer hash", swap: [2]string{`pin_hash = "H1"`, `pin_hash = "$2a$11$short"`},
		want: []string{"kiosk.toml:13:12: officers.pin_hash: not a PIN hash (make one with: kiosk hash-pin --officer)"}},
	{name: "argon2id hash asking 1 GiB a try", top: "manager_pin_hash = \"$argon2id$v=19$m=1048576,t=3,p=1$aGFpbG9uZ3NhbHRkZW1vMQ$7LNIW5ojwbyottL3ft+9AGcHv5fk5z4C/54RcQR6iow\"\n",
		want: []string{"kiosk.toml:1:20: manager_pin_hash: not a PIN hash (make one with: kiosk hash-pin)"}},
	{name: "missing technician hash", swap: [2]string{`technician_pin_hash = "H1"`, ""},
		want: []string{"kiosk.toml: technician_pin_hash: is required (make one with: kiosk hash-pin)"}},
	{name: "too many reasons", tail: reasonTables(9, true),
		// Each reason takes 4 lines: the ninth starts on line 14+8×4.
		want: []string{"kiosk.toml:46:3: reasons: too many reasons: at most 8 fit on the screen, got 9"}},
	{name: "duplicate reason code", tail: reasonTables(2, false),
		want: []string{`kiosk.toml:19:8: reasons.code: reason code "r" appears twice`}},
	{name: "empty reason", tail: "[[reasons]]\ncode = \"Thái độ\"\n",
		want: []string{
			"kiosk.toml:14:3: reasons.vi: is required",
			"kiosk.toml:14:3: reasons.en: is required",
			`kiosk.toml:15:8: reasons.code: "Thái độ": want 1 to 32 of a-z, 0-9 and _`,
		}},
	{name: "photo type", tail: "photo = \"lan.gif\"\n",
		want: []string{`kiosk.toml:14:9: officers.photo: photo "lan.gif": want a .png, .jpg or .svg file`}},
	{name: "unknown embedded photo", tail: "photo = \"embedded:nobody.svg\"\n",
		want: []string{`kiosk.toml:14:9: officers.photo: no embedded photo "nobody.svg"`}},
	{name: "duplicate officer", tail: "\n[[officers]]\nid = \"a\"\nname = \"Bình\"\npin_hash = \"H1\"\n",
		want: []string{`kiosk.toml:16:6: officers.id: officer id "a" appears twice`}},
	{name: "officer without name", tail: "\n[[officers]]\nid = \"b\"\npin_hash = \"H1\"\n",
		want: []string{"kiosk.toml:15:3: officers.name: is required"}},
	{name: "negative timing", tail: "[timings]\nthanks_s = -1\n",
		want: []string{"kiosk.toml:15:12: timings.thanks_s: -1 is out of range (want 1 to 86400)"}},
	{name: "milliseconds", tail: "[timings]\nrating_timeout_s = 30000000\n",
		want: []string{"kiosk.toml:15:20: timings.rating_timeout_s: 30000000 is out of range (want 1 to 86400)"}},
	{name: "port", tail: "[local_api]\nport = 70000\n",
		want: []string{"kiosk.toml:15:8: local_api.port: 70000 is out of range (want 0 to 65535)"}},
	{name: "short secret", tail: "[local_api]\nsecret = \"abc\"\n",
		want: []string{"kiosk.toml:15:10: local_api.secret: too short: want at least 16 characters"}},
	{name: "trigger", top: "trigger = \"always\"\n",
		want: []string{`kiosk.toml:1:11: trigger: unknown value "always" (want open or invite)`}},
	{name: "hotkey", top: "invite_hotkey = \"F13\"\n",
		want: []string{`kiosk.toml:1:17: invite_hotkey: unknown key "F13" (want F1 to F12)`}},
	{name: "reasons_for", top: "reasons_for = [\"dissatisfied\", \"angry\"]\n",
		want: []string{`kiosk.toml:1:32: reasons_for: unknown level "angry" (want very_satisfied, satisfied or dissatisfied)`}},
	{name: "bad id", swap: [2]string{`id = "1"`, `id = "quầy 1"`},
		want: []string{`kiosk.toml:8:6: counter.id: "quầy 1": want at most 64 letters, digits, '.', '_' or '-'`}},
	{name: "problems in file order", top: "dossier_code = \"maybe\"\n", tail: "[scale]\nname = \"y\"\n",
		want: []string{
			`kiosk.toml:1:16: dossier_code: unknown value "maybe" (want off, optional or required)`,
			`kiosk.toml:16:8: scale.name: unknown scale "y" (want legal3, face4 or star5)`,
		}},
}

// badCase is a file with problems: minimal with top before it, tail after
// it, and the line swap[0] replaced by swap[1].
type badCase struct {
	name      string
	top, tail string
	swap      [2]string
	want      []string
}

func caseText(c badCase) string {
	lines := strings.Split(minimal, "\n")
	if c.swap[0] != "" {
		i := slices.Index(lines, c.swap[0])
		if i < 0 {
			panic("no line " + c.swap[0] + " in minimal")
		}
		lines[i] = c.swap[1]
	}
	return c.top + strings.Join(lines, "\n") + c.tail
}

// reasonTables writes n [[reasons]] tables of 4 lines each, coded r1, r2…
// when unique, all "r" otherwise.
func reasonTables(n int, unique bool) string {
	var b strings.Builder
	for i := range n {
		code := "r"
		if unique {
			code += strconv.Itoa(i + 1)
		}
		fmt.Fprintf(&b, "[[reasons]]\ncode = %q\nvi = \"Lý do\"\nen = \"Reason\"\n", code)
	}
	return b.String()
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, c := range badCases {
		t.Run(c.name, func(t *testing.T) {
			writeConfig(t, dir, caseText(c))
			_, err := Load("kiosk.toml")
			if err == nil {
				t.Fatal("Load succeeded")
			}
			got := strings.Split(err.Error(), "\n")
			want := make([]string, len(c.want))
			for i, w := range c.want {
				want[i] = strings.ReplaceAll(w, "$DIR", dir)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("error:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestLoadErrorsCaseBaseIsValid guards the cases: minimal itself loads, so
// each case fails for its own reason.
func TestLoadErrorsCaseBaseIsValid(t *testing.T) {
	if _, err := Load(writeConfig(t, t.TempDir(), minimal)); err != nil {
		t.Fatal(err)
	}
}

func TestLoadErrorWithoutPosition(t *testing.T) {
	p := filepath.Join(t.TempDir(), "kiosk.toml")
	if err := os.WriteFile(p, []byte(""), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(p)
	if err == nil {
		t.Fatal("an empty file loaded")
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		if !strings.HasPrefix(line, p+": ") {
			t.Errorf("line %q does not start with %q", line, p+": ")
		}
	}
}

// FuzzParse feeds the bad cases and the sample to the loader: it must never
// panic, and every error line must name the file.
func FuzzParse(f *testing.F) {
	for _, c := range badCases {
		f.Add(caseText(c))
	}
	f.Add(minimal)
	if b, err := os.ReadFile("kiosk.sample.toml"); err == nil {
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, text string) {
		_, err := parse("fuzz.toml", []byte(text), photoResolver{})
		if err == nil {
			return
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			if !strings.HasPrefix(line, "fuzz.toml") {
				t.Errorf("error line %q does not name the file", line)
			}
		}
	})
}
