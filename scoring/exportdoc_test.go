package scoring_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"hailong/kiosk/scoring"
)

// The worked example of docs/EXPORT.md is what the code writes and
// verifies: its CSV verifies, and the canonical bytes and hashes shown are
// those of the rows it holds.
func TestExportDocWorkedExample(t *testing.T) {
	b, err := os.ReadFile("../docs/EXPORT.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	m := regexp.MustCompile("(?s)```csv\n(.*?)\n```").FindStringSubmatch(doc)
	if m == nil {
		t.Fatal("no csv block")
	}
	rep, err := scoring.VerifyExport(strings.NewReader(m[1] + "\n"))
	if err != nil || len(rep.Problems) != 0 || rep.Rows != 2 {
		t.Fatalf("the example does not verify: %v %+v", err, rep)
	}
	rs := readExport(t, []byte(m[1]+"\n"))
	blocks := regexp.MustCompile("(?s)```json\n(.*?)\n```").FindAllStringSubmatch(doc, -1)
	if len(blocks) != len(rs) {
		t.Fatalf("%d json blocks for %d rows", len(blocks), len(rs))
	}
	for i, r := range rs {
		if got := string(r.Canonical()); got != blocks[i][1] {
			t.Errorf("row %d canonical bytes\n%s\ndocumented\n%s", i+1, got, blocks[i][1])
		}
		if !strings.Contains(doc, "whose SHA-256 is `"+r.ComputeHash()+"`") {
			t.Errorf("row %d: hash %s not documented", i+1, r.ComputeHash())
		}
	}
	if rs[1].Ticket != "=A-018\nquầy 3" || len(rs[1].Reasons) != 3 || rs[1].Reasons[1] != "giấy tờ; lệ phí" || rs[1].Reasons[2] != "a,b" {
		t.Errorf("row 2 read back as %+v", rs[1])
	}
	for _, r := range rs {
		if err := r.Validate(); err != nil {
			t.Errorf("row %d is not a response a server accepts: %v", r.Seq, err)
		}
	}
}
