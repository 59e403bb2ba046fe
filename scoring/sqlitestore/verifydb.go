package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"time"

	"hailong/kiosk/scoring"
)

// What verification checks of the database as a whole (the append-only
// triggers, the prune gate, rows of no kiosk), and how it records what it
// found.

// verifyDatabase checks what concerns no single kiosk: that the
// append-only triggers are there as the migrations wrote them and the gate
// is closed, and (full) that no row belongs to an unknown kiosk.
func verifyDatabase(ctx context.Context, q querier, full bool) ([]scoring.ChainProblem, error) {
	var out []scoring.ChainProblem
	add := func(kind, detail string) {
		id := ""
		if kind == scoring.ProblemInserted {
			id = "?"
		}
		out = append(out, scoring.ChainProblem{KioskID: id, Kind: kind, Detail: detail})
	}
	want, err := wantTriggers()
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
	if err != nil {
		return nil, fmt.Errorf("read triggers: %w", err)
	}
	defer rows.Close()
	have := map[string]string{}
	for rows.Next() {
		var name string
		var text sql.NullString
		if err := rows.Scan(&name, &text); err != nil {
			return nil, fmt.Errorf("read triggers: %w", err)
		}
		have[name] = text.String
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read triggers: %w", err)
	}
	names := make([]string, 0, len(want))
	for n := range want {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		switch got, ok := have[n]; {
		case !ok:
			add(scoring.ProblemUnprotected, fmt.Sprintf("trigger %s is missing", n))
		case normalSQL(got) != normalSQL(want[n]):
			add(scoring.ProblemUnprotected, fmt.Sprintf("trigger %s is not as the migrations wrote it", n))
		}
	}
	var open sql.NullInt64
	err = q.QueryRowContext(ctx, "SELECT open FROM append_only_gate WHERE id = 1").Scan(&open)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		add(scoring.ProblemUnprotected, "the append-only gate row is missing")
	case err != nil:
		add(scoring.ProblemUnprotected, fmt.Sprintf("the append-only gate cannot be read: %v", err))
	case open.Int64 != 0:
		add(scoring.ProblemUnprotected, "the append-only gate is open outside a prune")
	}
	if full {
		var n int64
		if err := q.QueryRowContext(ctx, "SELECT count(*) FROM responses WHERE kiosk_no NOT IN (SELECT no FROM kiosks)").Scan(&n); err != nil {
			return nil, fmt.Errorf("count rows of unknown kiosks: %w", err)
		}
		if n > 0 {
			add(scoring.ProblemInserted, fmt.Sprintf("%d rows belong to no enrolled kiosk", n))
		}
	}
	return out, nil
}

// triggerRe finds the triggers the migrations create and drop.
var (
	createTriggerRe = regexp.MustCompile(`(?is)CREATE TRIGGER (?:IF NOT EXISTS )?(\w+)\s.*?\nEND`)
	dropTriggerRe   = regexp.MustCompile(`(?i)DROP TRIGGER (?:IF EXISTS )?(\w+)`)
)

// wantTriggers returns each trigger the migrations leave, by name, with
// the statement that created it (as sqlite_master keeps it).
func wantTriggers() (map[string]string, error) {
	files, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	want := map[string]string{}
	for _, f := range files {
		b, err := migrationFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, m := range dropTriggerRe.FindAllStringSubmatch(string(b), -1) {
			delete(want, m[1])
		}
		for _, m := range createTriggerRe.FindAllStringSubmatch(string(b), -1) {
			want[m[1]] = m[0]
		}
	}
	return want, nil
}

// normalSQL folds whitespace, so that only a change of words counts.
func normalSQL(s string) string { return strings.Join(strings.Fields(s), " ") }

// recordKiosk writes a kiosk's findings and its new verified point.
func recordKiosk(ctx context.Context, tx *sql.Tx, r kioskResult, now time.Time) error {
	if r.full {
		if _, err := tx.ExecContext(ctx, "DELETE FROM chain_problems WHERE kiosk_no = ?", r.ref.no); err != nil {
			return err
		}
	}
	if err := insertProblems(ctx, tx, r.ref.no, r.problems, now); err != nil {
		return err
	}
	if r.lastSeq == 0 {
		return nil
	}
	h, err := hashBytes(r.lastHash)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO chain_verified (kiosk_no, seq, hash, verified_ms) VALUES (?, ?, ?, ?)
		ON CONFLICT (kiosk_no) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, verified_ms = excluded.verified_ms`,
		r.ref.no, r.lastSeq, h, ms(now))
	return err
}

// recordDatabase writes the findings that concern no single kiosk.
func recordDatabase(ctx context.Context, tx *sql.Tx, ps []scoring.ChainProblem, full bool, now time.Time) error {
	var unprot, unknown []scoring.ChainProblem
	for _, p := range ps {
		if p.Kind == scoring.ProblemUnprotected {
			unprot = append(unprot, p)
		} else {
			unknown = append(unknown, p)
		}
	}
	if full {
		if _, err := tx.ExecContext(ctx, "DELETE FROM chain_problems WHERE kiosk_no IN (?, ?)", problemsDatabase, problemsUnknown); err != nil {
			return err
		}
		if err := insertProblems(ctx, tx, problemsUnknown, unknown, now); err != nil {
			return err
		}
	}
	return insertProblems(ctx, tx, problemsDatabase, unprot, now)
}

func insertProblems(ctx context.Context, tx *sql.Tx, kioskNo int64, ps []scoring.ChainProblem, now time.Time) error {
	for _, p := range ps {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO chain_problems
			(kiosk_no, kind, seq, to_seq, response_id, detail, found_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			kioskNo, p.Kind, p.Seq, p.ToSeq, p.ResponseID, p.Detail, ms(now)); err != nil {
			return fmt.Errorf("record problem: %w", err)
		}
	}
	return nil
}
