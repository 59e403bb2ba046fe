package sqlitestore

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"hailong/kiosk/survey"
)

func TestIDRoundTrip(t *testing.T) {
	for range 100 {
		id := uuid.Must(uuid.NewV7()).String()
		b, err := idBytes(id)
		if err != nil || len(b) != 16 || idString(b) != id {
			t.Fatalf("%s → %x → %s (%v)", id, b, idString(b), err)
		}
	}
	for _, bad := range []string{"", strings.ToUpper(uuid.NewString()), "019ab3c2x0000-7000-8000-000000000000",
		"019ab3c2-0000-7000-8000-00000000000g", "{019ab3c2-0000-7000-8000-00000000000}"} {
		if _, err := idBytes(bad); err == nil {
			t.Errorf("%q packed", bad)
		}
	}
}

func TestHashRoundTrip(t *testing.T) {
	h := strings.Repeat("0123456789abcdef", 4)
	b, err := hashBytes(h)
	if err != nil || hashString(b) != h {
		t.Fatalf("%x %v", b, err)
	}
	for _, bad := range []string{"", strings.ToUpper(h), h[:62] + "zz", h + "00"} {
		if _, err := hashBytes(bad); err == nil {
			t.Errorf("%q packed", bad)
		}
	}
}

// FuzzReasonsJSON: reasons are stored exactly as json.Marshal writes them,
// whether they take the plain path or not.
func FuzzReasonsJSON(f *testing.F) {
	for _, s := range []string{"wait", "rude", "", "a<b", "quote\"", "back\\slash", "tab\t", "Nguyễn", "\x7f", "\xff", "&"} {
		f.Add(s, "wait")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, rs := range [][]string{{a}, {a, b}, {b, a, b}} {
			want, _ := json.Marshal(rs)
			if got := reasonsJSON(survey.Response{Reasons: rs}); got != string(want) {
				t.Fatalf("reasonsJSON(%q) = %s, want %s", rs, got, want)
			}
		}
		if got := reasonsJSON(survey.Response{}); got != "[]" {
			t.Fatalf("no reasons: %s", got)
		}
	})
}
