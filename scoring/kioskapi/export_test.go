package kioskapi_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/kioskapi"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

func TestWriteCSVHasEveryFieldAndReceivedAt(t *testing.T) {
	f := newFixture(t, kioskapi.Config{})
	token, _ := f.enrol("k1", "c1", "1")
	rs := scoringtest.Chain(f.kioskOf("k1"), 1, survey.GenesisHash, 10)
	rs[4].Ticket, rs[4].DossierCode = "A-017", "H01.22-241124-0001"
	rs[4] = scoringtest.Rehash(rs[4])
	for i := 5; i < 10; i++ { // re-chain after the change
		rs[i].PrevHash = rs[i-1].Hash
		rs[i] = scoringtest.Rehash(rs[i])
	}
	f.mustAccept(token, rs)
	f.enrol("k2", "c2", "1") // another centre, filtered out below

	loc, err := scoring.Zone(scoring.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	from, to, err := scoring.DayRange("2025-11-24", "2025-11-24", loc)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	n, err := scoring.WriteCSV(context.Background(), &buf, f.st, scoring.ExportFilter{From: from, To: to, CentreID: "c1"})
	if err != nil || n != 10 {
		t.Fatalf("%d rows, %v", n, err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\ufeff")) {
		t.Fatal("no byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(buf.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	typ := reflect.TypeFor[survey.Response]()
	for i := range typ.NumField() {
		want = append(want, strings.Split(typ.Field(i).Tag.Get("json"), ",")[0])
	}
	want = append(want, "received_at")
	if !reflect.DeepEqual(recs[0], want) {
		t.Fatalf("header %v\nwant %v", recs[0], want)
	}
	row := recs[5]
	col := func(name string) string { return row[indexOf(want, name)] }
	if col("id") != rs[4].ID || col("ticket") != "A-017" || col("dossier_code") != "H01.22-241124-0001" ||
		col("hash") != rs[4].Hash || col("received_at") != f.clock.Now().Format(survey.TimeLayout) {
		t.Fatalf("row %v", row)
	}
	if recs[1][indexOf(want, "reasons")] != "[]" || recs[5][indexOf(want, "reasons")] != `["wait","rude"]` {
		t.Fatalf("reasons %q %q", recs[1][indexOf(want, "reasons")], recs[5][indexOf(want, "reasons")])
	}

	// Another day has none of them.
	from, to, _ = scoring.DayRange("2025-11-25", "2025-11-30", loc)
	buf.Reset()
	if n, err := scoring.WriteCSV(context.Background(), &buf, f.st, scoring.ExportFilter{From: from, To: to}); err != nil || n != 0 {
		t.Fatalf("%d rows, %v", n, err)
	}
}

func indexOf(xs []string, x string) int {
	for i, s := range xs {
		if s == x {
			return i
		}
	}
	panic(x)
}

func TestDayRange(t *testing.T) {
	loc, _ := scoring.Zone(scoring.DefaultZone)
	from, to, err := scoring.DayRange("2025-11-24", "2025-11-25", loc)
	if err != nil || !from.Equal(time.Date(2025, 11, 23, 17, 0, 0, 0, time.UTC)) || to.Sub(from) != 48*time.Hour {
		t.Fatalf("%v %v %v", from, to, err)
	}
	if _, _, err := scoring.DayRange("2025-11-25", "2025-11-24", loc); err == nil {
		t.Fatal("to before from accepted")
	}
	if _, _, err := scoring.DayRange("24/11/2025", "2025-11-24", loc); err == nil {
		t.Fatal("a bad date accepted")
	}
}
