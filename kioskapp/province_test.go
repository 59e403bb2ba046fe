package kioskapp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadProvince: the province's defaults fill the setup screen; a
// missing file is no defaults; a malformed one is a plain sentence in
// both languages naming the file and the line, and a misspelt key is
// named.
func TestReadProvince(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p, warn, err := readProvince(write("ok.toml", "# shipped\n[enrol]\nserver = \"https://diem.qn.gov.vn\"\nca_file = \"/etc/hailong-kiosk/province-ca.pem\"\n"))
	if err != nil || len(warn) != 0 || p.Enrol.Server != "https://diem.qn.gov.vn" || p.Enrol.CAFile != "/etc/hailong-kiosk/province-ca.pem" {
		t.Fatalf("ok file: %+v %v %v", p, warn, err)
	}
	p, warn, err = readProvince(write("commented.toml", "#[enrol]\n#server = \"https://diem.example.gov.vn\"\n"))
	if err != nil || len(warn) != 0 || p.Enrol.Server != "" {
		t.Fatalf("the package's commented-out file: %+v %v %v", p, warn, err)
	}
	p, warn, err = readProvince(filepath.Join(dir, "missing.toml"))
	if err != nil || len(warn) != 0 || p.Enrol.Server != "" {
		t.Fatalf("missing file: %+v %v %v", p, warn, err)
	}
	_, _, err = readProvince(write("bad.toml", "[enrol]\nserver = https://diem\n"))
	if err == nil {
		t.Fatal("a malformed file was read")
	}
	msg := err.Error()
	vi, en, ok := strings.Cut(msg, " / ")
	if !ok || !strings.Contains(vi, "bad.toml sai cú pháp") || !strings.Contains(en, "bad.toml is malformed") || !strings.Contains(msg, "2:") || !strings.Contains(en, "setup screen still opens") {
		t.Fatalf("malformed file: %s", msg)
	}
	_, warn, err = readProvince(write("typo.toml", "[enrol]\nsever = \"https://diem.qn.gov.vn\"\n"))
	if err != nil || len(warn) != 1 || !strings.Contains(warn[0], "enrol.sever") {
		t.Fatalf("misspelt key: %v %v", warn, err)
	}
}

// TestProvinceFileFor: Linux reads the package's file; Windows the one
// beside the kiosk's data folder in ProgramData, the same for every
// account on the PC.
func TestProvinceFileFor(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", map[string]string{"ProgramData": `C:\ProgramData`}, "/etc/hailong-kiosk/kiosk.toml"},
		{"windows", map[string]string{"ProgramData": `C:\ProgramData`}, `C:\ProgramData\HaiLong\kiosk.toml`},
		{"windows", map[string]string{"ProgramData": `D:\Data\`}, `D:\Data\HaiLong\kiosk.toml`},
		{"windows", map[string]string{}, `C:\ProgramData\HaiLong\kiosk.toml`},
	}
	for _, c := range cases {
		if got := provinceFileFor(c.goos, env(c.env)); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.goos, c.env, got, c.want)
		}
	}
}
