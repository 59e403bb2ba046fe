package localdb

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

// TestAcknowledgeMatchesMarkUploaded runs MarkUploaded's cases through
// Acknowledge, on two stores, and compares the rows.
func TestAcknowledgeMatchesMarkUploaded(t *testing.T) {
	ctx := context.Background()
	a, b := openTest(t), openTest(t)
	ra, rb := saveN(t, a, 8), saveN(t, b, 8)
	t1, t2 := testStart.Add(time.Hour), testStart.Add(2*time.Hour)
	steps := []struct {
		name    string
		idx     []int
		unknown bool
		at      time.Time
	}{
		{"first three", []int{0, 1, 2}, false, t1},
		{"one again keeps the first time", []int{1, 3}, false, t2},
		{"the same id twice in one call", []int{4, 4}, false, t1},
		{"an unknown id marks nothing", []int{5, 6}, true, t1},
		{"none", nil, false, t1},
		{"the rest", []int{7, 6, 5}, false, t2},
	}
	for _, s := range steps {
		var ia, ib []string
		for _, i := range s.idx {
			ia, ib = append(ia, ra[i].ID), append(ib, rb[i].ID)
		}
		if s.unknown {
			ia, ib = append(ia, "0197ffff-0000-7000-8000-000000000000"), append(ib, "0197ffff-0000-7000-8000-000000000000")
		}
		errA := a.MarkUploaded(ctx, ia, s.at)
		errB := b.Acknowledge(ctx, ib, s.at)
		if s.unknown {
			if !errors.Is(errA, ErrNotFound) || !errors.Is(errB, ErrNotFound) {
				t.Fatalf("%s: MarkUploaded %v, Acknowledge %v; want ErrNotFound", s.name, errA, errB)
			}
		} else if errA != nil || errB != nil {
			t.Fatalf("%s: MarkUploaded %v, Acknowledge %v", s.name, errA, errB)
		}
		if ua, ub := uploadedAt(t, a), uploadedAt(t, b); !reflect.DeepEqual(ua, ub) {
			t.Fatalf("%s: uploaded_at differ:\nMarkUploaded %v\nAcknowledge  %v", s.name, ua, ub)
		}
	}
	if got := uploadedAt(t, b); got[1] != "2025-06-10T03:30:00.000Z" || got[3] != "2025-06-10T04:30:00.000Z" || len(got) != 8 {
		t.Errorf("uploaded_at by seq = %v", got)
	}
}

// uploadedAt maps each acknowledged row, by its index in the saved slice
// (seq - 1), to its uploaded_at.
func uploadedAt(t *testing.T, db *DB) map[int64]string {
	t.Helper()
	rows, err := db.sql.Query("SELECT seq, uploaded_at FROM uploads")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var seq int64
		var at string
		if err := rows.Scan(&seq, &at); err != nil {
			t.Fatal(err)
		}
		out[seq-1] = at
	}
	return out
}
