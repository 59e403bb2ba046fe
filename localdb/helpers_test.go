package localdb

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hailong/kiosk/survey"
)

// ict is the kiosk's zone in tests (Asia/Ho_Chi_Minh has no DST; a fixed
// zone avoids depending on tzdata).
var ict = time.FixedZone("ICT", 7*3600)

// testStart is a Tuesday morning at the counter.
var testStart = time.Date(2025, 6, 10, 9, 30, 0, 0, ict)

// withMigrations replaces the embedded migrations.
func withMigrations(ms []migration) Option {
	return func(o *options) { o.migrations = ms }
}

// withDSNParams replaces the DSN query.
func withDSNParams(p string) Option {
	return func(o *options) { o.dsnParams = p }
}

// openTest opens a store in a new temporary directory, closed at cleanup.
func openTest(t testing.TB, opts ...Option) *DB {
	t.Helper()
	return openAt(t, t.TempDir(), opts...)
}

// openAt opens a store in dir, closed at cleanup (a second Close is harmless).
func openAt(t testing.TB, dir string, opts ...Option) *DB {
	t.Helper()
	db, err := Open(dir, opts...)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// sample is a valid response as the screens hand it over, before the store
// assigns id, kiosk_id, seq and hashes.
func sample(i int, at time.Time) survey.Response {
	r := survey.Response{
		CentreID:      "qn-halong",
		CounterID:     "quay-07",
		OfficerID:     "cb-0042",
		Scale:         survey.ScaleLegal3,
		RawValue:      3,
		Level:         survey.VerySatisfied,
		Outcome:       survey.OutcomeSubmitted,
		Lang:          "vi",
		CreatedAt:     at.Format(survey.TimeLayout),
		DurationMS:    int64(1200 + i%5000),
		AppVersion:    "0.1.0",
		ConfigVersion: "cfg-2025-06-01",
	}
	if i%3 == 1 {
		r.RawValue, r.Level = 1, survey.Dissatisfied
		r.Reasons = []string{"Thái độ chưa lịch sự", "Thời gian chờ lâu"}
	}
	return r
}

// saveN saves n sample responses a second apart from testStart.
func saveN(t testing.TB, db *DB, n int) []survey.Response {
	t.Helper()
	out := make([]survey.Response, 0, n)
	for i := range n {
		r, err := db.SaveResponse(context.Background(), sample(i, testStart.Add(time.Duration(i)*time.Second)))
		if err != nil {
			t.Fatalf("SaveResponse #%d: %v", i, err)
		}
		out = append(out, r)
	}
	return out
}

// count returns the result of a count query run directly on the store.
func count(t testing.TB, db *DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.sql.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// execSQL runs a statement directly on the store, as tampering or a test
// fixture would.
func execSQL(t testing.TB, db *DB, query string, args ...any) {
	t.Helper()
	if _, err := db.sql.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// copyDB copies the closed store in dir (its WAL checkpointed away by Close)
// to a new temporary directory and returns that directory.
func copyDB(t testing.TB, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	if err := os.WriteFile(filepath.Join(dst, FileName), b, 0o600); err != nil {
		t.Fatal(err)
	}
	return dst
}
