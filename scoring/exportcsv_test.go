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
	for _, r := range rs {
		if err := r.Validate(); err != nil {
			t.Fatalf("the tricky chain must be one a server accepts: seq %d: %v", r.Seq, err)
		}
	}
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

// VerifyExport recomputes every hash and link of an export from the file
// alone, and finds a changed cell, a removed row and a forged link.
func TestVerifyExport(t *testing.T) {
	k := scoringtest.Kiosk{ID: "k1", CentreID: "c1", CounterID: "1", OfficerID: "o1"}
	st := storeWith(t, k, scoringtest.Tricky(k))
	var buf bytes.Buffer
	if _, err := scoring.WriteCSV(context.Background(), &buf, st, allTime()); err != nil {
		t.Fatal(err)
	}
	rep, err := scoring.VerifyExport(bytes.NewReader(buf.Bytes()))
	if err != nil || len(rep.Problems) != 0 || rep.Rows != 12 || len(rep.Chains) != 1 {
		t.Fatalf("a clean export: %+v %v", rep, err)
	}
	if c := rep.Chains[0]; c.FirstSeq != 1 || c.LastSeq != 12 || c.FirstPrevHash != survey.GenesisHash || len(c.Missing) != 0 {
		t.Fatalf("chain %+v", c)
	}

	lines := strings.SplitAfter(buf.String(), "\r\n")
	edited := strings.Replace(buf.String(), ",satisfied,", ",very_satisfied,", 1)
	rep, _ = scoring.VerifyExport(strings.NewReader(edited))
	if len(rep.Problems) != 1 || rep.Problems[0].Kind != scoring.ExportMismatch {
		t.Fatalf("a changed level: %+v", rep.Problems)
	}
	// Row of seq 2 removed: seq 3 cannot be linked, and the hole shows.
	var without strings.Builder
	for _, l := range lines {
		if !strings.Contains(l, ",2,") || !strings.Contains(l, ",k1,2,") {
			without.WriteString(l)
		}
	}
	rep, _ = scoring.VerifyExport(strings.NewReader(without.String()))
	if len(rep.Problems) != 0 || len(rep.Chains[0].Missing) != 1 || rep.Chains[0].Missing[0] != (scoring.Gap{From: 2, To: 2}) {
		t.Fatalf("a removed row: %+v %+v", rep.Problems, rep.Chains)
	}
}

// An edited row whose hash was recomputed no longer links to its successor.
func TestVerifyExportFindsARehashedEdit(t *testing.T) {
	rs := scoringtest.Tricky(scoringtest.Kiosk{ID: "k1", CentreID: "c1", CounterID: "1", OfficerID: "o1"})
	rs[5].Level, rs[5].RawValue = survey.VerySatisfied, 3
	rs[5] = scoringtest.Rehash(rs[5])
	var buf bytes.Buffer
	w := survey.NewCSVWriter(&buf)
	w.Write(survey.CSVHeader())
	for _, r := range rs {
		w.Write(r.CSVRecord())
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	rep, err := scoring.VerifyExport(&buf)
	if err != nil || len(rep.Problems) != 1 || rep.Problems[0].Kind != scoring.ExportBrokenLink || rep.Problems[0].Seq != 7 {
		t.Fatalf("%+v %v", rep.Problems, err)
	}
}
