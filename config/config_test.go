package config

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/survey"
)

// Hashes of PINs 1111 and 2222, copied from demo.toml.
const (
	hash1111 = "$argon2id$v=19$m=65536,t=3,p=1$Jb09evilUZBnlkGRefoPDA$HPYA7ghsQXDVDQw9uoMZXWy12p4Vq/wnB5JBJ3xpTVM"
	hash2222 = "$argon2id$v=19$m=65536,t=3,p=1$X/SIivzHsmrXeVPjm6syxQ$SC5Vpzm06LRaMQZRcJBmoy+KD+JZWjmYU0e9WKdqEs0"
	// bcrypt1111 is the legacy bcrypt hash of 1111 that demo.toml carried
	// before PINs were hashed with argon2id.
	bcrypt1111 = "$2a$11$uYFU6UdoK3XRxTq5H5bo..Dyc1O6v5UylfUfX588hy35FTPEkHyYK"
)

// writeConfig writes text to dir/kiosk.toml with the placeholders "H1",
// "H2" and "REPLACE-WITH-HASH" filled with real hashes, and returns the path.
func writeConfig(t *testing.T, dir, text string) string {
	t.Helper()
	text = strings.NewReplacer(`"H1"`, `"`+hash1111+`"`, `"H2"`, `"`+hash2222+`"`, `"REPLACE-WITH-HASH"`, `"`+hash1111+`"`).Replace(text)
	p := filepath.Join(dir, "kiosk.toml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, []byte(readFile(t, from)), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestLoadAllKeys sets every key to a value that is not its default and
// checks that each one lands in its field.
func TestLoadAllKeys(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "testdata/photos/ha.svg", filepath.Join(dir, "photos", "ha.svg"))
	cfg, err := Load(writeConfig(t, dir, readFile(t, "testdata/all-keys.toml")))
	if err != nil {
		t.Fatal(err)
	}
	face4, _ := survey.NewScale(survey.ScaleFace4)
	face4.Mapping[2] = survey.Dissatisfied
	want := survey.Config{
		Version:     "v7",
		CentreID:    "hl-honggai",
		CentreName:  "Bộ phận Một cửa phường Hồng Gai",
		CounterID:   "7",
		CounterName: "Quầy số 7",
		Officers: []survey.Officer{{
			ID: "hg-017", Name: "Vũ Thị Thu Hà", Title: "Chuyên viên",
			Photo: filepath.Join(dir, "photos", "ha.svg"), PINHash: hash1111,
		}},
		Scale:        face4,
		ReasonLevels: []survey.Level{survey.Dissatisfied, survey.Satisfied},
		Reasons: []survey.Reason{
			{Code: "rude", VI: "Thái độ chưa lịch sự", EN: "Impolite attitude"},
			{Code: "queue", VI: "Xếp hàng lâu", EN: "Long queue"},
		},
		Trigger: survey.TriggerInvite,
		Dossier: survey.DossierOptional,
		Timings: survey.Timings{
			RatingTimeout: 45 * time.Second, ReasonsTimeout: 20 * time.Second, Thanks: 6 * time.Second,
			InvitationTTL: 90 * time.Second, RepeatWindow: 0, LongPress: 5 * time.Second,
			PINLockAfter: 3, PINLockFor: 10 * time.Minute,
		},
		LocalAPI:       survey.LocalAPI{Port: 9000, Secret: "s3cret-0123456789abcdef"},
		ManagerPIN:     hash2222,
		TechnicianPIN:  hash1111,
		RetentionDays:  30,
		InviteHotkey:   "F10",
		MaxReasonCount: survey.MaxReasons,
	}
	assertConfig(t, cfg, want)
}

// TestLoadDefaults loads a file with only the required keys.
func TestLoadDefaults(t *testing.T) {
	text := minimal
	cfg, err := Load(writeConfig(t, t.TempDir(), text))
	if err != nil {
		t.Fatal(err)
	}
	legal3, _ := survey.NewScale(survey.ScaleLegal3)
	want := survey.Config{
		Version:        contentVersion([]byte(strings.ReplaceAll(text, `"H1"`, `"`+hash1111+`"`))),
		CentreID:       "c1",
		CentreName:     "Trung tâm",
		CounterID:      "1",
		CounterName:    "Quầy 1",
		Officers:       []survey.Officer{{ID: "a", Name: "Nguyễn Văn An", PINHash: hash1111}},
		Scale:          legal3,
		ReasonLevels:   []survey.Level{survey.Dissatisfied},
		Reasons:        survey.DefaultReasons(),
		Trigger:        survey.TriggerOpen,
		Dossier:        survey.DossierOff,
		Timings:        survey.DefaultTimings(),
		LocalAPI:       survey.LocalAPI{Port: DefaultPort},
		TechnicianPIN:  hash1111,
		RetentionDays:  DefaultRetentionDays,
		InviteHotkey:   DefaultHotkey,
		MaxReasonCount: survey.MaxReasons,
	}
	assertConfig(t, cfg, want)
	if !strings.HasPrefix(cfg.Version, "sha256:") || len(cfg.Version) != len("sha256:")+12 {
		t.Errorf("Version = %q, want sha256: and 12 hex digits", cfg.Version)
	}
}

// TestLoadExplicitEmpty checks that an explicit empty list differs from an
// absent one.
func TestLoadExplicitEmpty(t *testing.T) {
	cfg, err := Load(writeConfig(t, t.TempDir(), "reasons_for = []\n"+minimal))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ReasonLevels == nil || len(cfg.ReasonLevels) != 0 {
		t.Errorf("ReasonLevels = %#v, want an empty list", cfg.ReasonLevels)
	}
}

func TestLoadVersionChangesWithContent(t *testing.T) {
	a, err := Load(writeConfig(t, t.TempDir(), minimal))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(writeConfig(t, t.TempDir(), minimal+"# edited\n"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Version == b.Version {
		t.Errorf("an edit kept version %q", a.Version)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.toml"))
	if err == nil || !strings.Contains(err.Error(), "nope.toml") {
		t.Errorf("Load of a missing file: %v, want an error naming it", err)
	}
}

// TestSampleLoads loads kiosk.sample.toml as a technician would use it,
// hashes pasted and photo in place.
func TestSampleLoads(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "testdata/photos/ha.svg", filepath.Join(dir, "photos", "vu-thi-thu-ha.png"))
	cfg, err := Load(writeConfig(t, dir, readFile(t, "kiosk.sample.toml")))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.CentreName != "Bộ phận Tiếp nhận và Trả kết quả UBND phường Hồng Gai" || len(cfg.Officers) != 2 {
		t.Errorf("sample loaded as %+v", cfg)
	}
	if !reflect.DeepEqual(cfg.Reasons, survey.DefaultReasons()) {
		t.Errorf("sample reasons differ from survey.DefaultReasons:\n%v", cfg.Reasons)
	}
	if cfg.Timings != survey.DefaultTimings() {
		t.Errorf("sample timings %+v differ from the defaults", cfg.Timings)
	}
}

// TestSampleRefusesPlaceholders: the sample as shipped must not run with
// PINs nobody chose.
func TestSampleRefusesPlaceholders(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "kiosk.sample.toml", filepath.Join(dir, "kiosk.toml"))
	copyFile(t, "testdata/photos/ha.svg", filepath.Join(dir, "photos", "vu-thi-thu-ha.png"))
	_, err := Load(filepath.Join(dir, "kiosk.toml"))
	if err == nil || !strings.Contains(err.Error(), "technician_pin_hash: not a PIN hash") {
		t.Errorf("sample with placeholders: %v, want a pin hash error", err)
	}
}

// TestFilesCoverEveryKey checks that kiosk.sample.toml documents, and
// testdata/all-keys.toml sets, every key the loader knows.
func TestFilesCoverEveryKey(t *testing.T) {
	keys := documentKeys(reflect.TypeFor[document](), "")
	if len(keys) < 30 {
		t.Fatalf("found only %d keys in document: %v", len(keys), keys)
	}
	for _, name := range []string{"kiosk.sample.toml", "testdata/all-keys.toml"} {
		ix := indexKeys([]byte(readFile(t, name)))
		for _, k := range keys {
			if _, ok := ix[k]; !ok {
				t.Errorf("%s does not set key %s", name, k)
			}
		}
	}
}

// documentKeys lists the key paths of a document type, the way keyIndex
// names them (first array item only).
func documentKeys(typ reflect.Type, prefix string) []string {
	var keys []string
	for f := range typ.Fields() {
		path := join(prefix, f.Tag.Get("toml"))
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		keys = append(keys, path)
		switch {
		case ft.Kind() == reflect.Struct:
			keys = append(keys, documentKeys(ft, path)...)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			keys = append(keys, documentKeys(ft.Elem(), path+"[0]")...)
		}
	}
	slices.Sort(keys)
	return keys
}

// assertConfig compares field by field, so a failure names the field.
func assertConfig(t *testing.T, got, want survey.Config) {
	t.Helper()
	gv, wv := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range gv.NumField() {
		if g, w := gv.Field(i).Interface(), wv.Field(i).Interface(); !reflect.DeepEqual(g, w) {
			t.Errorf("%s = %#v\nwant %#v", gv.Type().Field(i).Name, g, w)
		}
	}
}

// TestPINHashFormats: the loader takes argon2id PHC strings (what kiosk
// hash-pin makes) and, for kiosks in the field, legacy bcrypt hashes; a
// legacy technician or manager hash loads but is named by PINWarnings.
func TestPINHashFormats(t *testing.T) {
	for _, c := range []struct {
		name, tech, mgr string
		warnings        int
	}{
		{"argon2id", hash1111, hash2222, 0},
		{"legacy bcrypt technician", bcrypt1111, hash2222, 1},
		{"legacy bcrypt technician and manager", bcrypt1111, bcrypt1111, 2},
	} {
		dir := t.TempDir()
		text := "technician_pin_hash = \"" + c.tech + "\"\nmanager_pin_hash = \"" + c.mgr + "\"\n" +
			"[centre]\nid = \"c1\"\nname = \"Trung tâm\"\n[counter]\nid = \"1\"\n" +
			"[[officers]]\nid = \"a\"\nname = \"An\"\npin_hash = \"" + bcrypt1111 + "\"\n"
		cfg, err := Load(writeConfig(t, dir, text))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if cfg.TechnicianPIN != c.tech || cfg.ManagerPIN != c.mgr {
			t.Errorf("%s: hashes not kept as written", c.name)
		}
		if w := cfg.PINWarnings(); len(w) != c.warnings {
			t.Errorf("%s: warnings %q, want %d", c.name, w, c.warnings)
		}
	}
}
