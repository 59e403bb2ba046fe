package localdb

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestOldestPending(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if _, ok, err := db.OldestPending(ctx); err != nil || ok {
		t.Fatalf("empty store: ok = %v, err = %v; want false, nil", ok, err)
	}
	rs := saveN(t, db, 4)
	// want is compared with its offset too: the kiosk's local time as saved.
	check := func(step string, wantOK bool, want time.Time) {
		t.Helper()
		at, ok, err := db.OldestPending(ctx)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if ok != wantOK || (ok && at.Format(time.RFC3339Nano) != want.Format(time.RFC3339Nano)) {
			t.Fatalf("%s: OldestPending = %v, %v; want %v, %v", step, at, ok, want, wantOK)
		}
	}
	check("all pending", true, testStart)
	if err := db.MarkUploaded(ctx, []string{rs[0].ID}, testStart); err != nil {
		t.Fatal(err)
	}
	check("first uploaded", true, testStart.Add(time.Second))
	if err := db.Quarantine(ctx, rs[1].ID, "conflict"); err != nil {
		t.Fatal(err)
	}
	check("second quarantined", true, testStart.Add(2*time.Second))
	if err := db.MarkUploaded(ctx, []string{rs[2].ID, rs[3].ID}, testStart); err != nil {
		t.Fatal(err)
	}
	check("none pending", false, time.Time{})
}

func TestPendingAfter(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	rs := saveN(t, db, 8)
	if err := db.MarkUploaded(ctx, []string{rs[3].ID}, testStart); err != nil {
		t.Fatal(err)
	}
	if err := db.Quarantine(ctx, rs[4].ID, "conflict"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		after int64
		limit int
		want  []int64
	}{
		{0, 3, []int64{1, 2, 3}},
		{2, 3, []int64{3, 6, 7}},
		{3, 10, []int64{6, 7, 8}},
		{8, 10, []int64{}},
	} {
		got, err := db.PendingAfter(ctx, tt.after, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(seqsOf(got), tt.want) {
			t.Errorf("PendingAfter(%d, %d) = %v, want %v", tt.after, tt.limit, seqsOf(got), tt.want)
		}
	}
	if _, err := db.PendingAfter(ctx, 0, 0); err == nil {
		t.Error("PendingAfter(0, 0) succeeded")
	}
}

func TestQuarantinedListAndCount(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	rs := saveN(t, db, 6)
	if n, err := db.QuarantinedCount(ctx); err != nil || n != 0 {
		t.Fatalf("QuarantinedCount = %d, %v; want 0", n, err)
	}
	for _, q := range []struct {
		i      int
		reason string
	}{{4, "invalid: hash does not match"}, {1, "conflict"}, {5, "too_large"}} {
		if err := db.Quarantine(ctx, rs[q.i].ID, q.reason); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.Quarantined(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("Quarantined(2) returned %d", len(got))
	}
	if !reflect.DeepEqual(got[0].Response, rs[1]) || got[0].Reason != "conflict" {
		t.Errorf("first = %+v, want seq 2 as saved with reason conflict", got[0])
	}
	if got[1].Seq != 5 || got[1].Reason != "invalid: hash does not match" {
		t.Errorf("second = seq %d %q, want seq 5 invalid", got[1].Seq, got[1].Reason)
	}
	if n, err := db.QuarantinedCount(ctx); err != nil || n != 3 {
		t.Errorf("QuarantinedCount = %d, %v; want 3", n, err)
	}
	if _, err := db.Quarantined(ctx, 0); err == nil {
		t.Error("Quarantined(0) succeeded")
	}
	pending, err := db.Pending(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{1, 3, 4}; !reflect.DeepEqual(seqsOf(pending), want) {
		t.Errorf("pending = %v, want %v", seqsOf(pending), want)
	}
}

func TestMeta(t *testing.T) {
	dir := t.TempDir()
	db := openAt(t, dir)
	ctx := context.Background()
	if v, ok, err := db.Meta(ctx, MetaToken); err != nil || ok || v != "" {
		t.Fatalf("Meta(token) on a new store = %q, %v, %v", v, ok, err)
	}
	steps := []struct{ key, value string }{
		{MetaServerURL, "https://diem.quangninh.gov.vn"},
		{MetaToken, "tok-1"},
		{MetaToken, "tok-2"},
		{MetaConfigJSON, `{"version":"v7","centre":{"name":"Trung tâm Hạ Long"}}`},
		{MetaCAFile, ""},
	}
	for _, s := range steps {
		if err := db.SetMeta(ctx, s.key, s.value); err != nil {
			t.Fatalf("SetMeta(%s): %v", s.key, err)
		}
	}
	kioskID := db.KioskID()
	for _, key := range []string{"kiosk_id", "created_at"} {
		if err := db.SetMeta(ctx, key, "other"); !errors.Is(err, ErrReservedMeta) {
			t.Errorf("SetMeta(%s) = %v, want ErrReservedMeta", key, err)
		}
	}
	for _, key := range []string{"", string(make([]byte, 65))} {
		if err := db.SetMeta(ctx, key, "x"); err == nil {
			t.Errorf("SetMeta(%q) succeeded", key)
		}
	}
	db.Close()

	db = openAt(t, dir)
	want := map[string]string{
		MetaServerURL:  "https://diem.quangninh.gov.vn",
		MetaToken:      "tok-2",
		MetaConfigJSON: `{"version":"v7","centre":{"name":"Trung tâm Hạ Long"}}`,
		MetaCAFile:     "",
		"kiosk_id":     kioskID,
	}
	for key, w := range want {
		v, ok, err := db.Meta(ctx, key)
		if err != nil || !ok || v != w {
			t.Errorf("after reopen Meta(%s) = %q, %v, %v; want %q", key, v, ok, err, w)
		}
	}
	if db.KioskID() != kioskID {
		t.Errorf("kiosk id changed: %s → %s", kioskID, db.KioskID())
	}
}
