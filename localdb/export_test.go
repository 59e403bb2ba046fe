package localdb

import (
	"bytes"
	"context"
	"encoding/csv"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"hailong/kiosk/survey"
)

// The export's columns are exactly the Response JSON fields, in order, then
// uploaded_at and quarantine_reason: a field added to survey.Response must
// be added here too.
func TestCSVColumnsMatchResponse(t *testing.T) {
	var want []string
	rt := reflect.TypeFor[survey.Response]()
	for i := range rt.NumField() {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		want = append(want, name)
	}
	want = append(want, "uploaded_at", "quarantine_reason")
	if got := exportHeader(); !reflect.DeepEqual(got, want) {
		t.Errorf("columns\n%v\nwant\n%v", exportHeader(), want)
	}
}

func TestExportCSV(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	day := time.Date(2025, 6, 10, 0, 0, 0, 0, ict)
	var saved []survey.Response
	for i, at := range []time.Time{day.Add(-time.Hour), day.Add(8 * time.Hour), day.Add(9 * time.Hour), day.Add(10 * time.Hour)} {
		r := sample(i, at)
		if i == 2 {
			r.RawValue, r.Level = 1, survey.Dissatisfied
			r.Reasons = []string{"Thái độ chưa lịch sự", "Hướng dẫn chưa rõ ràng, phải bổ sung nhiều lần"}
			r.Ticket, r.DossierCode = `A "17"`, "000.00.24.H40-250610-0001"
		}
		got, err := db.SaveResponse(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		saved = append(saved, got)
	}
	if err := db.MarkUploaded(ctx, []string{saved[1].ID}, time.Date(2025, 6, 10, 5, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	const rejected = "invalid: officer_id: not on the centre's roster"
	if err := db.Quarantine(ctx, saved[3].ID, rejected); err != nil {
		t.Fatal(err)
	}

	var buf bytes.Buffer
	n, err := db.ExportCSV(ctx, &buf, day, day.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("ExportCSV wrote %d responses, want 3", n)
	}
	data := buf.Bytes()
	if !bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("no UTF-8 BOM: % x", data[:min(3, len(data))])
	}
	if !bytes.Contains(data, []byte("Thái độ chưa lịch sự")) || !norm.NFC.IsNormal(data) {
		t.Error("Vietnamese text is not written as NFC UTF-8")
	}
	records, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 4 {
		t.Fatalf("%d records, want header + 3", len(records))
	}
	col := map[string]int{}
	for i, name := range records[0] {
		col[name] = i
	}
	for i, rec := range records[1:] {
		want := saved[i+1]
		field := func(name string) string { return rec[col[name]] }
		if field("id") != want.ID || field("seq") != strconv.FormatInt(want.Seq, 10) || field("hash") != want.Hash ||
			field("created_at") != want.CreatedAt || field("raw_value") != strconv.Itoa(want.RawValue) {
			t.Errorf("row %d = %v, want response %+v", i, rec, want)
		}
		if got := field("reasons"); got != survey.ReasonsJSON(want.Reasons) {
			t.Errorf("row %d reasons = %q", i, got)
		}
	}
	if got := records[2][col["reasons"]]; got != `["Thái độ chưa lịch sự","Hướng dẫn chưa rõ ràng, phải bổ sung nhiều lần"]` {
		t.Errorf("reasons did not round-trip: %q", got)
	}
	if got := records[2][col["ticket"]]; got != `A "17"` {
		t.Errorf("ticket did not round-trip: %q", got)
	}
	if got := records[1][col["uploaded_at"]]; got != "2025-06-10T05:00:00.000Z" {
		t.Errorf("uploaded_at = %q", got)
	}
	if got := records[2][col["uploaded_at"]]; got != "" {
		t.Errorf("pending uploaded_at = %q, want empty", got)
	}
	for i, want := range []string{"", "", rejected} {
		if got := records[i+1][col["quarantine_reason"]]; got != want {
			t.Errorf("row %d quarantine_reason = %q, want %q", i, got, want)
		}
	}

	// An empty range still writes the BOM and the header.
	buf.Reset()
	if n, err := db.ExportCSV(ctx, &buf, day.AddDate(0, 0, 3), day.AddDate(0, 0, 4)); err != nil || n != 0 {
		t.Fatalf("empty range: %d, %v", n, err)
	}
	if want := "\ufeff" + strings.Join(records[0], ",") + "\r\n"; buf.String() != want {
		t.Errorf("empty export = %q, want %q", buf.String(), want)
	}
}

// The kiosk's export is lossless and inert too (issue 9 items 5 and 11):
// every hash recomputes from the parsed file, and no cell starts a
// formula.
func TestExportCSVRoundTripsAndNeutralises(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	var saved []survey.Response
	for i, edit := range []func(*survey.Response){
		func(r *survey.Response) { r.Ticket, r.DossierCode = `=HYPERLINK("http://x")`, "@SUM(1)" },
		func(r *survey.Response) { r.Ticket = "một\nhai\r\nba\rbốn" },
		func(r *survey.Response) { r.Reasons = []string{"a;b", "c,d", "=1"} },
		func(r *survey.Response) { r.Ticket, r.DossierCode = "'x", "-1" },
	} {
		r := sample(i, testStart.Add(time.Duration(i)*time.Minute))
		edit(&r)
		got, err := db.SaveResponse(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		saved = append(saved, got)
	}
	const rejected = "-invalid: =1+1"
	if err := db.Quarantine(ctx, saved[3].ID, rejected); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	day := time.Date(2025, 6, 10, 0, 0, 0, 0, ict)
	if _, err := db.ExportCSV(ctx, &buf, day, day.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	cr := survey.NewCSVReader(&buf)
	header, err := cr.Read()
	if err != nil {
		t.Fatal(err)
	}
	col, err := survey.CSVColumns(header)
	if err != nil {
		t.Fatal(err)
	}
	for i := range saved {
		rec, err := cr.Read()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range rec {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("cell %q would run as a formula", c)
			}
		}
		r, err := survey.ResponseFromCSV(col, rec)
		if err != nil {
			t.Fatal(err)
		}
		if r.ComputeHash() != saved[i].Hash || r.Ticket != saved[i].Ticket || !reflect.DeepEqual(r.Reasons, append([]string{}, saved[i].Reasons...)) {
			t.Errorf("row %d read back as %+v, saved %+v", i, r, saved[i])
		}
		if i == 3 && survey.CSVUntext(rec[col["quarantine_reason"]]) != rejected {
			t.Errorf("quarantine_reason %q", rec[col["quarantine_reason"]])
		}
	}
}
