package localdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"hailong/kiosk/survey"
)

// utcLayout is how the store writes its own timestamps (uploaded_at,
// applied_at): UTC, fixed width, so that text order is time order.
const utcLayout = "2006-01-02T15:04:05.000Z"

// ErrNotFound means no row has the given id.
var ErrNotFound = errors.New("not found")

// SaveResponse gives r its id (a new UUIDv7), the kiosk id, the next seq and
// its place in the hash chain, validates it, and commits it with one fsync.
// It returns the response as stored; only then may the kiosk thank the
// citizen. An empty CreatedAt is set from the clock. A response that fails
// validation is not stored and does not use up a seq.
func (db *DB) SaveResponse(ctx context.Context, r survey.Response) (survey.Response, error) {
	if r.CreatedAt == "" {
		r.CreatedAt = db.clock.Now().Format(survey.TimeLayout)
	}
	if r.Reasons == nil {
		r.Reasons = []string{}
	}
	id, err := uuid.NewV7()
	if err != nil {
		return survey.Response{}, fmt.Errorf("save response: new id: %w", err)
	}
	r.ID = id.String()
	r.KioskID = db.kioskID
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		seq, hash, err := chainHead(ctx, tx)
		if err != nil {
			return err
		}
		r.Seq, r.PrevHash = seq+1, hash
		r.Hash = r.ComputeHash()
		if err := r.Validate(); err != nil {
			return fmt.Errorf("invalid response: %w", err)
		}
		if err := insertResponse(ctx, tx, r); err != nil {
			return err
		}
		return setChainHead(ctx, tx, r.Seq, r.Hash)
	})
	if err != nil {
		return survey.Response{}, fmt.Errorf("save response: %w", err)
	}
	return r, nil
}

func chainHead(ctx context.Context, tx *sql.Tx) (seq int64, hash string, err error) {
	err = tx.QueryRowContext(ctx, "SELECT last_seq, last_hash FROM chain WHERE id = 1").Scan(&seq, &hash)
	if err != nil {
		return 0, "", fmt.Errorf("read chain head: %w", err)
	}
	return seq, hash, nil
}

func setChainHead(ctx context.Context, tx *sql.Tx, seq int64, hash string) error {
	if _, err := tx.ExecContext(ctx,
		"UPDATE chain SET last_seq = ?, last_hash = ? WHERE id = 1", seq, hash); err != nil {
		return fmt.Errorf("advance chain head: %w", err)
	}
	return nil
}

func insertResponse(ctx context.Context, tx *sql.Tx, r survey.Response) error {
	created, err := r.Time()
	if err != nil {
		return fmt.Errorf("created_at: %w", err)
	}
	reasons, err := json.Marshal(r.Reasons)
	if err != nil {
		return fmt.Errorf("encode reasons: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO responses (
		seq, id, kiosk_id, prev_hash, hash, centre_id, counter_id, officer_id,
		scale, raw_value, level, reasons, outcome, filter_reason,
		invitation_id, ticket, dossier_code, lang, created_at, created_ms,
		duration_ms, app_version, config_version
	) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Seq, r.ID, r.KioskID, r.PrevHash, r.Hash, r.CentreID, r.CounterID, r.OfficerID,
		r.Scale, r.RawValue, string(r.Level), string(reasons), string(r.Outcome), r.FilterReason,
		r.InvitationID, r.Ticket, r.DossierCode, r.Lang, r.CreatedAt, created.UnixMilli(),
		r.DurationMS, r.AppVersion, r.ConfigVersion)
	if err != nil {
		return fmt.Errorf("insert response seq %d: %w", r.Seq, err)
	}
	return nil
}

// responseCols lists the columns scanResponse reads, in its order.
const responseCols = `seq, id, kiosk_id, prev_hash, hash, centre_id, counter_id, officer_id,
	scale, raw_value, level, reasons, outcome, filter_reason,
	invitation_id, ticket, dossier_code, lang, created_at,
	duration_ms, app_version, config_version, uploaded_at`

// stored is a response with its upload state.
type stored struct {
	survey.Response
	UploadedAt string // "" while pending
}

type scanner interface{ Scan(dest ...any) error }

