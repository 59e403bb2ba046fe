package screens

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"hailong/kiosk/survey"
)

var catalogLangs = []Lang{LangVI, LangEN}

func TestCatalogLanguagesHaveTheSameKeys(t *testing.T) {
	if len(catalog) != len(catalogLangs) {
		t.Errorf("catalog has %d languages, want %v", len(catalog), catalogLangs)
	}
	vi := catalog[LangVI]
	if len(vi) == 0 {
		t.Fatal("no Vietnamese strings")
	}
	for _, lang := range catalogLangs[1:] {
		other := catalog[lang]
		for key := range vi {
			if _, ok := other[key]; !ok {
				t.Errorf("%q is in vi but not in %s", key, lang)
			}
		}
		for key := range other {
			if _, ok := vi[key]; !ok {
				t.Errorf("%q is in %s but not in vi", key, lang)
			}
		}
	}
}

func TestCatalogNoEmptyValue(t *testing.T) {
	for _, lang := range catalogLangs {
		for key, s := range catalog[lang] {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s %q is empty", lang, key)
			}
			if s != strings.TrimSpace(s) {
				t.Errorf("%s %q = %q has leading or trailing space", lang, key, s)
			}
		}
	}
}

// TestCatalogNFC: a decomposed "ả" (a + U+0309) renders badly in some
// fonts and compares unequal to the composed one.
func TestCatalogNFC(t *testing.T) {
	for _, lang := range catalogLangs {
		for key, s := range catalog[lang] {
			if !norm.NFC.IsNormalString(s) {
				t.Errorf("%s %q = %q is not NFC (want %q)", lang, key, s, norm.NFC.String(s))
			}
		}
	}
}

var verbRE = regexp.MustCompile(`%[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[a-zA-Z%]`)

func TestCatalogFormatVerbsMatch(t *testing.T) {
	if got := verbRE.FindAllString("a %s b %d c %.1f %% %-5v", -1); !slices.Equal(got, []string{"%s", "%d", "%.1f", "%%", "%-5v"}) {
		t.Fatalf("verbRE finds %q", got)
	}
	withVerbs := 0
	for key, vi := range catalog[LangVI] {
		want := verbRE.FindAllString(vi, -1)
		if len(want) > 0 {
			withVerbs++
		}
		for _, lang := range catalogLangs[1:] {
			if got := verbRE.FindAllString(catalog[lang][key], -1); !slices.Equal(got, want) {
				t.Errorf("%q: %s has verbs %q, vi has %q", key, lang, got, want)
			}
		}
	}
	if withVerbs == 0 {
		t.Error("no catalog entry has a format verb: is verbRE broken?")
	}
}

// usedKeys returns the catalog keys the non-test code of this package uses:
// string literals passed straight to tr(lang, "…") or bi("…"), and any other
// dotted literal whose first part is a catalog prefix ("tech.quit" handed to
// staffButton, the technician rows, the dossier title).
func usedKeys(t *testing.T) map[string][]string {
	t.Helper()
	callRE := regexp.MustCompile(`\b(?:tr\(\s*[^,()]+,\s*|bi\(\s*)"([^"\\]+)"`)
	dottedRE := regexp.MustCompile(`"([a-z]+)((?:\.[a-z0-9_]+)+)"`)
	prefixes := map[string]bool{}
	for key := range catalog[LangVI] {
		prefixes[strings.SplitN(key, ".", 2)[0]] = true
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string][]string{} // key → files
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "catalog.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range callRE.FindAllStringSubmatch(string(src), -1) {
			used[m[1]] = append(used[m[1]], f)
		}
		for _, m := range dottedRE.FindAllStringSubmatch(string(src), -1) {
			if prefixes[m[1]] {
				used[m[1]+m[2]] = append(used[m[1]+m[2]], f)
			}
		}
	}
	return used
}

func TestCatalogHasEveryUsedKey(t *testing.T) {
	used := usedKeys(t)
	// The scan must see the code: a few keys we know are used.
	for _, k := range []string{"send", "invite", "thanks", "pin.wrong", "tech.quit", "dossier.title.req"} {
		if _, ok := used[k]; !ok {
			t.Errorf("the scan did not find %q: fix usedKeys", k)
		}
	}
	if len(used) < 30 {
		t.Errorf("the scan found only %d keys", len(used))
	}
	for key, files := range used {
		for _, lang := range catalogLangs {
			if _, ok := catalog[lang][key]; !ok {
				t.Errorf("%s uses %q, missing from %s", strings.Join(slices.Compact(files), ", "), key, lang)
			}
		}
	}
}

func TestCatalogHasEveryScaleLabel(t *testing.T) {
	for _, name := range survey.ScaleNames {
		sc, err := survey.NewScale(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range sc.Choices {
			for _, lang := range catalogLangs {
				if _, ok := catalog[lang][c.Label]; !ok {
					t.Errorf("scale %s raw %d: label %q missing from %s", name, c.Raw, c.Label, lang)
				}
			}
		}
	}
}

func TestTr(t *testing.T) {
	tests := []struct {
		lang Lang
		key  string
		args []any
		want string
	}{
		{LangVI, "send", nil, "Gửi"},
		{LangEN, "send", nil, "Send"},
		{LangVI, "pin.wrong", []any{3}, "Sai mã PIN. Còn 3 lần thử."},
		{LangEN, "pin.wrong", []any{3}, "Wrong PIN. 3 tries left."},
		{LangVI, "no.such.key", nil, "no.such.key"},
	}
	for _, tt := range tests {
		if got := tr(tt.lang, tt.key, tt.args...); got != tt.want {
			t.Errorf("tr(%s, %q, %v) = %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
		}
	}
	if got, want := bi("pin.for", "Lan"), "Mã PIN của Lan / PIN of Lan"; got != want {
		t.Errorf("bi = %q, want %q", got, want)
	}
}
