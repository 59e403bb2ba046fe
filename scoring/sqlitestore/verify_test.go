package sqlitestore_test

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/scoring/sqlitestore"
	"hailong/kiosk/survey"
)

// ingest stores rs for k1 and fails unless every one is accepted.
func ingest(t *testing.T, st *sqlitestore.Store, batch string, rs []survey.Response) {
	t.Helper()
	res, err := st.Ingest(context.Background(), scoring.IngestBatch{KioskID: "k1", BatchID: batch, Responses: rs, ReceivedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range res.Items {
		if it != scoring.ItemAccepted {
			t.Fatalf("item %d: %s", i, it)
		}
	}
}

func verify(t *testing.T, st *sqlitestore.Store, full bool) scoring.VerifyReport {
	t.Helper()
	rep, err := st.VerifyChains(context.Background(), scoring.VerifyOptions{Full: full})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// kinds counts a report's problems by kind.
func kinds(rep scoring.VerifyReport) map[string]int {
	n := map[string]int{}
	for _, p := range rep.Problems {
		n[p.Kind]++
	}
	return n
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// insertRaw inserts r for kiosk number 1 as a hand with sqlite3 would.
func insertRaw(t *testing.T, db *sql.DB, r survey.Response) {
	t.Helper()
	id := uuid.MustParse(r.ID)
	prev, _ := hex.DecodeString(r.PrevHash)
	hash, _ := hex.DecodeString(r.Hash)
	mustExec(t, db, `INSERT INTO responses (id, kiosk_no, seq, prev_hash, hash, centre_id, counter_id,
		officer_id, scale, raw_value, level, reasons, outcome, filter_reason, invitation_id, ticket, dossier_code,
		lang, created_at, created_ms, duration_ms, app_version, config_version, received_ms)
		VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 0)`,
		id[:], r.Seq, prev, hash, r.CentreID, r.CounterID, r.OfficerID, r.Scale, r.RawValue, string(r.Level),
		survey.ReasonsJSON(r.Reasons), string(r.Outcome), r.FilterReason, r.InvitationID, r.Ticket, r.DossierCode,
		r.Lang, r.CreatedAt, r.DurationMS, r.AppVersion, r.ConfigVersion)
}

// The acceptance test of issue 9 item 7: with the triggers in place an
// UPDATE and a DELETE are refused; with them dropped, as an attacker
// would, a changed level, a deleted row and an inserted row are all found.
func TestVerifyFindsHandEdits(t *testing.T) {
	st := enrolled(t)
	rs := scoringtest.Chain(k1, 1, survey.GenesisHash, 20)
	ingest(t, st, "b1", rs)
	if rep := verify(t, st, true); len(rep.Problems) != 0 || rep.Rows != 20 {
		t.Fatalf("a clean chain: %d rows, %+v", rep.Rows, rep.Problems)
	}

	db := rawDB(t, st.Path())
	defer db.Close()
	for _, q := range []string{
		"UPDATE responses SET level = 'very_satisfied' WHERE seq = 5",
		"DELETE FROM responses WHERE seq = 9",
	} {
		if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused", q, err)
		}
	}
	if rep := verify(t, st, true); len(rep.Problems) != 0 {
		t.Fatalf("after refused edits: %+v", rep.Problems)
	}
	// Anyone with write access can open the gate: verify sees the result.
	mustExec(t, db, "UPDATE append_only_gate SET open = 1")
	mustExec(t, db, "DELETE FROM responses WHERE seq = 20")
	if got := kinds(verify(t, st, false)); got[scoring.ProblemDeleted] != 1 || got[scoring.ProblemUnprotected] != 1 {
		t.Fatalf("gate left open: %v", got)
	}
	mustExec(t, db, "UPDATE append_only_gate SET open = 0")
	insertRaw(t, db, rs[19]) // put it back as it was
	if rep := verify(t, st, true); len(rep.Problems) != 0 {
		t.Fatalf("after the row came back: %+v", rep.Problems)
	}

	// The attacker drops the triggers, edits, and puts them back.
	mustExec(t, db, "DROP TRIGGER responses_no_update")
	mustExec(t, db, "DROP TRIGGER responses_no_delete")
	mustExec(t, db, "UPDATE responses SET level = 'very_satisfied', raw_value = 3 WHERE seq = 5")
	mustExec(t, db, "DELETE FROM responses WHERE seq = 9")
	extra := rs[13]
	extra.ID, extra.Level, extra.RawValue = uuid.NewString(), survey.Dissatisfied, 1
	insertRaw(t, db, scoringtest.Rehash(extra)) // a well-formed, well-linked second seq 14

	rep := verify(t, st, true)
	got := kinds(rep)
	if got[scoring.ProblemMismatch] != 1 || got[scoring.ProblemDeleted] != 1 || got[scoring.ProblemInserted] != 1 ||
		got[scoring.ProblemUnprotected] != 2 {
		t.Fatalf("found %v:\n%s", got, problems(rep))
	}
	for _, p := range rep.Problems {
		want := map[string]int64{scoring.ProblemMismatch: 5, scoring.ProblemDeleted: 9, scoring.ProblemInserted: 14, scoring.ProblemUnprotected: 0}[p.Kind]
		if p.Seq != want || (p.Kind != scoring.ProblemUnprotected && p.KioskID != "k1") {
			t.Errorf("%+v: want seq %d of k1", p, want)
		}
	}
	if n, err := st.ChainProblemCounts(context.Background()); err != nil || n[scoring.ProblemMismatch] != 1 || n[scoring.ProblemDeleted] != 1 {
		t.Fatalf("recorded %v %v", n, err)
	}
	// Triggers restored exactly as they were: the edits are still found
	// (the cheap incremental pass cannot, behind its verified point).
	for _, stmt := range triggerStatements(t) {
		mustExec(t, db, stmt)
	}
	got = kinds(verify(t, st, true))
	if got[scoring.ProblemMismatch] != 1 || got[scoring.ProblemDeleted] != 1 || got[scoring.ProblemInserted] != 1 || got[scoring.ProblemUnprotected] != 0 {
		t.Fatalf("with the triggers back: %v", got)
	}
}

// triggerStatements returns the append-only triggers as migration 0002
// wrote them.
func triggerStatements(t *testing.T) []string {
	t.Helper()
	return []string{
		"CREATE TRIGGER responses_no_update BEFORE UPDATE ON responses\nBEGIN\n\tSELECT RAISE(ABORT, 'responses are append-only: a stored rating is never changed');\nEND",
		"CREATE TRIGGER responses_no_delete BEFORE DELETE ON responses\nWHEN (SELECT open FROM append_only_gate WHERE id = 1) IS NOT 1\nBEGIN\n\tSELECT RAISE(ABORT, 'responses are append-only: only scoring-server prune deletes, for retention');\nEND",
	}
}

func problems(rep scoring.VerifyReport) string {
	var b strings.Builder
	for _, p := range rep.Problems {
		fmt.Fprintf(&b, "%+v\n", p)
	}
	return b.String()
}

// A trigger replaced by a harmless-looking one of the same name is found.
func TestVerifyFindsAlteredTrigger(t *testing.T) {
	st := enrolled(t)
	db := rawDB(t, st.Path())
	defer db.Close()
	mustExec(t, db, "DROP TRIGGER responses_no_delete")
	mustExec(t, db, "CREATE TRIGGER responses_no_delete BEFORE DELETE ON responses WHEN 0 BEGIN SELECT 1; END")
	if got := kinds(verify(t, st, false)); got[scoring.ProblemUnprotected] != 1 {
		t.Fatalf("found %v", got)
	}
}

// The incremental pass reads only what arrived since its last point, and
// still finds what is wrong there; edits behind the point wait for a full
// pass.
func TestVerifyIncremental(t *testing.T) {
	st := enrolled(t)
	rs := scoringtest.Chain(k1, 1, survey.GenesisHash, 30)
	ingest(t, st, "b1", rs[:10])
	if rep := verify(t, st, false); rep.Rows != 10 || len(rep.Problems) != 0 {
		t.Fatalf("first pass: %d rows %+v", rep.Rows, rep.Problems)
	}
	ingest(t, st, "b2", rs[10:20])
	if rep := verify(t, st, false); rep.Rows != 10 || len(rep.Problems) != 0 {
		t.Fatalf("second pass read %d rows, want the 10 new ones: %+v", rep.Rows, rep.Problems)
	}
	if rep := verify(t, st, false); rep.Rows != 0 {
		t.Fatalf("nothing new, %d rows read", rep.Rows)
	}

	db := rawDB(t, st.Path())
	defer db.Close()
	mustExec(t, db, "DROP TRIGGER responses_no_update")
	mustExec(t, db, "DROP TRIGGER responses_no_delete")
	ingest(t, st, "b3", rs[20:30])
	mustExec(t, db, "UPDATE responses SET ticket = 'X' WHERE seq = 3")  // behind the verified point
	mustExec(t, db, "UPDATE responses SET ticket = 'Y' WHERE seq = 25") // beyond it
	mustExec(t, db, "DELETE FROM responses WHERE seq = 30")             // the last one
	got := kinds(verify(t, st, false))
	if got[scoring.ProblemMismatch] != 1 || got[scoring.ProblemDeleted] != 1 || got[scoring.ProblemUnprotected] != 2 {
		t.Fatalf("incremental found %v", got)
	}
	got = kinds(verify(t, st, true))
	if got[scoring.ProblemMismatch] != 2 || got[scoring.ProblemDeleted] != 1 {
		t.Fatalf("full found %v", got)
	}
	// Recorded problems stay until a full pass no longer finds them.
	if n, _ := st.ChainProblemCounts(context.Background()); n[scoring.ProblemMismatch] != 2 {
		t.Fatalf("recorded %v", n)
	}
	verify(t, st, false)
	if n, _ := st.ChainProblemCounts(context.Background()); n[scoring.ProblemMismatch] != 2 || n[scoring.ProblemDeleted] != 1 {
		t.Fatalf("after an incremental pass, recorded %v", n)
	}
}

// Open gaps (not yet received) are not deletions, and a seq reused by the
// kiosk itself (recorded at ingest) is not an insertion.
func TestVerifyKnowsWhatIngestRecorded(t *testing.T) {
	st := enrolled(t)
	rs := scoringtest.Chain(k1, 1, survey.GenesisHash, 10)
	ingest(t, st, "b1", rs[:4])
	ingest(t, st, "b2", rs[6:]) // 5 and 6 still missing
	again := rs[2]
	again.ID, again.Ticket = uuid.NewString(), "again"
	if _, err := st.Ingest(context.Background(), scoring.IngestBatch{KioskID: "k1", BatchID: "b3",
		Responses: []survey.Response{scoringtest.Rehash(again)}, ReceivedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if rep := verify(t, st, true); len(rep.Problems) != 0 {
		t.Fatalf("%s", problems(rep))
	}
}

// A row budget stops an incremental pass at a seq boundary; the next pass
// goes on from there, and the tail is not taken for deleted.
func TestVerifyIncrementalBudget(t *testing.T) {
	st := enrolled(t)
	rs := scoringtest.Chain(k1, 1, survey.GenesisHash, 2500)
	for i := 0; i < len(rs); i += 500 {
		ingest(t, st, fmt.Sprint(i), rs[i:i+500])
	}
	var total int64
	for pass := 0; pass < 3; pass++ {
		rep, err := st.VerifyChains(context.Background(), scoring.VerifyOptions{MaxRows: 1})
		if err != nil || len(rep.Problems) != 0 || rep.Rows != min(1000, 2500-total) {
			t.Fatalf("pass %d: %d rows, %v %+v", pass, rep.Rows, err, rep.Problems)
		}
		total += rep.Rows
	}
	if total != 2500 {
		t.Fatalf("%d rows in three passes", total)
	}
}

// INSERT OR REPLACE gets past the delete trigger (SQLite fires it for
// REPLACE only with recursive_triggers on); verify still finds the edit.
func TestVerifyFindsAReplacedRow(t *testing.T) {
	st := enrolled(t)
	rs := scoringtest.Chain(k1, 1, survey.GenesisHash, 5)
	ingest(t, st, "b1", rs)
	verify(t, st, false)
	db := rawDB(t, st.Path())
	defer db.Close()
	id := uuid.MustParse(rs[2].ID)
	// The row copied aside, its level changed, and put back over itself.
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("CREATE TEMP TABLE x AS SELECT * FROM responses WHERE id = ?", id[:]); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("UPDATE x SET level = 'dissatisfied', raw_value = 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT OR REPLACE INTO responses SELECT * FROM x"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var level string
	if err := db.QueryRow("SELECT level FROM responses WHERE id = ?", id[:]).Scan(&level); err != nil || level != "dissatisfied" {
		t.Fatalf("the replacement did not happen: %q %v", level, err)
	}
	if got := kinds(verify(t, st, true)); got[scoring.ProblemMismatch] != 1 {
		t.Fatalf("found %v", got)
	}
}
