package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"hailong/kiosk/scoring"
)

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("dry run")

// Prune deletes, kiosk by kiosk, the prefix of each chain created before
// o.Before (see scoring.PruneOptions), each kiosk in a write transaction of
// its own so that ingest waits for one kiosk at most. A kiosk whose chain
// does not verify is skipped: pruning would destroy the evidence. The
// append-only trigger lets the DELETE through only while the gate is open,
// which it is only inside this transaction.
func (s *Store) Prune(ctx context.Context, o scoring.PruneOptions) ([]scoring.PruneResult, error) {
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	var kiosks []string
	err := s.read(ctx, func(tx *sql.Tx) error {
		q, args := "SELECT id FROM kiosks ORDER BY id", []any(nil)
		if o.KioskID != "" {
			q, args = "SELECT id FROM kiosks WHERE id = ?", []any{o.KioskID}
		}
		var err error
		kiosks, err = strs(ctx, tx, q, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("prune: %w", err)
	}
	if o.KioskID != "" && len(kiosks) == 0 {
		return nil, fmt.Errorf("prune: kiosk %s: %w", o.KioskID, scoring.ErrNotFound)
	}
	var out []scoring.PruneResult
	for _, id := range kiosks {
		var res scoring.PruneResult
		err := s.write(ctx, func(tx *sql.Tx) error {
			var err error
			if res, err = pruneKiosk(ctx, tx, id, o, now); err != nil {
				return err
			}
			if o.DryRun {
				return errDryRun
			}
			return nil
		})
		if err != nil && !errors.Is(err, errDryRun) {
			return out, fmt.Errorf("prune kiosk %s: %w", id, err)
		}
		out = append(out, res)
	}
	return out, nil
}

// pruneKiosk prunes one kiosk inside tx.
func pruneKiosk(ctx context.Context, tx *sql.Tx, id string, o scoring.PruneOptions, now time.Time) (scoring.PruneResult, error) {
	res := scoring.PruneResult{KioskID: id}
	v, err := verifyKiosk(ctx, tx, id, true, 0)
	if err != nil {
		return res, err
	}
	if n := len(v.problems); n > 0 {
		res.Skipped = fmt.Sprintf("its chain has %d problem(s): run scoring-server verify --kiosk %s", n, id)
		return res, nil
	}
	ref := v.ref
	var contig int64
	var first sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT contig_seq FROM kiosks WHERE no = ?", ref.no).Scan(&contig); err != nil {
		return res, err
	}
	if err := tx.QueryRowContext(ctx, "SELECT min(seq) FROM responses WHERE kiosk_no = ? AND created_ms >= ?",
		ref.no, ms(o.Before)).Scan(&first); err != nil {
		return res, err
	}
	to := contig
	if first.Valid && first.Int64-1 < to {
		to = first.Int64 - 1
	}
	if to <= ref.cpSeq {
		res.Skipped = "nothing older than --before below its first missing seq"
		return res, nil
	}
	var hash []byte
	if err := tx.QueryRowContext(ctx, "SELECT hash FROM responses WHERE kiosk_no = ? AND seq = ? ORDER BY rowid LIMIT 1",
		ref.no, to).Scan(&hash); err != nil {
		return res, fmt.Errorf("read seq %d: %w", to, err)
	}
	res.FromSeq, res.ToSeq, res.ToHash = ref.cpSeq+1, to, hashString(hash)
	// The rollups count exactly the stored responses: what is deleted is
	// subtracted from them in this transaction (rollup_rebuild.go).
	gone := newRollupAcc()
	if err := gone.loadZones(ctx, tx); err != nil {
		return res, err
	}
	if _, err := countStored(ctx, tx, gone, "kiosk_no = ? AND seq <= ?", []any{ref.no, to}, -1); err != nil {
		return res, err
	}
	if err := gone.flush(ctx, tx); err != nil {
		return res, err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE append_only_gate SET open = 1 WHERE id = 1"); err != nil {
		return res, err
	}
	r, err := tx.ExecContext(ctx, "DELETE FROM responses WHERE kiosk_no = ? AND seq <= ?", ref.no, to)
	if err != nil {
		return res, err
	}
	if res.Rows, err = r.RowsAffected(); err != nil {
		return res, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO chain_checkpoints (kiosk_no, seq, hash, rows, pruned_ms) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (kiosk_no) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, rows = excluded.rows, pruned_ms = excluded.pruned_ms`,
		ref.no, to, hash, ref.cpRows+res.Rows, ms(now)); err != nil {
		return res, err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE append_only_gate SET open = 0 WHERE id = 1"); err != nil {
		return res, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO prunes (kiosk_no, kiosk_id, before_ms, from_seq, to_seq, to_hash, rows, pruned_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ref.no, id, ms(o.Before), res.FromSeq, to, hash, res.Rows, ms(now))
	return res, err
}
