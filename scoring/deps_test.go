package scoring_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDomainCompilesNoHTTP keeps the scoring domain free of HTTP and
// metrics (issue 10 item 1): the kiosk API (scoring/kioskapi) and the
// dashboard sit beside it and depend on it, never the other way round.
// Only what production code imports counts; tests may use httptest.
func TestDomainCompilesNoHTTP(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps listed too little to be real: %q", deps)
	}
	for _, d := range deps {
		if d == "net/http" || strings.Contains(d, "prometheus") {
			t.Errorf("package scoring depends on %s (keep HTTP and metrics in scoring/kioskapi)", d)
		}
	}
}
