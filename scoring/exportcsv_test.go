package scoring_test

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

// storeWith opens a store in a temporary directory with kiosk k enrolled
// and rs stored as they are (no validation: the export must carry
// whatever the store holds).
func storeWith(t *testing.T, k scoringtest.Kiosk, rs []survey.Response) *sqlitestore.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	tech, _ := pinHashes(t)
	now := time.Now()
	if _, err := st.SaveCentre(ctx, scoring.Centre{ID: k.CentreID, Name: "C", Scale: "legal3", TechnicianPINHash: tech, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateEnrolCode(ctx, scoring.EnrolCode{Hash: "h-" + k.ID, CentreID: k.CentreID, CounterID: k.CounterID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Enrol(ctx, scoring.Enrolment{CodeHash: "h-" + k.ID, KioskID: k.ID, TokenHash: "t-" + k.ID, At: now}); err != nil {
		t.Fatal(err)
	}
	res, err := st.Ingest(ctx, scoring.IngestBatch{KioskID: k.ID, BatchID: "b1", Responses: rs, ReceivedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range res.Items {
		if it != scoring.ItemAccepted {
			t.Fatalf("item %d %s", i, it)
		}
	}
	return st
}

func allTime() scoring.ExportFilter {
	return scoring.ExportFilter{From: time.Unix(0, 0), To: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// Every hashed field comes back from the server's export exactly, and
// every hash can be recomputed from the parsed rows alone (issue 9 item
// 11): reasons with ";" and ",", [""] and [], newlines and CRs in a
// ticket, control characters, U+2028, and cells a spreadsheet would run.
func TestExportRoundTripsEveryHashedField(t *testing.T) {
	k := scoringtest.Kiosk{ID: "k1", CentreID: "c1", CounterID: "1", OfficerID: "o1"}
	rs := scoringtest.Tricky(k)
	st := storeWith(t, k, rs)
	var buf bytes.Buffer
	if n, err := scoring.WriteCSV(context.Background(), &buf, st, allTime()); err != nil || n != len(rs) {
		t.Fatalf("%d rows, %v", n, err)
	}
	got := readExport(t, buf.Bytes())
	if len(got) != len(rs) {
		t.Fatalf("%d responses read back, want %d", len(got), len(rs))
	}
	for i, r := range got {
		if h := r.ComputeHash(); h != rs[i].Hash {
			t.Errorf("seq %d: hash recomputed from the export %s, stored %s", r.Seq, h, rs[i].Hash)
		}
		want := rs[i]
		if want.Reasons == nil {
			want.Reasons = []string{} // hashed alike: the store keeps []
		}
		if !reflect.DeepEqual(r, want) {
			t.Errorf("seq %d read back as\n%#v\nwant\n%#v", r.Seq, r, want)
		}
	}
}

// readExport parses an export with the strict RFC 4180 reader.
func readExport(t *testing.T, data []byte) []survey.Response {
	t.Helper()
	cr := survey.NewCSVReader(bytes.NewReader(data))
	header, err := cr.Read()
	if err != nil {
		t.Fatal(err)
	}
	col, err := survey.CSVColumns(header)
	if err != nil {
		t.Fatal(err)
	}
	var out []survey.Response
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(rec) != len(header) {
			t.Fatalf("record of %d cells under a header of %d: %q", len(rec), len(header), rec)
		}
		r, err := survey.ResponseFromCSV(col, rec)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
}

// No text cell of the export starts with what makes a spreadsheet run it
// as a formula (issue 9 item 5); numeric cells are left alone.
func TestExportNeutralisesFormulas(t *testing.T) {
	k := scoringtest.Kiosk{ID: "k1", CentreID: "c1", CounterID: "1", OfficerID: "o1"}
	st := storeWith(t, k, scoringtest.Tricky(k))
	var buf bytes.Buffer
	if _, err := scoring.WriteCSV(context.Background(), &buf, st, allTime()); err != nil {
		t.Fatal(err)
	}
	assertNoFormulaCells(t, buf.Bytes())
	if !bytes.Contains(buf.Bytes(), []byte(`'=HYPERLINK(""http://x"")`)) || !bytes.Contains(buf.Bytes(), []byte(",'@SUM(1),")) {
		t.Errorf("formulas not shown as text:\n%s", buf.String())
	}
}

// assertNoFormulaCells fails when a cell of an export starts with = + - @
// tab or CR.
func assertNoFormulaCells(t *testing.T, data []byte) {
	t.Helper()
	cr := survey.NewCSVReader(bytes.NewReader(data))
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range rec {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("cell %q would run as a formula", c)
			}
		}
	}
}
