// Package yearfixture makes the database of issue 10's page benchmarks:
// one year of the demo's centres grown to 50 kiosks, about 5 million
// responses, seeded by demodata through the SQLite store's own roles, so
// that the responses, their hash chains and every rollup are what real
// uploads leave. It is test support: nothing in production imports it.
//
// Seeding takes minutes, so the database is made once and kept in the
// temporary directory (or HAILONG_BENCH_DIR) under a name that carries
// Version; each benchmark works on its own copy.
package yearfixture

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hailong/kiosk/scoring/demodata"
	"hailong/kiosk/scoring/sqlitestore"
)

// Version names the fixture's content: change it whenever demodata, the
// world below or the seeding changes, so that a kept copy is made again.
const Version = "v2"

// The fixture's shape: Kiosks counters with Rate times the demo's load
// (about 272 ratings a counter a day), Days days up to Now.
const (
	Kiosks = 50
	Rate   = 9.0
	Days   = 365
)

// Now is the end of the data and the pages' clock: a Friday afternoon.
var Now = time.Date(2026, 12, 4, 16, 0, 0, 0, demodata.Zone)

// Copy returns the path of a fresh copy of the fixture in tb's temporary
// directory, making the kept fixture first when there is none.
func Copy(tb testing.TB) string {
	tb.Helper()
	kept, err := kept(tb)
	if err != nil {
		tb.Fatal(err)
	}
	dst := filepath.Join(tb.TempDir(), "year.db")
	if err := copyFile(kept, dst); err != nil {
		tb.Fatal(err)
	}
	return dst
}

// kept returns the path of the kept fixture, seeding it when missing.
func kept(tb testing.TB) (string, error) {
	dir := os.Getenv("HAILONG_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, "hailong-year-"+Version+".db")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tb.Logf("seeding %s (one year of %d kiosks; takes minutes, once)", path, Kiosks)
	start := time.Now()
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	defer os.Remove(tmp)
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, tmp)
	if err != nil {
		return "", fmt.Errorf("year fixture: %w", err)
	}
	sum, err := demodata.Seed(ctx, st, demodata.Options{Days: Days, Seed: 1, Now: Now,
		World: demodata.LargeWorld(Kiosks, Rate)}, Now)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("year fixture: %w", err)
	}
	tb.Logf("seeded %d responses (%d stored) at %d kiosks in %s", sum.Responses, sum.Stored, sum.Kiosks, time.Since(start).Round(time.Second))
	return path, os.Rename(tmp, path)
}

// copyFile copies src to dst (the store is closed: its WAL is folded in).
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("year fixture: %w", err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return fmt.Errorf("year fixture: %w", err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("year fixture: copy: %w", err)
	}
	return out.Close()
}
