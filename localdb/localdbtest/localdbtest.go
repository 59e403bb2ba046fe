// Package localdbtest fills a kiosk store with a backlog for tests and
// benchmarks: valid, chained, pending responses written in one transaction
// without fsync, in a second or two where as many durable saves would take
// minutes. It is test support: nothing in production imports it.
package localdbtest

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"
	_ "github.com/mattn/go-sqlite3" // the fixture writer

	"hailong/kiosk/internal/sqlitedurable"
	"hailong/kiosk/localdb"
	"hailong/kiosk/survey"
)

// Backlog appends n pending responses to the kiosk store in dir (made if
// needed), continuing its hash chain, and returns the kiosk's id. Each is
// tmpl with its own id, seq, hashes and creation time (start, then every
// apart), and a rating that cycles through tmpl's scale. The store is
// closed when Backlog returns, its WAL checkpointed into the file, so the
// file can be copied as it is.
func Backlog(tb testing.TB, dir string, n int, tmpl survey.Response, start time.Time, every time.Duration) string {
	tb.Helper()
	db, err := localdb.Open(dir) // the schema, migrated, and the kiosk's id
	if err != nil {
		tb.Fatal(err)
	}
	kiosk := db.KioskID()
	if err := db.Close(); err != nil {
		tb.Fatal(err)
	}
	scale, err := survey.NewScale(tmpl.Scale)
	if err != nil {
		tb.Fatal(err)
	}

	raw, err := sql.Open("sqlite3", sqlitedurable.URI(filepath.Join(dir, localdb.FileName), "_journal_mode=WAL&_synchronous=OFF"))
	if err != nil {
		tb.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	tx, err := raw.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	var seq int64
	var prev string
	if err := tx.QueryRow("SELECT last_seq, last_hash FROM chain WHERE id = 1").Scan(&seq, &prev); err != nil {
		tb.Fatal(err)
	}
	// The outbox trigger of migration 0002 makes each row pending.
	stmt, err := tx.Prepare(`INSERT INTO responses (seq, id, kiosk_id, prev_hash, hash, centre_id, counter_id,
		officer_id, scale, raw_value, level, reasons, outcome, filter_reason, invitation_id, ticket, dossier_code,
		lang, created_at, created_ms, duration_ms, app_version, config_version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	defer stmt.Close()
	for i := range n {
		at := start.Add(time.Duration(i) * every)
		id, err := uuid.NewV7()
		if err != nil {
			tb.Fatal(err)
		}
		seq++
		r := tmpl
		r.ID, r.KioskID, r.Seq, r.PrevHash = id.String(), kiosk, seq, prev
		r.CreatedAt = at.Format(survey.TimeLayout)
		r.DurationMS = 1000 + int64(i%4000)
		r.RawValue = scale.Choices[i%len(scale.Choices)].Raw
		if r.Level, err = scale.Level(r.RawValue); err != nil {
			tb.Fatal(err)
		}
		r.Reasons = []string{}
		if r.Level == survey.Dissatisfied {
			r.Reasons = []string{"wait", "rude"}
		}
		r.Hash = r.ComputeHash()
		if err := r.Validate(); err != nil {
			tb.Fatalf("backlog response %d: %v", i, err)
		}
		prev = r.Hash
		reasons, err := json.Marshal(r.Reasons)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := stmt.Exec(r.Seq, r.ID, r.KioskID, r.PrevHash, r.Hash, r.CentreID, r.CounterID, r.OfficerID,
			r.Scale, r.RawValue, string(r.Level), string(reasons), string(r.Outcome), r.FilterReason,
			r.InvitationID, r.Ticket, r.DossierCode, r.Lang, r.CreatedAt, at.UnixMilli(), r.DurationMS,
			r.AppVersion, r.ConfigVersion); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := tx.Exec("UPDATE chain SET last_seq = ?, last_hash = ? WHERE id = 1", seq, prev); err != nil {
		tb.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	if _, err := raw.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		tb.Fatal(err)
	}
	return kiosk
}

// OpenCopy writes file, a store's kiosk.db as Backlog leaves it, into a new
// temporary directory and opens it there, so that each round of a
// benchmark starts from the same backlog. The caller closes it.
func OpenCopy(tb testing.TB, file []byte) *localdb.DB {
	tb.Helper()
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, localdb.FileName), file, 0o600); err != nil {
		tb.Fatal(err)
	}
	db, err := localdb.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return db
}
