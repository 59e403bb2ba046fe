package scoring_test

import (
	"strings"
	"testing"

	"hailong/kiosk/scoring"
)

func TestEnrolCodeShape(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		c, err := scoring.NewEnrolCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != 14 || c[4] != '-' || c[9] != '-' {
			t.Fatalf("code %q: want XXXX-XXXX-XXXX", c)
		}
		n := scoring.NormaliseEnrolCode(c)
		if len(n) != scoring.CodeLength || strings.ContainsAny(n, "01OILUV") {
			t.Fatalf("code %q normalises to %q", c, n)
		}
		if seen[n] {
			t.Fatalf("code %q twice", n)
		}
		seen[n] = true
	}
	if got := scoring.NormaliseEnrolCode(" abcd-efgh jkmn\t"); got != "ABCDEFGHJKMN" {
		t.Fatalf("normalised %q", got)
	}
}

func TestTokenShape(t *testing.T) {
	a, err := scoring.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := scoring.NewToken()
	if len(a) != 43 || a == b || strings.ContainsAny(a, "+/=") {
		t.Fatalf("tokens %q %q", a, b)
	}
	if h := scoring.HashSecret(a); len(h) != 64 || h == scoring.HashSecret(b) {
		t.Fatalf("hash %q", h)
	}
}
