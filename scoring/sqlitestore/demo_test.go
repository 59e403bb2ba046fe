package sqlitestore_test

import (
	"context"
	"math"
	"path/filepath"
	"testing"
	"time"

	"hailong/kiosk/scoring"
	"hailong/kiosk/scoring/sqlitestore"
)

// TestDemoMark: a new database is not demo data; a mark is read back
// whole (a seed beyond 2^53 included), survives closing and reopening,
// and a second mark replaces the first.
func TestDemoMark(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	st, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := st.Demo(ctx); err != nil || ok {
		t.Fatalf("new database: Demo = %v, %v; want not demo", ok, err)
	}
	first := scoring.DemoInfo{Seed: math.MaxUint64, Days: 60,
		Until: time.Date(2026, 12, 4, 8, 30, 0, 0, time.UTC), SeededAt: time.Date(2026, 12, 4, 8, 31, 2, 5e6, time.UTC)}
	if err := st.MarkDemo(ctx, first); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if st, err = sqlitestore.Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got, ok, err := st.Demo(ctx); err != nil || !ok || got != first {
		t.Fatalf("after reopening: Demo = %+v, %v, %v; want %+v", got, ok, err, first)
	}
	second := first
	second.Seed, second.Days = 7, 3
	if err := st.MarkDemo(ctx, second); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := st.Demo(ctx); err != nil || !ok || got != second {
		t.Fatalf("after a second mark: Demo = %+v, %v, %v; want %+v", got, ok, err, second)
	}
}
