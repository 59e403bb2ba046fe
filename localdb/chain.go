package localdb

import (
	"context"
	"database/sql"
	"fmt"

	"hailong/kiosk/survey"
)

// verifyBatch bounds how many responses VerifyChain holds at once.
const verifyBatch = 1000

// VerifyChain checks the stored responses against the hash chain: every
// hash matches its content, each prev_hash is its predecessor's hash, all
// carry this kiosk's id, the last stored response is the chain head, and
// as many seqs are missing between 1 and the head as Prune deleted. A run of
// responses after a pruned gap is checked from its own stored prev_hash; a
// run that starts at seq 1 must start from survey.GenesisHash.
func (db *DB) VerifyChain(ctx context.Context) error {
	err := db.withReadTx(ctx, func(tx *sql.Tx) error {
		var headSeq, pruned int64
		var headHash string
		if err := tx.QueryRowContext(ctx,
			"SELECT last_seq, last_hash, pruned FROM chain WHERE id = 1").Scan(&headSeq, &headHash, &pruned); err != nil {
			return fmt.Errorf("read chain head: %w", err)
		}
		v := chainVerifier{kioskID: db.kioskID}
		if err := eachResponse(ctx, tx, v.add, "SELECT "+responseCols+responsesFrom+" ORDER BY r.seq"); err != nil {
			return err
		}
		if err := v.flush(); err != nil {
			return err
		}
		switch {
		case v.count > 0 && v.last.Seq > headSeq:
			return fmt.Errorf("seq %d is past the chain head %d", v.last.Seq, headSeq)
		case v.count > 0 && v.last.Seq == headSeq && v.last.Hash != headHash:
			return fmt.Errorf("seq %d: hash differs from the chain head", headSeq)
		case headSeq-v.count != pruned:
			return fmt.Errorf("%d of %d responses are missing but %d were pruned", headSeq-v.count, headSeq, pruned)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("verify chain: %w", err)
	}
	return nil
}

// chainVerifier checks responses fed in seq order, in runs of consecutive
// seqs, a batch at a time.
type chainVerifier struct {
	kioskID string
	run     []survey.Response // unchecked part of the current run
	first   string            // prev_hash expected of run[0]
	last    survey.Response   // the last response fed
	count   int64
}

func (v *chainVerifier) add(st stored) error {
	r := st.Response
	if r.KioskID != v.kioskID {
		return fmt.Errorf("seq %d: kiosk_id %q is not this kiosk's %q", r.Seq, r.KioskID, v.kioskID)
	}
	switch {
	case v.count == 0 || r.Seq != v.last.Seq+1: // a new run
		if err := v.flush(); err != nil {
			return err
		}
		v.first = r.PrevHash
		if r.Seq == 1 {
			v.first = survey.GenesisHash
		}
	case len(v.run) >= verifyBatch: // same run, next batch
		if err := v.flush(); err != nil {
			return err
		}
		v.first = v.last.Hash
	}
	v.run = append(v.run, r)
	v.last = r
	v.count++
	return nil
}

func (v *chainVerifier) flush() error {
	if len(v.run) == 0 {
		return nil
	}
	if err := survey.VerifyChain(v.run, v.first); err != nil {
		return err
	}
	v.run = v.run[:0]
	return nil
}
