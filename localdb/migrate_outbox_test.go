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

	"hailong/kiosk/survey"
)

// TestMigrationMovesUploadState opens a database written at schema 1
// (upload state in the response rows) with the current program: after
// migration 0002 the same responses are pending, acknowledged (at the same
// times) and quarantined, and every method keeps its meaning on them.
func TestMigrationMovesUploadState(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old := openAt(t, dir, withMigrations(embedded(t)[:1]))
	rs := saveN(t, old, 8)
	// As schema 1's MarkUploaded and Quarantine left them: 1–3 and 6
	// acknowledged, 5 and 6 quarantined (6 was acknowledged after it was
	// quarantined, which schema 1 allowed).
	execSQL(t, old, "UPDATE responses SET uploaded_at = '2025-06-10T03:30:00.000Z' WHERE seq IN (1, 2)")
	execSQL(t, old, "UPDATE responses SET uploaded_at = '2025-06-10T04:30:00.000Z' WHERE seq IN (3, 6)")
	execSQL(t, old, "UPDATE responses SET quarantine_reason = 'conflict' WHERE seq IN (5, 6)")
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	db := openAt(t, dir)
	if db.BackupPath() == "" {
		t.Error("no backup before migrating a database with data")
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.VerifyChain(ctx); err != nil {
		t.Fatal(err)
	}
	pending := func(want ...int64) {
		t.Helper()
		got, err := db.Pending(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(seqsOf(got), want) {
			t.Fatalf("pending = %v, want %v", seqsOf(got), want)
		}
		st, err := db.Stats(ctx, testStart)
		if err != nil {
			t.Fatal(err)
		}
		if st.Pending != len(want) {
			t.Fatalf("Stats().Pending = %d, want %d", st.Pending, len(want))
		}
	}
	pending(4, 7, 8)
	if got := uploadedAt(t, db); !reflect.DeepEqual(got, map[int64]string{
		0: "2025-06-10T03:30:00.000Z", 1: "2025-06-10T03:30:00.000Z", 2: "2025-06-10T04:30:00.000Z", 5: "2025-06-10T04:30:00.000Z",
	}) {
		t.Errorf("uploaded_at by index = %v", got)
	}
	q, err := db.Quarantined(ctx, 10)
	if err != nil || len(q) != 2 || q[0].Seq != 5 || q[1].Seq != 6 || q[0].Reason != "conflict" {
		t.Errorf("Quarantined() = %+v, %v", q, err)
	}
	var csvOut bytes.Buffer
	if _, err := db.ExportCSV(ctx, &csvOut, testStart, testStart.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvOut.String(), utf8BOM))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	uploaded, rejected := len(records[0])-2, len(records[0])-1
	if records[0][uploaded] != "uploaded_at" || records[0][rejected] != "quarantine_reason" {
		t.Fatalf("export header ends %v", records[0][uploaded:])
	}
	if records[1][uploaded] != "2025-06-10T03:30:00.000Z" || records[4][uploaded] != "" {
		t.Errorf("export uploaded_at: seq 1 %q, seq 4 %q", records[1][uploaded], records[4][uploaded])
	}
	if len(records) < 6 || records[5][rejected] != "conflict" {
		t.Errorf("export quarantine_reason of seq 5 = %q, want conflict", records[5][rejected])
	}

	// The old rows behave like new ones.
	if err := db.Quarantine(ctx, rs[0].ID, "conflict"); err == nil {
		t.Error("quarantined a response acknowledged before the migration")
	}
	if err := db.Acknowledge(ctx, []string{rs[3].ID, rs[0].ID}, testStart.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	pending(7, 8)
	if got := uploadedAt(t, db); got[0] != "2025-06-10T03:30:00.000Z" || got[3] != "2025-06-10T05:30:00.000Z" {
		t.Errorf("after Acknowledge: uploaded_at by index = %v", got)
	}
	if _, err := db.SaveResponse(ctx, sample(8, testStart.Add(time.Minute))); err != nil {
		t.Fatal(err)
	}
	pending(7, 8, 9)
	n, err := db.Prune(ctx, testStart.Add(24*time.Hour))
	if err != nil || n != 4 { // 1, 2, 3, 4; 6 is quarantined and stays
		t.Fatalf("Prune() = %d, %v; want 4", n, err)
	}
	if got := uploadedAt(t, db); !reflect.DeepEqual(got, map[int64]string{5: "2025-06-10T04:30:00.000Z"}) {
		t.Errorf("after Prune: uploads = %v, want only the quarantined seq 6's", got)
	}
	pending(7, 8, 9)
	if err := db.VerifyChain(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestOutboxFollowsResponses: a row written into responses by anything
// (a fixture, an import) enters the outbox, and a deleted one leaves the
// outbox and uploads, so the upload state never names a missing response.
func TestOutboxFollowsResponses(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	rs := saveN(t, db, 4)
	if err := db.Acknowledge(ctx, []string{rs[0].ID}, testStart); err != nil {
		t.Fatal(err)
	}
	execSQL(t, db, "DELETE FROM responses WHERE seq IN (1, 2)")
	if n := count(t, db, "SELECT count(*) FROM uploads"); n != 0 {
		t.Errorf("%d uploads rows left for deleted responses", n)
	}
	if n := count(t, db, "SELECT count(*) FROM outbox WHERE seq NOT IN (SELECT seq FROM responses)"); n != 0 {
		t.Errorf("%d outbox rows left for deleted responses", n)
	}
	seedPending(t, db, 3)
	got, err := db.Pending(ctx, 10)
	if err != nil || !reflect.DeepEqual(seqsOf(got), []int64{3, 4, 5, 6, 7}) {
		t.Errorf("Pending() = %v, %v", seqsOf(got), err)
	}
}

// TestPendingReadsWhatWasSaved: the outbox read (which decodes the
// driver's values itself) gives back each response exactly as SaveResponse
// returned it, the same as the other reads.
func TestPendingReadsWhatWasSaved(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	var saved []survey.Response
	for i, reasons := range [][]string{nil, {}, {"wait"}, {"Thái độ chưa lịch sự", `a "quoted" <b>&`, "a;b"}, {"c,d"}} {
		r := sample(i, testStart.Add(time.Duration(i)*time.Second))
		r.RawValue, r.Level, r.Reasons = 1, survey.Dissatisfied, reasons
		r.Ticket, r.DossierCode, r.InvitationID, r.FilterReason = "A-\u2028-"+strconv.Itoa(i), "000.00.23.H01", "inv-"+strconv.Itoa(i), survey.FilterRepeat
		s, err := db.SaveResponse(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		saved = append(saved, s)
	}
	got, err := db.Pending(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, saved) {
		t.Fatalf("Pending() =\n%+v\nwant\n%+v", got, saved)
	}
	all, err := db.Responses(ctx, testStart, testStart.Add(time.Hour))
	if err != nil || !reflect.DeepEqual(all, saved) {
		t.Fatalf("Responses() = %+v, %v", all, err)
	}
	after, err := db.PendingAfter(ctx, 2, 2)
	if err != nil || !reflect.DeepEqual(after, saved[2:4]) {
		t.Fatalf("PendingAfter(2, 2) = %+v, %v", after, err)
	}
}
