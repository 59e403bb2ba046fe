package localdb

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"hailong/kiosk/survey"
)

func TestSaveResponse(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		edit    func(*survey.Response)
		wantErr string // "" for a valid response
	}{
		{"legal3 with reasons", func(r *survey.Response) {
			r.RawValue, r.Level, r.Reasons = 1, survey.Dissatisfied, []string{"Thái độ chưa lịch sự"}
		}, ""},
		{"face4 neutral", func(r *survey.Response) {
			r.Scale, r.RawValue, r.Level = survey.ScaleFace4, 2, survey.Satisfied
		}, ""},
		{"star5 repeat", func(r *survey.Response) {
			r.Scale, r.RawValue, r.Level, r.FilterReason = survey.ScaleStar5, 5, survey.VerySatisfied, survey.FilterRepeat
		}, ""},
		{"nil reasons, timeout, english", func(r *survey.Response) {
			r.Reasons, r.Outcome, r.Lang = nil, survey.OutcomeTimeout, "en"
		}, ""},
		{"unknown outcome", func(r *survey.Response) { r.Outcome = "left" }, "unknown outcome"},
		{"created_at from the clock", func(r *survey.Response) { r.CreatedAt = "" }, ""},
		{"caller's id and seq are replaced", func(r *survey.Response) {
			r.ID, r.Seq, r.KioskID, r.Hash = "not-mine", 99, "other", "x"
		}, ""},
		{"unknown scale", func(r *survey.Response) { r.Scale = "emoji9" }, "unknown scale"},
		{"raw value off the scale", func(r *survey.Response) { r.RawValue = 7 }, "no raw value 7"},
		{"unknown language", func(r *survey.Response) { r.Lang = "fr" }, "unknown lang"},
		{"no officer", func(r *survey.Response) { r.OfficerID = "" }, "officer_id"},
		{"long reason", func(r *survey.Response) { r.Reasons = []string{strings.Repeat("á", 40)} }, "1 to 64 bytes"},
		{"bad created_at", func(r *survey.Response) { r.CreatedAt = "10/06/2025" }, "created_at"},
		{"valid after rejections takes the next seq", func(r *survey.Response) {}, ""},
	}
	db := openTest(t, WithClock(survey.NewManualClock(testStart)))
	var prev survey.Response
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := sample(0, testStart)
			tt.edit(&in)
			before := count(t, db, "SELECT count(*) FROM responses")
			got, err := db.SaveResponse(ctx, in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				if after := count(t, db, "SELECT count(*) FROM responses"); after != before {
					t.Errorf("a rejected response left %d rows", after-before)
				}
				if head := count(t, db, "SELECT last_seq FROM chain"); int64(head) != prev.Seq {
					t.Errorf("a rejected response moved the chain head to %d", head)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if id, err := uuid.Parse(got.ID); err != nil || id.Version() != 7 {
				t.Errorf("id %q is not a UUIDv7", got.ID)
			}
			wantSeq, wantPrev := prev.Seq+1, prev.Hash
			if prev.Seq == 0 {
				wantPrev = survey.GenesisHash
			}
			if got.Seq != wantSeq || got.PrevHash != wantPrev || got.KioskID != db.KioskID() {
				t.Errorf("seq %d prev %s kiosk %s; want %d %s %s (a rejected save must not use up a seq)",
					got.Seq, got.PrevHash, got.KioskID, wantSeq, wantPrev, db.KioskID())
			}
			if got.Hash != got.ComputeHash() {
				t.Error("returned hash does not match content")
			}
			if in.CreatedAt == "" && got.CreatedAt != testStart.Format(survey.TimeLayout) {
				t.Errorf("created_at = %q, want the clock's time", got.CreatedAt)
			}
			stored, err := db.Responses(ctx, time.Time{}, testStart.AddDate(1, 0, 0))
			if err != nil {
				t.Fatal(err)
			}
			if last := stored[len(stored)-1]; !reflect.DeepEqual(last, got) {
				t.Errorf("stored\n%+v\nreturned\n%+v", last, got)
			}
			prev = got
		})
	}
	if err := db.VerifyChain(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestChainVerifiesAfterManySaves(t *testing.T) {
	db := openTest(t)
	saved := saveN(t, db, 1500) // more than one verify batch
	ids := map[string]bool{}
	for i, r := range saved {
		if r.Seq != int64(i+1) {
			t.Fatalf("save %d got seq %d", i, r.Seq)
		}
		if ids[r.ID] {
			t.Fatalf("duplicate id %s", r.ID)
		}
		ids[r.ID] = true
	}
	if err := db.VerifyChain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := survey.VerifyChain(saved, survey.GenesisHash); err != nil {
		t.Fatalf("the returned responses do not chain: %v", err)
	}
}

// Every way of altering the stored history must fail VerifyChain.
func TestVerifyChainDetectsTampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(*testing.T, *DB)
		want   string
	}{
		{"raw value changed", sqls("UPDATE responses SET raw_value = 1 WHERE seq = 700"), "seq 700: hash"},
		{"reason added", sqls(`UPDATE responses SET reasons = '["Khác"]' WHERE seq = 3`), "seq 3: hash"},
		{"first prev_hash", sqls("UPDATE responses SET prev_hash = hash WHERE seq = 1"), "seq 1: prev_hash"},
		{"hash copied from another row",
			sqls("UPDATE responses SET hash = (SELECT hash FROM responses WHERE seq = 4) WHERE seq = 5"), "seq 5: hash"},
		// A forger who recomputes the edited row's hash still breaks the
		// link to the next row.
		{"row re-hashed after an edit", rehash(5), "seq 6: prev_hash"},
		{"row deleted", sqls("DELETE FROM responses WHERE seq = 1200"), "missing but 0 were pruned"},
		{"last row deleted", sqls("DELETE FROM responses WHERE seq = 1500"), "missing but 0 were pruned"},
		{"head rewound", sqls("UPDATE chain SET last_seq = 1499"), "past the chain head"},
		{"head hash changed", sqls("UPDATE chain SET last_hash = (SELECT prev_hash FROM responses WHERE seq = 1500)"),
			"differs from the chain head"},
		{"other kiosk", sqls("UPDATE responses SET kiosk_id = 'x' WHERE seq = 9"), "kiosk_id"},
		{"prune count forged", sqls("DELETE FROM responses WHERE seq = 3", "UPDATE chain SET pruned = 2"),
			"missing but 2 were pruned"},
	}
	template := t.TempDir()
	db := openAt(t, template)
	saveN(t, db, 1500) // more than one verify batch
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openAt(t, copyDB(t, template))
			ctx := context.Background()
			if err := db.VerifyChain(ctx); err != nil {
				t.Fatalf("before tampering: %v", err)
			}
			tt.tamper(t, db)
			err := db.VerifyChain(ctx)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("VerifyChain = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// sqls returns a tampering that runs statements on the store.
func sqls(queries ...string) func(*testing.T, *DB) {
	return func(t *testing.T, db *DB) {
		for _, q := range queries {
			execSQL(t, db, q)
		}
	}
}

// rehash turns response seq into a "satisfied" rating (samples never are)
// and stores the correct hash of its new content.
func rehash(seq int64) func(*testing.T, *DB) {
	return func(t *testing.T, db *DB) {
		rs, err := db.Responses(context.Background(), time.Time{}, testStart.AddDate(1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		r := rs[seq-1]
		r.RawValue, r.Level = 2, survey.Satisfied
		r.Hash = r.ComputeHash()
		execSQL(t, db, "UPDATE responses SET raw_value = ?, level = ?, hash = ? WHERE seq = ?", r.RawValue, r.Level, r.Hash, seq)
	}
}

func TestResponsesRange(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	day := time.Date(2025, 6, 10, 0, 0, 0, 0, ict)
	at := []time.Time{
		day.Add(-time.Millisecond), // 9 June, 23:59:59.999 local
		day,                        // 10 June, 00:00 local = 9 June 17:00 UTC
		day.Add(12 * time.Hour),    //
		day.Add(24*time.Hour - time.Millisecond),
		day.Add(24 * time.Hour), // 11 June
	}
	for i, a := range at {
		if _, err := db.SaveResponse(ctx, sample(i, a)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name     string
		from, to time.Time
		seqs     []int64
	}{
		{"the local day", day, day.AddDate(0, 0, 1), []int64{2, 3, 4}},
		{"the same day given in UTC", day.UTC(), day.AddDate(0, 0, 1).UTC(), []int64{2, 3, 4}},
		{"to is exclusive", day.Add(-time.Hour), day, []int64{1}},
		{"everything", time.Time{}, day.AddDate(1, 0, 0), []int64{1, 2, 3, 4, 5}},
		{"empty", day.AddDate(0, 0, 5), day.AddDate(0, 0, 6), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := db.Responses(ctx, tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			var seqs []int64
			for _, r := range rs {
				seqs = append(seqs, r.Seq)
			}
			if !reflect.DeepEqual(seqs, tt.seqs) {
				t.Errorf("seqs = %v, want %v", seqs, tt.seqs)
			}
		})
	}
}

func seqsOf(rs []survey.Response) []int64 {
	out := []int64{}
	for _, r := range rs {
		out = append(out, r.Seq)
	}
	return out
}

func TestPendingMarkUploadedQuarantine(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	rs := saveN(t, db, 6)
	up1 := testStart.Add(time.Hour)
	up2 := testStart.Add(2 * time.Hour)

	steps := []struct {
		name    string
		do      func() error
		wantErr error // nil, ErrNotFound, or errAny
		pending []int64
	}{
		{"all pending", func() error { return nil }, nil, []int64{1, 2, 3, 4, 5, 6}},
		{"mark 1 and 2", func() error { return db.MarkUploaded(ctx, []string{rs[0].ID, rs[1].ID}, up1) }, nil, []int64{3, 4, 5, 6}},
		{"mark 2 again keeps the first time", func() error { return db.MarkUploaded(ctx, []string{rs[1].ID}, up2) }, nil, []int64{3, 4, 5, 6}},
		{"unknown id marks nothing", func() error { return db.MarkUploaded(ctx, []string{rs[2].ID, "nope"}, up1) }, ErrNotFound, []int64{3, 4, 5, 6}},
		{"quarantine 4", func() error { return db.Quarantine(ctx, rs[3].ID, "conflict") }, nil, []int64{3, 5, 6}},
		{"quarantine again updates the reason", func() error { return db.Quarantine(ctx, rs[3].ID, "invalid") }, nil, []int64{3, 5, 6}},
		{"quarantine unknown", func() error { return db.Quarantine(ctx, "nope", "conflict") }, ErrNotFound, []int64{3, 5, 6}},
		{"quarantine without reason", func() error { return db.Quarantine(ctx, rs[4].ID, "") }, errAny, []int64{3, 5, 6}},
		{"quarantine an uploaded one", func() error { return db.Quarantine(ctx, rs[0].ID, "conflict") }, errAny, []int64{3, 5, 6}},
		{"mark 3 and 6", func() error { return db.MarkUploaded(ctx, []string{rs[5].ID, rs[2].ID}, up2) }, nil, []int64{5}},
		{"mark none", func() error { return db.MarkUploaded(ctx, nil, up2) }, nil, []int64{5}},
	}
	for _, s := range steps {
		err := s.do()
		switch {
		case s.wantErr == nil && err != nil,
			s.wantErr == errAny && err == nil,
			s.wantErr == ErrNotFound && !errors.Is(err, ErrNotFound):
			t.Fatalf("%s: err = %v, want %v", s.name, err, s.wantErr)
		}
		got, err := db.Pending(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(seqsOf(got), s.pending) {
			t.Fatalf("%s: pending = %v, want %v", s.name, seqsOf(got), s.pending)
		}
	}
	var at2, reason string
	if err := db.sql.QueryRow("SELECT uploaded_at FROM uploads WHERE seq = 2").Scan(&at2); err != nil {
		t.Fatal(err)
	}
	if want := "2025-06-10T03:30:00.000Z"; at2 != want {
		t.Errorf("seq 2 uploaded_at = %s, want the first acknowledgement %s", at2, want)
	}
	if err := db.sql.QueryRow("SELECT quarantine_reason FROM responses WHERE seq = 4").Scan(&reason); err != nil || reason != "invalid" {
		t.Errorf("seq 4 quarantine_reason = %q, %v", reason, err)
	}
}

var errAny = errors.New("any error")

func TestPendingLimitAndOrder(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	saveN(t, db, 10)
	got, err := db.Pending(ctx, 4)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{1, 2, 3, 4}; !reflect.DeepEqual(seqsOf(got), want) {
		t.Errorf("Pending(4) = %v, want %v", seqsOf(got), want)
	}
	if err := survey.VerifyChain(got, survey.GenesisHash); err != nil {
		t.Errorf("pending batch as the server would check it: %v", err)
	}
	if _, err := db.Pending(ctx, 0); err == nil {
		t.Error("Pending(0) succeeded")
	}
}

func TestPruneKeepsPendingAndQuarantinedAndTheChain(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	rs := saveN(t, db, 10)
	ids := func(seqs ...int) []string {
		var out []string
		for _, s := range seqs {
			out = append(out, rs[s-1].ID)
		}
		return out
	}
	t1, t2, t3 := testStart.Add(time.Hour), testStart.Add(2*time.Hour), testStart.Add(3*time.Hour)
	if err := db.MarkUploaded(ctx, ids(1, 2, 3), t1); err != nil {
		t.Fatal(err)
	}
	if err := db.Quarantine(ctx, rs[3].ID, "conflict"); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkUploaded(ctx, ids(5, 6), t3); err != nil {
		t.Fatal(err)
	}
	remaining := func() []int64 {
		all, err := db.Responses(ctx, time.Time{}, testStart.AddDate(1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		return seqsOf(all)
	}
	steps := []struct {
		name   string
		before time.Time
		n      int
		left   []int64
	}{
		{"nothing uploaded that early", t1, 0, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
		{"the first three", t2, 3, []int64{4, 5, 6, 7, 8, 9, 10}},
		{"a gap in the middle; 4 is quarantined", t3.Add(time.Millisecond), 2, []int64{4, 7, 8, 9, 10}},
		{"again: nothing", t3.Add(time.Hour), 0, []int64{4, 7, 8, 9, 10}},
	}
	for _, s := range steps {
		n, err := db.Prune(ctx, s.before)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if n != s.n || !reflect.DeepEqual(remaining(), s.left) {
			t.Fatalf("%s: pruned %d leaving %v; want %d leaving %v", s.name, n, remaining(), s.n, s.left)
		}
		if err := db.VerifyChain(ctx); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
	}

	// Prune everything but the quarantined row, including the newest: the
	// sequence and the chain still go on from the head.
	if err := db.MarkUploaded(ctx, ids(7, 8, 9, 10), t3); err != nil {
		t.Fatal(err)
	}
	if n, err := db.Prune(ctx, t3.Add(time.Hour)); err != nil || n != 4 {
		t.Fatalf("Prune = %d, %v; want 4", n, err)
	}
	next, err := db.SaveResponse(ctx, sample(11, testStart))
	if err != nil {
		t.Fatal(err)
	}
	if next.Seq != 11 || next.PrevHash != rs[9].Hash {
		t.Errorf("after pruning the newest, next seq %d prev %s; want 11, %s", next.Seq, next.PrevHash, rs[9].Hash)
	}
	if err := db.VerifyChain(ctx); err != nil {
		t.Fatal(err)
	}
	// A row that vanishes without Prune is still noticed.
	execSQL(t, db, "DELETE FROM responses WHERE seq = 4")
	if err := db.VerifyChain(ctx); err == nil {
		t.Error("VerifyChain missed a row deleted behind Prune's back")
	}
}