func scanResponse(s scanner) (stored, error) {
	var (
		st       stored
		r        = &st.Response
		reasons  string
		uploaded sql.NullString
	)
	err := s.Scan(&r.Seq, &r.ID, &r.KioskID, &r.PrevHash, &r.Hash, &r.CentreID, &r.CounterID, &r.OfficerID,
		&r.Scale, &r.RawValue, &r.Level, &reasons, &r.Outcome, &r.FilterReason,
		&r.InvitationID, &r.Ticket, &r.DossierCode, &r.Lang, &r.CreatedAt,
		&r.DurationMS, &r.AppVersion, &r.ConfigVersion, &uploaded)
	if err != nil {
		return stored{}, fmt.Errorf("scan response: %w", err)
	}
	if err := json.Unmarshal([]byte(reasons), &r.Reasons); err != nil {
		return stored{}, fmt.Errorf("response seq %d: decode reasons: %w", r.Seq, err)
	}
	if r.Reasons == nil {
		r.Reasons = []string{}
	}
	st.UploadedAt = uploaded.String
	return st, nil
}

// eachResponse calls f for every row of query, in the query's order.
func eachResponse(ctx context.Context, tx *sql.Tx, f func(stored) error, query string, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		st, err := scanResponse(rows)
		if err != nil {
			return err
		}
		if err := f(st); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (db *DB) queryResponses(ctx context.Context, query string, args ...any) ([]survey.Response, error) {
	var out []survey.Response
	err := db.withReadTx(ctx, func(tx *sql.Tx) error {
		return eachResponse(ctx, tx, func(st stored) error {
			out = append(out, st.Response)
			return nil
		}, query, args...)
	})
	return out, err
}

// Responses returns the responses created in [from, to), in seq order.
func (db *DB) Responses(ctx context.Context, from, to time.Time) ([]survey.Response, error) {
	rs, err := db.queryResponses(ctx, "SELECT "+responseCols+
		" FROM responses WHERE created_ms >= ? AND created_ms < ? ORDER BY seq",
		from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("responses %s to %s: %w", from.Format(time.RFC3339), to.Format(time.RFC3339), err)
	}
	return rs, nil
}

// Pending returns up to limit responses that the server has not yet
// acknowledged and that are not quarantined, oldest (lowest seq) first.
func (db *DB) Pending(ctx context.Context, limit int) ([]survey.Response, error) {
	if limit < 1 {
		return nil, fmt.Errorf("pending: limit %d is not positive", limit)
	}
	rs, err := db.queryResponses(ctx, "SELECT "+responseCols+
		" FROM responses WHERE uploaded_at IS NULL AND quarantine_reason IS NULL ORDER BY seq LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("pending: %w", err)
	}
	return rs, nil
}

// MarkUploaded records that the server acknowledged (accepted or already
// had) the responses with these ids at at. Marking one twice keeps the first
// time. An unknown id fails the whole call and marks nothing.
func (db *DB) MarkUploaded(ctx context.Context, ids []string, at time.Time) error {
	stamp := at.UTC().Format(utcLayout)
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			var found int
			err := tx.QueryRowContext(ctx,
				"UPDATE responses SET uploaded_at = coalesce(uploaded_at, ?) WHERE id = ? RETURNING 1",
				stamp, id).Scan(&found)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("response %s: %w", id, ErrNotFound)
			}
			if err != nil {
				return fmt.Errorf("response %s: %w", id, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark uploaded: %w", err)
	}
	return nil
}

// Quarantine takes a response the server rejected out of the upload queue,
// keeping it with the reason for the technician. It is never deleted.
func (db *DB) Quarantine(ctx context.Context, id, reason string) error {
	if reason == "" {
		return fmt.Errorf("quarantine %s: empty reason", id)
	}
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		var uploaded sql.NullString
		err := tx.QueryRowContext(ctx, "SELECT uploaded_at FROM responses WHERE id = ?", id).Scan(&uploaded)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if uploaded.Valid {
			return fmt.Errorf("already uploaded at %s", uploaded.String)
		}
		_, err = tx.ExecContext(ctx, "UPDATE responses SET quarantine_reason = ? WHERE id = ?", reason, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("quarantine %s: %w", id, err)
	}
	return nil
}

// Prune deletes the responses the server acknowledged before before, and
// returns how many. Pending and quarantined responses are never deleted. The
// chain head and the count of pruned rows are kept, so the sequence goes on
// and VerifyChain can account for the missing seqs.
func (db *DB) Prune(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM responses
			WHERE uploaded_at IS NOT NULL AND uploaded_at < ? AND quarantine_reason IS NULL`,
			before.UTC().Format(utcLayout))
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE chain SET pruned = pruned + ? WHERE id = 1", n)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune before %s: %w", before.Format(time.RFC3339), err)
	}
	return int(n), nil
}
