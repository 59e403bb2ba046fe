package dashboard

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
)

// checkItems returns the failing checks the Fleet page lists for a kiosk,
// as data-check=text, unescaped.
func checkItems(t *testing.T, page, kiosk string) []string {
	t.Helper()
	i := strings.Index(page, `data-kiosk="`+kiosk+`"`)
	if i < 0 {
		t.Fatalf("no row of %s", kiosk)
	}
	row := page[i:]
	row = row[:strings.Index(row, "</tr>")]
	var out []string
	for _, m := range checkItem.FindAllStringSubmatch(row, -1) {
		out = append(out, html.UnescapeString(m[1])+"="+html.UnescapeString(m[2]))
	}
	return out
}

var checkItem = regexp.MustCompile(`<li class="bad-text" data-check="([^"]*)"[^>]*>([^<]*)</li>`)

// A failing disk check shows on the kiosk's row, named in the page's
// language, and the row needs a look; an unknown check shows as sent; a
// report of ok clears it.
func TestFleetShowsFailingChecks(t *testing.T) {
	rg := fleetRig(t)
	rg.signIn(t, adminEmail)
	ctx := context.Background()
	beat := func(checks ...scoring.KioskCheck) {
		t.Helper()
		at := rg.now.Add(-5 * time.Minute)
		if err := rg.store.RecordHeartbeat(ctx, scoring.HeartbeatRecord{KioskID: "qn-k1", KioskClock: at, ReceivedAt: at, Checks: checks}); err != nil {
			t.Fatal(err)
		}
	}
	if _, body := rg.get(t, "/fleet"); len(checkItems(t, body, "qn-k1")) != 0 || strings.Contains(body, `class="checks"`) {
		t.Fatal("a kiosk that never reported checks shows some")
	}
	beat(scoring.KioskCheck{Name: "database", Result: "ok"}, scoring.KioskCheck{Name: "disk", Result: "low"},
		scoring.KioskCheck{Name: "fan", Result: "stuck"})
	_, body := rg.get(t, "/fleet?lang=vi")
	if got := checkItems(t, body, "qn-k1"); strings.Join(got, "|") != "disk=Ổ đĩa: sắp đầy|fan=fan: stuck" {
		t.Fatalf("vi: %q", got)
	}
	if !strings.Contains(body, `<tr class="trouble" data-kiosk="qn-k1">`) || !strings.Contains(body, `class="bad-text" data-check="disk"`) {
		t.Fatal("the failing kiosk is not in red")
	}
	_, body = rg.get(t, "/fleet?lang=en")
	if got := checkItems(t, body, "qn-k1"); strings.Join(got, "|") != "disk=Disk: low on space|fan=fan: stuck" {
		t.Fatalf("en: %q", got)
	}
	beat(scoring.KioskCheck{Name: "database", Result: "ok"}, scoring.KioskCheck{Name: "disk", Result: "ok"})
	_, body = rg.get(t, "/fleet")
	if got := checkItems(t, body, "qn-k1"); len(got) != 0 || strings.Contains(body, `<tr class="trouble" data-kiosk="qn-k1">`) {
		t.Fatalf("after ok: %q", got)
	}
}

// A check that came past the API's rules (straight into the store) is
// still only text on the page: html/template escapes it.
func TestFleetEscapesHostileChecks(t *testing.T) {
	rg := fleetRig(t)
	rg.signIn(t, adminEmail)
	evil := `"><script>alert(1)</script><img src=x onerror=alert(2)>`
	at := rg.now.Add(-5 * time.Minute)
	if err := rg.store.RecordHeartbeat(context.Background(), scoring.HeartbeatRecord{KioskID: "qn-k1", KioskClock: at, ReceivedAt: at,
		Checks: []scoring.KioskCheck{{Name: evil[:30], Result: evil[:24]}}}); err != nil {
		t.Fatal(err)
	}
	_, body := rg.get(t, "/fleet")
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img") {
		t.Fatalf("hostile check not escaped:\n%s", body)
	}
	if got := checkItems(t, body, "qn-k1"); len(got) != 1 || got[0] != evil[:30]+"="+evil[:30]+": "+evil[:24] {
		t.Fatalf("hostile check shown as %q", got)
	}
}
