package sqlitestore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/scoringtest"
	"hailong/kiosk/survey"
)

// Pruning deletes a prefix through the gate, records a checkpoint, and
// leaves a chain that verifies from it; the gate is closed again after.
func TestPruneLeavesAVerifiableCheckpoint(t *testing.T) {
	st := enrolled(t)
	ctx := context.Background()
	rs := scoringtest.Chain(k1, 1, survey.GenesisHash, 20) // one a second from Base+1s
	ingest(t, st, "b1", rs[:15])
	ingest(t, st, "b2", rs[17:])                     // 16 and 17 not received yet
	before := scoringtest.Base.Add(11 * time.Second) // seqs 1–10 are older

	dry, err := st.Prune(ctx, scoring.PruneOptions{Before: before, DryRun: true})
	if err != nil || len(dry) != 1 || dry[0].ToSeq != 10 || dry[0].Rows != 10 {
		t.Fatalf("dry run %+v %v", dry, err)
	}
	if n, _, _ := st.Counts(ctx); n != 18 {
		t.Fatalf("a dry run deleted: %d rows left", n)
	}
	got, err := st.Prune(ctx, scoring.PruneOptions{Before: before})
	if err != nil || len(got) != 1 || got[0].FromSeq != 1 || got[0].ToSeq != 10 || got[0].ToHash != rs[9].Hash || got[0].Rows != 10 {
		t.Fatalf("prune %+v %v", got, err)
	}
	if rep := verify(t, st, true); len(rep.Problems) != 0 || rep.Rows != 8 {
		t.Fatalf("after prune: %d rows, %s", rep.Rows, problems(rep))
	}
	// Never past the first missing seq, whatever --before says.
	got, err = st.Prune(ctx, scoring.PruneOptions{Before: scoringtest.Base.Add(time.Hour)})
	if err != nil || got[0].FromSeq != 11 || got[0].ToSeq != 15 || got[0].Rows != 5 {
		t.Fatalf("second prune %+v %v", got, err)
	}
	ingest(t, st, "b3", rs[15:17]) // the gap fills; the chain links across the checkpoint
	if rep := verify(t, st, true); len(rep.Problems) != 0 {
		t.Fatalf("after the gap filled: %s", problems(rep))
	}
	db := rawDB(t, st.Path())
	defer db.Close()
	if _, err := db.Exec("DELETE FROM responses WHERE seq = 18"); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("the gate stayed open: %v", err)
	}
	if _, err := db.Exec("DELETE FROM chain_checkpoints"); err == nil {
		t.Fatal("a checkpoint deleted by hand")
	}
	// A pruned prefix forged back in is found.
	insertRaw(t, db, rs[0])
	if got := kinds(verify(t, st, true)); got[scoring.ProblemInserted] != 1 {
		t.Fatalf("a row below the checkpoint: %v", got)
	}
}

// A kiosk whose chain does not verify is not pruned: that would destroy
// the evidence.
func TestPruneSkipsAChainWithProblems(t *testing.T) {
	st := enrolled(t)
	rs := scoringtest.Chain(k1, 1, survey.GenesisHash, 10)
	ingest(t, st, "b1", rs)
	db := rawDB(t, st.Path())
	defer db.Close()
	mustExec(t, db, "DROP TRIGGER responses_no_update")
	mustExec(t, db, "UPDATE responses SET ticket = 'X' WHERE seq = 2")
	got, err := st.Prune(context.Background(), scoring.PruneOptions{Before: scoringtest.Base.Add(time.Hour)})
	if err != nil || len(got) != 1 || got[0].Rows != 0 || !strings.Contains(got[0].Skipped, "problem") {
		t.Fatalf("%+v %v", got, err)
	}
}
